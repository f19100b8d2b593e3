"""What became of the inputs: funnel, closure, time to answer, citation, reporting, stalled,
promise kept. One function per measure of DESIGN.md §3; the database does all counting.

An input is a published idea of a challenge in scope, submitted inside the date range. Its
facts come from its StageChange rows (every move carries a public answer).
"""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Float, FromClause, Select, and_, case, cast, func, literal, or_, select

from ..challenges.models import Challenge, ParticipationLevel, Phase
from ..extensions import db
from ..ideas.models import Idea
from ..pipeline.models import StageChange
from ..pipeline.stages import MAIN_PATH, Stage
from . import working
from .measures import INPUT_VISIBILITY
from .scope import POSITION, Scope, days_between, ratio, scoped_challenges, stage_position

CLOSURE_AGE_DAYS = 30
REPORTING_DAYS = 90
STALLED_DAYS = 90
PROMISE_CLOSURE = 0.9
DECIDED = POSITION[Stage.decided]
DONE_STAGES = (Stage.done, Stage.scaled)
REPORTING_STAGES = (Stage.decided, Stage.piloting)
NOT_FINAL = tuple(s for s in Stage if not s.is_final)


def _greater(a, b):  # type: ignore[no-untyped-def]
    """Portable GREATEST(a, b) for non-null a; b may be NULL."""
    return case((and_(b.is_not(None), b > a), b), else_=a)


def input_facts(scope: Scope, *, whole_challenges: bool = False) -> FromClause:
    """One row per input: stage, furthest stage reached, first answer, first decision, etc.

    `reached` is the furthest position on the main path (a skipped stage counts as passed).
    With whole_challenges the date range does not narrow the inputs (for promise kept).
    Computed once per working set (working.py).
    """
    dated = not whole_challenges and (scope.start is not None or scope.end is not None)
    key = f"facts:{scope.municipality_id}:{scope.challenge_id}:{scope.principle_id}"
    if dated:
        key += f":{scope.start}:{scope.end}"
    table = working.lookup(key, lambda: _input_facts(scope, whole_challenges=whole_challenges))
    if table is not None:
        return table
    return _input_facts(scope, whole_challenges=whole_challenges).cte(
        "whole_facts" if whole_challenges else "facts"
    )


def _input_facts(scope: Scope, *, whole_challenges: bool) -> Select:
    moved_pos = stage_position(StageChange.to_stage)
    to_decided = case((moved_pos >= DECIDED, StageChange.created_at))
    to_done = case((StageChange.to_stage.in_(DONE_STAGES), StageChange.created_at))
    cited = case((func.length(func.trim(func.coalesce(StageChange.reference, ""))) > 0, 1), else_=0)
    dates = [] if whole_challenges else scope.in_range(Idea.created_at)
    per_idea = (
        select(
            Idea.id.label("idea_id"),
            Idea.challenge_id.label("challenge_id"),
            Idea.stage.label("stage"),
            Idea.created_at.label("created_at"),
            Idea.last_moved_at.label("last_moved_at"),
            stage_position(Idea.stage).label("current_pos"),
            # declined (-1) is not a place on the main path; every input reached hørt (0)
            func.coalesce(func.max(case((moved_pos > 0, moved_pos), else_=0)), 0).label(
                "moved_pos"
            ),
            func.min(StageChange.created_at).label("first_answer"),
            func.max(StageChange.created_at).label("last_change"),
            func.min(to_decided).label("first_decided"),
            func.min(to_done).label("first_done"),
            func.coalesce(func.max(cited), 0).label("cited"),
        )
        .outerjoin(StageChange, StageChange.idea_id == Idea.id)
        .where(
            Idea.challenge_id.in_(scoped_challenges(scope)),
            Idea.visibility.in_(INPUT_VISIBILITY),
            *dates,
        )
        .group_by(Idea.id, Idea.challenge_id, Idea.stage, Idea.created_at, Idea.last_moved_at)
        .cte("per_idea")
    )
    c = per_idea.c
    last_activity = _greater(_greater(c.created_at, c.last_change), c.last_moved_at)
    return select(
        *c,
        _greater(c.current_pos, c.moved_pos).label("reached"),
        last_activity.label("last_activity"),
    )


@dataclass
class FunnelStep:
    stage: str
    reached: int
    conversion: float | None  # n(this stage) ÷ n(previous stage); None for hørt


@dataclass
class Funnel:
    steps: list[FunnelStep]
    declined: int
    yield_: float | None  # n(gjort or skalert) ÷ n(hørt)


def funnel(scope: Scope) -> Funnel:
    """Inputs that ever reached each stage, the conversion between stages, and the yield."""
    facts = input_facts(scope)
    columns = [func.sum(case((facts.c.reached >= i, 1), else_=0)) for i in range(len(MAIN_PATH))]
    declined = func.sum(case((facts.c.stage == Stage.declined, 1), else_=0))
    *counts, n_declined = (
        int(n or 0) for n in db.session.execute(select(*columns, declined)).one()
    )
    steps = [
        FunnelStep(stage.value, counts[i], ratio(counts[i], counts[i - 1]) if i else None)
        for i, stage in enumerate(MAIN_PATH)
    ]
    return Funnel(steps, n_declined, ratio(counts[POSITION[Stage.done]], counts[0]))


@dataclass
class Closure:
    inputs_older: int
    answered: int
    closure: float | None


def feedback_closure(scope: Scope) -> Closure:
    """Of the inputs older than 30 days, the share with at least one public answer."""
    facts = input_facts(scope)
    cutoff = scope.now_naive - timedelta(days=CLOSURE_AGE_DAYS)
    older, answered = db.session.execute(
        select(
            func.count(),
            func.sum(case((facts.c.first_answer.is_not(None), 1), else_=0)),
        ).where(facts.c.created_at <= cutoff)
    ).one()
    older, answered = int(older or 0), int(answered or 0)
    return Closure(older, answered, ratio(answered, older))


@dataclass
class Durations:
    target: str  # first_answer, decided, done
    inputs: int
    median_days: float | None
    p90_days: float | None


def _durations(scope: Scope, target: str) -> Durations:
    facts = input_facts(scope)
    reached_at = getattr(facts.c, target)
    days = (
        select(days_between(facts.c.created_at, reached_at).label("days"))
        .where(reached_at.is_not(None))
        .cte(f"days_{target}")
    )
    ranked = select(
        days.c.days,
        func.row_number().over(order_by=days.c.days).label("rn"),
        func.count().over().label("n"),
    ).cte(f"ranked_{target}")
    rn, n = ranked.c.rn, ranked.c.n
    # Median: the middle row, or the mean of the two middle rows; p90: nearest rank ⌈0.9·n⌉.
    median_rows = or_(rn == (n + 1) // 2, rn == (n + 2) // 2)
    count, median, p90 = db.session.execute(
        select(
            func.max(n),
            func.avg(case((median_rows, cast(ranked.c.days, Float)))),
            func.max(case((rn == (9 * n + 9) // 10, ranked.c.days))),
        )
    ).one()
    return Durations(
        target,
        int(count or 0),
        float(median) if median is not None else None,
        float(p90) if p90 is not None else None,
    )


def time_to_answer(scope: Scope) -> list[Durations]:
    """Median and 90th percentile days from submission to first answer, besluttet and gjort."""
    return [_durations(scope, target) for target in ("first_answer", "first_decided", "first_done")]


@dataclass
class Share:
    numerator: int
    denominator: int
    share: float | None


def decision_citation(scope: Scope) -> Share:
    """Inputs with at least one move that cites a reference (case number, plan, URL) ÷ inputs."""
    facts = input_facts(scope)
    cited, total = db.session.execute(select(func.sum(facts.c.cited), func.count())).one()
    cited, total = int(cited or 0), int(total or 0)
    return Share(cited, total, ratio(cited, total))


def implementation_reporting(scope: Scope) -> Share:
    """Inputs in besluttet or utprøves with a move or update in the last 90 days ÷ those inputs."""
    facts = input_facts(scope)
    since = scope.now_naive - timedelta(days=REPORTING_DAYS)
    fresh = _greater(func.coalesce(facts.c.last_change, facts.c.created_at), facts.c.last_moved_at)
    reported, total = db.session.execute(
        select(func.sum(case((fresh >= since, 1), else_=0)), func.count()).where(
            facts.c.stage.in_(REPORTING_STAGES)
        )
    ).one()
    reported, total = int(reported or 0), int(total or 0)
    return Share(reported, total, ratio(reported, total))


def stalled_inputs(scope: Scope) -> Share:
    """Inputs not in a final stage with no move for 90 days (numerator) of all such inputs."""
    facts = input_facts(scope)
    cutoff = scope.now_naive - timedelta(days=STALLED_DAYS)
    stalled, open_inputs = db.session.execute(
        select(func.sum(case((facts.c.last_activity < cutoff, 1), else_=0)), func.count()).where(
            facts.c.stage.in_(NOT_FINAL)
        )
    ).one()
    stalled, open_inputs = int(stalled or 0), int(open_inputs or 0)
    return Share(stalled, open_inputs, ratio(stalled, open_inputs))


@dataclass
class ChallengePromise:
    challenge_id: int
    title: str
    level: str
    inputs: int
    answered: int
    closure: float | None
    acted_on: int  # inputs that reached besluttet or beyond
    kept: bool


@dataclass
class LevelPromise:
    level: str
    concluded: int
    kept: int
    share: float | None


@dataclass
class PromiseKept:
    challenges: list[ChallengePromise]
    levels: list[LevelPromise]
    concluded: int
    kept: int
    share: float | None


def promise_kept(scope: Scope) -> PromiseKept:
    """Per concluded challenge: closure ≥ 90 % and, from involvere up, ≥ 1 input besluttet+."""
    facts = input_facts(scope, whole_challenges=True)
    per_challenge = (
        select(
            facts.c.challenge_id,
            func.count().label("inputs"),
            func.sum(case((facts.c.first_answer.is_not(None), 1), else_=0)).label("answered"),
            func.sum(case((facts.c.reached >= DECIDED, 1), else_=0)).label("acted_on"),
        )
        .group_by(facts.c.challenge_id)
        .cte("per_challenge")
    )
    inputs = func.coalesce(per_challenge.c.inputs, 0)
    answered = func.coalesce(per_challenge.c.answered, 0)
    acted_on = func.coalesce(per_challenge.c.acted_on, 0)
    demanding = [level for level in ParticipationLevel if level.rank >= 2]  # involvere and up
    closure_ok = or_(inputs == 0, cast(answered, Float) >= literal(PROMISE_CLOSURE) * inputs)
    kept = case(
        (and_(closure_ok, or_(Challenge.level.not_in(demanding), acted_on >= 1)), 1), else_=0
    )
    rows = (
        select(
            Challenge.id.label("id"),
            Challenge.title.label("title"),
            Challenge.level.label("level"),
            inputs.label("inputs"),
            answered.label("answered"),
            acted_on.label("acted_on"),
            kept.label("kept"),
        )
        .outerjoin(per_challenge, per_challenge.c.challenge_id == Challenge.id)
        .where(
            Challenge.id.in_(scoped_challenges(scope)),
            Challenge.phase == Phase.concluded,
            *scope.in_range(Challenge.concluded_at),
        )
        .cte("promises")
    )
    challenges = [
        ChallengePromise(
            row.id,
            row.title,
            ParticipationLevel(row.level).value,
            int(row.inputs),
            int(row.answered),
            ratio(int(row.answered), int(row.inputs)),
            int(row.acted_on),
            bool(row.kept),
        )
        for row in db.session.execute(select(rows).order_by(rows.c.id))
    ]
    by_level = {
        ParticipationLevel(level): (int(n), int(k or 0))
        for level, n, k in db.session.execute(
            select(rows.c.level, func.count(), func.sum(rows.c.kept)).group_by(rows.c.level)
        )
    }
    levels = []
    for level in ParticipationLevel:
        n, k = by_level.get(level, (0, 0))
        levels.append(LevelPromise(level.value, n, k, ratio(k, n)))
    concluded = sum(level.concluded for level in levels)
    kept_total = sum(level.kept for level in levels)
    return PromiseKept(challenges, levels, concluded, kept_total, ratio(kept_total, concluded))
