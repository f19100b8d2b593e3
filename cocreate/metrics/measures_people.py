"""Who is missing: representativeness, representation score and under-represented groups.

The database counts persons per group from one source at a time, never both added (consented
profiles of people who took part in scope; or anonymous workshop check-ins); Python then compares
those few group totals with the reference.
k-suppression (DESIGN.md §3): a group of fewer than K persons shows no count and no ratio, is left
out of the representation score, and a dimension with fewer than K persons in all is not shown.
"""

from dataclasses import dataclass

from sqlalchemy import func, select

from ..accounts.models import AgeBand, Gender, ParticipantProfile
from ..extensions import db
from . import working
from .measures import participant_ids
from .models import Dimension
from .population import reference_for
from .scope import K, Scope, ratio
from .workshop_data import checkin_counts

UNDER_REPRESENTED = 0.8
# Two sources, never added together: a signed-in participant who also checked in at a workshop
# would be counted twice (check-ins hold no identity). web: the consented profiles of signed-in
# participants; workshop: the anonymous check-in answers at workshops.
CHANNELS = ("web", "workshop")
PROFILE_COLUMNS = {
    Dimension.age_band: ParticipantProfile.age_band,
    Dimension.gender: ParticipantProfile.gender,
    Dimension.district: ParticipantProfile.district,
}
GROUP_ORDER = {
    Dimension.age_band: [band.value for band in AgeBand],
    Dimension.gender: [gender.value for gender in Gender],
}


@dataclass
class GroupRow:
    group: str
    participants: int | None  # None: fewer than K (shown as "under 5")
    suppressed: bool
    population: int | None  # None: the reference has no such group
    p: float | None  # participants' share (of those in groups with a reference)
    q: float | None  # the reference population's share
    rho: float | None  # p ÷ q
    under_represented: bool | None  # ρ < 0.8; for a suppressed group only when certain


@dataclass
class Representativeness:
    dimension: str
    channel: str
    respondents: int | None  # persons with an answer in this dimension; None when < K
    has_reference: bool
    suppressed: bool  # the whole dimension has fewer than K persons
    r: float | None  # 1 − ½ Σ |p_g − q_g|
    representation_score: float | None  # min r_g ÷ max r_g over groups of ≥ K
    groups: list[GroupRow]


def group_counts(scope: Scope, dimension: Dimension, channel: str = "web") -> dict[str, int]:
    """Persons per group from one source: consented profiles (web) or check-ins (workshop)."""
    if channel == "web":
        return dict(_profile_counts(scope, dimension))
    return dict(checkin_counts(scope, dimension.value))


def _profile_counts(scope: Scope, dimension: Dimension) -> dict[str, int]:
    """Participants with a consented profile per group (one query for the three dimensions)."""
    return dict(working.remember(f"profiles:{scope}", lambda: all_profile_counts(scope))[dimension])


def all_profile_counts(scope: Scope) -> dict[Dimension, dict[str, int]]:
    """Every dimension from one join of the participants with their profiles, grouped by all
    three answers (at most a few hundred combinations), then added up per dimension."""
    people = participant_ids(scope)
    columns = [PROFILE_COLUMNS[dimension] for dimension in PROFILE_COLUMNS]
    query = (
        select(*columns, func.count())
        .select_from(people)
        .join(ParticipantProfile, ParticipantProfile.user_id == people.c.user_id)
        .group_by(*columns)
    )
    counts: dict[Dimension, dict[str, int]] = {dimension: {} for dimension in PROFILE_COLUMNS}
    for *values, n in db.session.execute(query):
        for dimension, value in zip(PROFILE_COLUMNS, values, strict=True):
            if value is None:
                continue
            key = value.value if hasattr(value, "value") else str(value)
            counts[dimension][key] = counts[dimension].get(key, 0) + int(n)
    return counts


def _ordered(dimension: Dimension, groups: set[str]) -> list[str]:
    order = GROUP_ORDER.get(dimension)
    if order is None:
        return sorted(groups)
    return [g for g in order if g in groups] + sorted(groups - set(order))


def representativeness(
    scope: Scope, dimension: Dimension, channel: str = "web"
) -> Representativeness:
    """R = 1 − ½ Σ_g |p_g − q_g| and the groups behind it, k-suppressed."""
    counts = group_counts(scope, dimension, channel)
    reference = reference_for(scope.municipality_id, dimension)
    total = sum(counts.values())
    compared = sum(n for g, n in counts.items() if g in reference)
    population = sum(reference.values())
    suppressed = total < K
    has_reference = population > 0
    rows: list[GroupRow] = []
    distance = 0.0
    for group in _ordered(dimension, set(counts) | set(reference)):
        n = counts.get(group, 0)
        pop = reference.get(group) if has_reference else None
        p = ratio(n, compared) if pop is not None else None
        q = ratio(pop, population) if pop is not None else None
        if p is not None and q is not None:
            distance += abs(p - q)
        rho = ratio(p, q) if p is not None else None
        small = n < K
        under: bool | None = rho < UNDER_REPRESENTED if rho is not None else None
        if small:
            # Even K − 1 persons would be too few: the group is under-represented whatever n is.
            ceiling = ratio(ratio(K - 1, compared), q) if q else None
            under = True if ceiling is not None and ceiling < UNDER_REPRESENTED else None
        rows.append(
            GroupRow(
                group,
                None if small else n,
                small,
                pop,
                None if small else p,
                q,
                None if small else rho,
                None if suppressed else under,
            )
        )
    r = None
    if has_reference and compared and not suppressed:
        r = 1 - distance / 2
    rates = [n / reference[g] for g, n in counts.items() if n >= K and reference.get(g)]
    score = min(rates) / max(rates) if len(rates) >= 2 and not suppressed else None
    if suppressed:
        rows = [GroupRow(g.group, None, True, g.population, None, g.q, None, None) for g in rows]
    return Representativeness(
        dimension.value,
        channel,
        None if suppressed else total,
        has_reference,
        suppressed,
        r,
        score,
        rows,
    )


@dataclass
class RepresentativenessSummary:
    dimensions: list[Representativeness]
    lowest_r: float | None
    lowest_dimension: str | None


def representativeness_summary(scope: Scope, channel: str = "web") -> RepresentativenessSummary:
    """Every dimension, and the lowest R among those that can be shown (DESIGN.md §3)."""
    dimensions = [representativeness(scope, dimension, channel) for dimension in Dimension]
    shown = [(d.r, d.dimension) for d in dimensions if d.r is not None]
    lowest_r, lowest_dimension = min(shown, key=lambda s: s[0]) if shown else (None, None)
    return RepresentativenessSummary(dimensions, lowest_r, lowest_dimension)
