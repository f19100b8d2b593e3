"""Who takes part: participants, reach, channel mix, activity over time, inequality, returning.

One function per measure of DESIGN.md §3, each taking a Scope and answering with a dataclass.
All counting is done by the database (GROUP BY, window functions, CTEs); Python only divides
the handful of totals that come back. Pipeline measures are in measures_pipeline.py,
representativeness in measures_people.py. Formulas and sources: docs/metrics.md.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    FromClause,
    Integer,
    Select,
    case,
    cast,
    func,
    select,
)

from ..extensions import db
from ..ideas.models import Channel
from . import working
from .contributions import contributions
from .measures_pipeline import authors_by_channel, channel_figures, totals
from .meeting_data import meeting_signups
from .population import eligible_population
from .scope import Scope, month_of, ratio
from .workshop_data import workshop_headcount


def _scope_key(scope: Scope) -> str:
    return scope.key


def per_person(scope: Scope) -> FromClause:
    """One row per signed-in person with contributions in scope: user_id, contributions (n),
    ideas, votes, comments, and several (1: active in ≥ 2 challenges). The base of most
    measures, counted from the raw rows once per working set (working.py).

    min/max challenge instead of count(DISTINCT challenge_id): a plain hash aggregate over the
    supports, where the distinct count sorted them."""

    def build() -> Select:
        rows = contributions(scope)

        def of_kind(kind: str):
            return func.sum(case((rows.c.kind == kind, 1), else_=0))

        several = case((func.min(rows.c.challenge_id) != func.max(rows.c.challenge_id), 1), else_=0)
        return (
            select(
                rows.c.user_id.label("user_id"),
                cast(func.count(), Integer).label("n"),
                cast(of_kind("idea"), Integer).label("ideas"),
                cast(of_kind("vote"), Integer).label("votes"),
                cast(of_kind("comment"), Integer).label("comments"),
                cast(several, Integer).label("several"),
            )
            .where(rows.c.user_id.is_not(None))
            .group_by(rows.c.user_id)
        )

    table = working.lookup(f"people:{_scope_key(scope)}", build)
    return table if table is not None else build().cte("people")


def persons_with(column: Any) -> Any:
    """How many rows of per_person() (or a grouping of it) have `column` above 0: the persons
    who submitted, supported or commented."""
    return func.sum(case((column > 0, 1), else_=0))


def participant_ids(scope: Scope) -> FromClause:
    """Distinct signed-in persons who submitted, supported or commented in scope."""
    people = per_person(scope)
    return select(people.c.user_id).cte("participants")


@dataclass
class Participants:
    participants: int
    submitters: int
    supporters: int
    commenters: int
    workshop_headcount: int  # reported beside, never added: check-ins are not persons we know
    meeting_signups: int = 0  # the same: sign-ups to meetings (cocreate/meetings), beside


def participants(scope: Scope) -> Participants:
    """Distinct persons who submitted, supported or commented; workshop headcount beside it."""

    def count() -> tuple[int, int, int, int]:
        people = per_person(scope)
        row = db.session.execute(
            select(
                func.count(),
                persons_with(people.c.ideas),
                persons_with(people.c.votes),
                persons_with(people.c.comments),
            )
        ).one()
        everyone, submitters, supporters, commenters = (int(n or 0) for n in row)
        return everyone, submitters, supporters, commenters

    result = working.remember(f"participants:{scope}", count)
    return Participants(*result, workshop_headcount(scope), meeting_signups(scope))


@dataclass
class Reach:
    participants: int
    eligible_population: int | None
    reach: float | None


def reach(scope: Scope) -> Reach:
    """Participants ÷ the reference population in the eligible ages (age bands summed)."""
    count = participants(scope).participants
    population = eligible_population(scope.municipality_id)
    return Reach(count, population, ratio(count, population))


@dataclass
class ChannelRow:
    channel: str
    inputs: int
    share: float | None
    authors: int  # the channel's participants: distinct signed-in authors of its inputs
    closure: float | None  # of its inputs older than 30 days, the share answered
    yield_: float | None  # of its inputs, the share that reached gjort or skalert
    answered: int  # its inputs with a first public answer (the base of the two below)
    median_days: float | None  # to the first public answer
    p90_days: float | None


def channel_mix(scope: Scope) -> list[ChannelRow]:
    """Per channel (web, workshop, registered): its share of the inputs, its participants (the
    signed-in authors of its inputs), closure, yield and time to the first answer."""
    summed = totals(scope)
    authors = authors_by_channel(scope)
    figures = channel_figures(scope)
    inputs = [summed.get(f"channel_{channel.value}", 0) for channel in Channel]
    total = sum(inputs)
    rows = []
    for i, channel in enumerate(Channel):
        found = figures[channel.value]
        rows.append(
            ChannelRow(
                channel.value,
                inputs[i],
                ratio(inputs[i], total),
                authors[channel],
                found.closure,
                found.yield_,
                found.answered,
                found.median_days,
                found.p90_days,
            )
        )
    return rows


@dataclass
class MonthRow:
    month: str
    inputs: int
    supports: int
    comments: int
    participants: int


def participation_over_time(scope: Scope) -> list[MonthRow]:
    """Per calendar month (UTC): inputs, supports, comments, distinct participants (0 if quiet)."""
    rows = contributions(scope)
    month = month_of(rows.c.at).label("month")
    query = (
        select(
            month,
            func.sum(rows.c.is_input),
            func.sum(case((rows.c.kind == "vote", 1), else_=0)),
            func.sum(case((rows.c.kind == "comment", 1), else_=0)),
            func.count(func.distinct(rows.c.user_id)),
        )
        .group_by(month)
        .order_by(month)
    )
    found = {m: MonthRow(m, *(int(n or 0) for n in rest)) for m, *rest in db.session.execute(query)}
    return [found.get(month) or MonthRow(month, 0, 0, 0, 0) for month in _months(found)]


def _months(found: dict[str, MonthRow]) -> list[str]:
    """Every month from the first to the last with activity, so quiet months show as 0."""
    if not found:
        return []
    first, last = min(found), max(found)
    year, month = int(first[:4]), int(first[5:])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@dataclass
class Inequality:
    participants: int
    contributions: int
    gini: float | None
    top10_share: float | None  # share of contributions made by the most active 10 %


def participation_inequality(scope: Scope) -> Inequality:
    """Gini of contributions per participant, and the share made by the top 10 %.

    With x_1 ≤ … ≤ x_n: G = 2·Σ i·x_i ÷ (n·Σ x_i) − (n + 1) ÷ n.
    The top 10 % are the ⌈n ÷ 10⌉ most active participants.
    """
    people = per_person(scope)
    # One ordering: the i-th from the top is the (n − i + 1)-th from the bottom. Among equal
    # counts it does not matter which ones are "top": their contributions are the same.
    ranked = select(
        people.c.n.label("x"),
        func.row_number().over(order_by=people.c.n).label("up"),
        func.count().over().label("n"),
    ).cte("ranked")
    top_n = (ranked.c.n + 9) // 10  # integer division: ⌈n ÷ 10⌉
    n, total, weighted, top = db.session.execute(
        select(
            func.count(),
            func.sum(ranked.c.x),
            func.sum(cast(ranked.c.up, Integer) * ranked.c.x),
            func.sum(case((ranked.c.up > ranked.c.n - top_n, ranked.c.x), else_=0)),
        )
    ).one()
    n, total = int(n or 0), int(total or 0)
    if not n or not total:
        return Inequality(n, total, None, None)
    gini = 2 * int(weighted) / (n * total) - (n + 1) / n
    return Inequality(n, total, gini, int(top) / total)


@dataclass
class Returning:
    participants: int
    returning: int
    share: float | None


def returning_participants(scope: Scope) -> Returning:
    """Participants in scope active in ≥ 2 challenges ÷ participants, counting only activity
    inside the scope (a narrowed scope never looks at the rest of the municipality: a challenge's
    own figure is 0, a principle's counts its own challenges, a month its own activity)."""
    everyone = per_person(scope)
    total, back = db.session.execute(
        select(func.count(), func.coalesce(func.sum(everyone.c.several), 0))
    ).one()
    return Returning(int(total), int(back), ratio(int(back), int(total)))
