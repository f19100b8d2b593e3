"""Who takes part: participants, reach, channel mix, activity over time, inequality, returning.

One function per measure of DESIGN.md §3, each taking a Scope and answering with a dataclass.
All counting is done by the database (GROUP BY, window functions, CTEs); Python only divides
the handful of totals that come back. Pipeline measures are in measures_pipeline.py,
representativeness in measures_people.py. Formulas and sources: docs/metrics.md.
"""

from dataclasses import dataclass

from sqlalchemy import (
    CTE,
    FromClause,
    Integer,
    Select,
    case,
    cast,
    func,
    literal,
    select,
    union_all,
)

from ..extensions import db
from ..ideas.models import Channel, Comment, CommentVisibility, Idea, Visibility, Vote
from . import working
from .population import eligible_population
from .scope import Scope, month_of, ratio, scoped_challenges
from .workshop_data import workshop_headcount

# An input is a published idea; a merged duplicate still counts as its author's contribution.
INPUT_VISIBILITY = (Visibility.published,)
CONTRIBUTION_VISIBILITY = (Visibility.published, Visibility.merged)


def contributions(scope: Scope, *, whole_municipality: bool = False) -> CTE:
    """Every idea, support and comment in scope: (user_id, challenge_id, kind, is_input, at).

    user_id is NULL for inputs nobody is signed in for (registered by staff, workshop notes).
    With whole_municipality, only the municipality limits the rows (for returning participants).
    """
    base = Scope(scope.municipality_id, now=scope.now) if whole_municipality else scope
    challenges = scoped_challenges(base)
    ideas = select(
        Idea.author_id.label("user_id"),
        Idea.challenge_id.label("challenge_id"),
        literal("idea").label("kind"),
        case((Idea.visibility.in_(INPUT_VISIBILITY), 1), else_=0).label("is_input"),
        Idea.created_at.label("at"),
    ).where(
        Idea.challenge_id.in_(challenges),
        Idea.visibility.in_(CONTRIBUTION_VISIBILITY),
        *base.in_range(Idea.created_at),
    )
    votes = select(
        Vote.user_id,
        Vote.challenge_id,
        literal("vote"),
        literal(0),
        Vote.created_at,
    ).where(Vote.challenge_id.in_(challenges), *base.in_range(Vote.created_at))
    comments = (
        select(
            Comment.author_id,
            Idea.challenge_id,
            literal("comment"),
            literal(0),
            Comment.created_at,
        )
        .join(Idea, Idea.id == Comment.idea_id)
        .where(
            Idea.challenge_id.in_(challenges),
            Comment.visibility == CommentVisibility.published,
            *base.in_range(Comment.created_at),
        )
    )
    name = "all_contributions" if whole_municipality else "contributions"
    return union_all(ideas, votes, comments).cte(name)


def _scope_key(scope: Scope) -> str:
    parts = (scope.municipality_id, scope.challenge_id, scope.principle_id, scope.start, scope.end)
    return ":".join(str(part) for part in parts)


def per_person(scope: Scope, *, whole_municipality: bool = False) -> FromClause:
    """One row per signed-in person with contributions in scope: user_id, contributions (n),
    ideas, votes, comments, and the lowest and highest challenge id they took part in
    (first_challenge ≠ last_challenge: active in ≥ 2 challenges). The base of most measures;
    computed once per working set (working.py).

    min/max instead of count(DISTINCT challenge_id): a plain hash aggregate over the million
    supports, where the distinct count sorted them."""
    base = Scope(scope.municipality_id, now=scope.now) if whole_municipality else scope
    name = "all_people" if whole_municipality else "people"

    def build() -> Select:
        rows = contributions(base, whole_municipality=whole_municipality)

        def of_kind(kind: str):  # type: ignore[no-untyped-def]
            return func.sum(case((rows.c.kind == kind, 1), else_=0))

        return (
            select(
                rows.c.user_id.label("user_id"),
                cast(func.count(), Integer).label("n"),
                cast(of_kind("idea"), Integer).label("ideas"),
                cast(of_kind("vote"), Integer).label("votes"),
                cast(of_kind("comment"), Integer).label("comments"),
                func.min(rows.c.challenge_id).label("first_challenge"),
                func.max(rows.c.challenge_id).label("last_challenge"),
            )
            .where(rows.c.user_id.is_not(None))
            .group_by(rows.c.user_id)
        )

    table = working.lookup(f"people:{_scope_key(base)}", build)
    return table if table is not None else build().cte(name)


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


def participants(scope: Scope) -> Participants:
    """Distinct persons who submitted, supported or commented; workshop headcount beside it."""
    people = per_person(scope)

    def having(column):  # type: ignore[no-untyped-def]
        return func.sum(case((column > 0, 1), else_=0))

    result = db.session.execute(
        select(
            func.count(),
            having(people.c.ideas),
            having(people.c.votes),
            having(people.c.comments),
        )
    ).one()
    return Participants(*(int(n or 0) for n in result), workshop_headcount(scope))


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
    authors: int


def channel_mix(scope: Scope) -> list[ChannelRow]:
    """Share of inputs by channel (web, workshop, registered), with distinct signed-in authors."""
    challenges = scoped_challenges(scope)
    counts = {
        channel: (int(n), int(authors))
        for channel, n, authors in db.session.execute(
            select(Idea.channel, func.count(Idea.id), func.count(func.distinct(Idea.author_id)))
            .where(
                Idea.challenge_id.in_(challenges),
                Idea.visibility.in_(INPUT_VISIBILITY),
                *scope.in_range(Idea.created_at),
            )
            .group_by(Idea.channel)
        )
    }
    total = sum(n for n, _ in counts.values())
    return [
        ChannelRow(
            channel.value,
            counts.get(channel, (0, 0))[0],
            ratio(counts.get(channel, (0, 0))[0], total),
            counts.get(channel, (0, 0))[1],
        )
        for channel in Channel
    ]


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
    ranked = select(
        people.c.n.label("x"),
        func.row_number().over(order_by=people.c.n).label("up"),
        func.row_number().over(order_by=people.c.n.desc()).label("down"),
        func.count().over().label("n"),
    ).cte("ranked")
    top_n = (ranked.c.n + 9) // 10  # integer division: ⌈n ÷ 10⌉
    n, total, weighted, top = db.session.execute(
        select(
            func.count(),
            func.sum(ranked.c.x),
            func.sum(cast(ranked.c.up, Integer) * ranked.c.x),
            func.sum(case((ranked.c.down <= top_n, ranked.c.x), else_=0)),
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
    """Participants in scope active in ≥ 2 of the municipality's challenges ÷ participants."""
    people = participant_ids(scope)
    everyone = per_person(scope, whole_municipality=True)
    regulars = (
        select(everyone.c.user_id)
        .where(everyone.c.first_challenge != everyone.c.last_challenge)
        .cte("regulars")
    )
    total, back = db.session.execute(
        select(func.count(people.c.user_id), func.count(regulars.c.user_id)).select_from(
            people.outerjoin(regulars, regulars.c.user_id == people.c.user_id)
        )
    ).one()
    return Returning(int(total), int(back), ratio(int(back), int(total)))
