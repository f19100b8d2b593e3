"""The headline measures of the municipalities that share, side by side (issue 25 §4).

Nothing is computed here that the effects dashboard does not compute: each municipality's
figures are its dashboard's published figures (metrics.snapshots.dashboard_figures, the same
measure functions and the same disclosure rules) for one scope of its protected family — the
whole municipality, one calendar year or one principle. A year and a principle together is not
a scope of the family (its counts of persons are not protected with the others'), so it is
refused, as the dashboard refuses it.

The year is the dashboard's year scope: 1 January to 31 December, UTC. Inputs count in the year
they were submitted (closure, time to answer, yield, stalled), participants and
representativeness by what they did that year, promise kept by the challenges concluded that
year.

A municipality whose participants the dashboard hides in that scope (fewer than 5, or hidden so
that a small group cannot be worked out) shows no figure at all. Shares are rounded to whole
per cent and medians of days to one decimal, as the dashboard prints them; representativeness
is the R the dashboard publishes (two decimals, one where a group is hidden).
"""

import functools
import statistics
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import func, select

from ..challenges.models import Challenge, Phase
from ..extensions import db
from ..generation_cache import for_key
from ..ideas.models import Idea
from ..metrics.models import MetricsSnapshot
from ..metrics.publication import publish
from ..metrics.scope import Scope, month_of
from ..metrics.snapshots import FAMILY, FiguresPending, dashboard_figures, latest_snapshot
from ..municipalities.models import Municipality
from ..page_generations import SITE, PageGeneration

T = TypeVar("T")

# (key, label) of the size bands by population (SSB's usual bands).
BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("under-5000", 0, 4_999),
    ("5000-19999", 5_000, 19_999),
    ("20000-49999", 20_000, 49_999),
    ("50000-99999", 50_000, 99_999),
    ("100000-", 100_000, None),
)
UNKNOWN_BAND = "ukjent"
INDICATORS = (
    "closure",
    "median_days",
    "yield",
    "promise_kept",
    "representativeness",
    "stalled",
)
SHARE_DIGITS = 3  # per cent with one decimal, as the dashboard prints shares
DAYS_DIGITS = 1
MIN_BAND = 3  # no band median from fewer municipalities with a figure


def size_band(population: int | None) -> str:
    """The municipality's size band by population; «ukjent» when no population is known."""
    if population is None:
        return UNKNOWN_BAND
    for key, low, high in BANDS:
        if population >= low and (high is None or population <= high):
            return key
    return UNKNOWN_BAND


@dataclass(frozen=True)
class Row:
    """One municipality's published headline measures in one scope (None: no figure)."""

    municipality_id: int
    slug: str
    name: str
    number: str
    population: int | None
    band: str
    year: int | None
    principle_id: int | None
    suppressed: bool  # the dashboard hides its participants here: no figure at all
    closure: float | None
    median_days: float | None
    yield_: float | None
    promise_kept: float | None
    representativeness: float | None
    stalled: float | None

    def value(self, indicator: str) -> float | None:
        return getattr(self, "yield_" if indicator == "yield" else indicator)


def _rounded(value: Any, digits: int) -> float | None:
    return None if value is None else round(float(value), digits)


def headline(published: dict[str, Any]) -> tuple[bool, dict[str, float | None]]:
    """(suppressed, the six indicators) from a scope's published dashboard figures."""
    suppressed = published["participants"]["participants"] is None
    if suppressed:
        return True, dict.fromkeys(INDICATORS)
    first: dict[str, Any] = next(
        (row for row in published["time_to_answer"] if row["target"] == "first_answer"), {}
    )
    return False, {
        "closure": _rounded(published["closure"]["closure"], SHARE_DIGITS),
        "median_days": _rounded(first.get("median_days"), DAYS_DIGITS),
        "yield": _rounded(published["funnel"]["yield_"], SHARE_DIGITS),
        "promise_kept": _rounded(published["promise_kept"]["share"], SHARE_DIGITS),
        "representativeness": published["representativeness"]["web"]["lowest_r"],
        "stalled": _rounded(published["stalled"]["share"], SHARE_DIGITS),
    }


def scope_for(municipality_id: int, year: int | None, principle_id: int | None) -> Scope:
    """The family scope of the comparison: the whole municipality, a calendar year or a
    principle (never both: ValueError)."""
    if year is not None and principle_id is not None:
        raise ValueError("a year and a principle together are not a protected scope")
    if year is not None:
        return Scope(municipality_id, start=date(year, 1, 1), end=date(year, 12, 31))
    return Scope(municipality_id, principle_id=principle_id)


def sharing_municipalities() -> list[Municipality]:
    """The municipalities (kommuner and fylkeskommuner) that share, by name."""
    return list(
        db.session.scalars(
            select(Municipality)
            .where(Municipality.shares_with_others.is_(True))
            .order_by(Municipality.name)
        )
    )


def row_for(municipality: Municipality, year: int | None, principle_id: int | None) -> Row:
    """One municipality's row (its published figures for the scope)."""
    published = dashboard_figures(scope_for(municipality.id, year, principle_id))
    return _row(municipality, year, principle_id, published)


def _row(
    municipality: Municipality,
    year: int | None,
    principle_id: int | None,
    published: dict[str, Any],
) -> Row:
    suppressed, values = headline(published)
    return Row(
        municipality.id,
        municipality.slug,
        municipality.name,
        municipality.number,
        municipality.population,
        size_band(municipality.population),
        year,
        principle_id,
        suppressed,
        values["closure"],
        values["median_days"],
        values["yield"],
        values["promise_kept"],
        values["representativeness"],
        values["stalled"],
    )


def comparison(year: int | None = None, principle_id: int | None = None) -> tuple[Row, ...]:
    """Every sharing municipality's row for the scope. Each row is kept until something of its
    own municipality changes (a write declared there or site-wide, or a new metrics snapshot), so
    a write in one municipality computes only that one again."""
    stamps = _stamps()
    rows = []
    for municipality in sharing_municipalities():
        try:
            rows.append(_kept_row(municipality, year, principle_id, stamps))
        except FiguresPending:  # a large municipality whose first snapshot the job computes
            continue
    return tuple(rows)


def _peer_row(
    municipality: Municipality, stamps: Callable[[int], tuple[int, int, str]]
) -> Row | None:
    """A band peer's whole-period row from its stored snapshot, or None while it has none: an
    administrator's dashboard never works out, or asks a refresh of, another municipality's
    figures (with snapshots off, only a snapshot stored by `flask metrics warm` counts)."""
    key = ("comparison-peer", municipality.id, stamps(municipality.id))

    def load() -> Row | None:
        snapshot = latest_snapshot(municipality.id)
        if snapshot is None:
            return None
        published = publish(snapshot.data, Scope(municipality.id), snapshot.data[FAMILY])
        return _row(municipality, None, None, published)

    return kept(key, load)


def _kept_row(
    municipality: Municipality,
    year: int | None,
    principle_id: int | None,
    stamps: Callable[[int], tuple[int, int, str]],
) -> Row:
    key = ("comparison-row", municipality.id, year, principle_id, stamps(municipality.id))
    return kept(key, functools.partial(row_for, municipality, year, principle_id))


def years() -> list[int]:
    """Calendar years (UTC) with inputs in a sharing municipality, newest first."""
    months = db.session.scalars(
        select(month_of(Idea.created_at))
        .join(Challenge, Challenge.id == Idea.challenge_id)
        .join(Municipality, Municipality.id == Challenge.municipality_id)
        .where(
            Municipality.shares_with_others.is_(True),
            Challenge.phase != Phase.draft,
        )
        .distinct()
    )
    return sorted({int(month[:4]) for month in months if month}, reverse=True)


def municipality_years(municipality_id: int) -> list[int]:
    """Calendar years (UTC) with inputs in the municipality, oldest first."""
    months = db.session.scalars(
        select(month_of(Idea.created_at))
        .join(Challenge, Challenge.id == Idea.challenge_id)
        .where(Challenge.municipality_id == municipality_id, Challenge.phase != Phase.draft)
        .distinct()
    )
    return sorted({int(month[:4]) for month in months if month})


@dataclass(frozen=True)
class Standing:
    """Where one municipality stands on one indicator against its size band's sharing
    municipalities (the whole period)."""

    indicator: str
    own: float | None
    median: float | None  # None when fewer than MIN_BAND in the band have a figure
    municipalities: int  # sharing municipalities of the band with a figure


def standing(municipality: Municipality) -> tuple[str, list[Standing]]:
    """The municipality's size band and, per indicator, its figure, the band's median and how
    many sharing municipalities of the band have a figure (the municipality among them if it
    shares)."""
    band = size_band(municipality.population)
    stamps = _stamps()
    # Only the band's own municipalities are worked out (none for an unknown size).
    own_row = _kept_row(municipality, None, None, stamps)
    peers = [own_row] if municipality.shares_with_others and band != UNKNOWN_BAND else []
    for peer in sharing_municipalities():
        if band == UNKNOWN_BAND or peer.id == municipality.id:
            continue
        if size_band(peer.population) == band and (row := _peer_row(peer, stamps)) is not None:
            peers.append(row)
    result = []
    for indicator in INDICATORS:
        values = [row.value(indicator) for row in peers]
        figures = [value for value in values if value is not None]
        median = statistics.median(figures) if len(figures) >= MIN_BAND else None
        result.append(Standing(indicator, own_row.value(indicator), median, len(figures)))
    return band, result


# --- kept per municipality --------------------------------------------------------------------
# generation_cache.for_generation keys a value by the request's page generation, which on a page
# under /k/<slug>/ (the dashboard) moves with that one municipality only, and on /sammenlign with
# every write anywhere; a row is instead kept (for_key) under its own municipality's generation
# (and the site's) and its newest snapshot, read for all municipalities in two small queries.


def _stamps() -> Callable[[int], tuple[int, int, str]]:
    generations = {
        int(row.scope): int(row.generation)
        for row in db.session.execute(select(PageGeneration.scope, PageGeneration.generation))
    }
    snapshots = {
        int(row.municipality_id): row.computed_at
        for row in db.session.execute(
            select(
                MetricsSnapshot.municipality_id,
                func.max(MetricsSnapshot.computed_at).label("computed_at"),
            ).group_by(MetricsSnapshot.municipality_id)
        )
    }

    def stamp(municipality_id: int) -> tuple[int, int, str]:
        return (
            generations.get(SITE, 0),
            generations.get(municipality_id, 0),
            str(snapshots.get(municipality_id)),
        )

    return stamp


def kept(key: Hashable, load: Callable[[], T]) -> T:
    """load()'s value, kept in this process under `key` (which says what it depends on);
    computed every time outside a request."""
    return for_key(key, load)
