"""What became of the inputs: funnel, closure, time to answer, citation, reporting, stalled,
promise kept. One function per measure of DESIGN.md §3; the database does all counting.

An input is a published idea of a challenge in scope, submitted inside the date range. Its
facts (first answer, first besluttet, first gjort, cited, furthest stage) come from its
StageChange rows: every move and correction carries a public answer; a progress update counts as
activity but not as an answer.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import (
    ColumnElement,
    Float,
    FromClause,
    Integer,
    Select,
    and_,
    case,
    cast,
    func,
    or_,
    select,
)

from ..challenges.models import Challenge, ParticipationLevel, Phase
from ..extensions import db
from ..ideas.models import Channel, Idea
from ..ideas.stages import MAIN_PATH, Stage
from ..pipeline.models import ChangeKind, StageChange
from . import working
from .contributions import INPUT_VISIBILITY
from .scope import (
    POSITION,
    Scope,
    as_utc,
    days_between,
    instant,
    ratio,
    scoped_challenges,
    stage_position,
)

CLOSURE_AGE_DAYS = 30
REPORTING_DAYS = 90
STALLED_DAYS = 90
PROMISE_CLOSURE = 0.9
DEMANDING_RANK = 2  # from involvere up, an input must also have been acted on
DECIDED = POSITION[Stage.decided]
DONE_STAGES = (Stage.done, Stage.scaled)
REPORTING_STAGES = (Stage.decided, Stage.piloting)
# Stalled: still on the way (gjort is done, not stalled; skalert and declined are final).
STALL_STAGES = (Stage.heard, Stage.assessed, Stage.decided, Stage.piloting)


def _greater(a, b):
    """Portable GREATEST(a, b) for non-null a; b may be NULL."""
    return case((and_(b.is_not(None), b > a), b), else_=a)


def input_facts(scope: Scope, *, whole_challenges: bool = False) -> FromClause:
    """One row per input: stage, furthest stage reached, first answer, first decision, etc.

    `reached` is the furthest position on the main path (a skipped stage counts as passed).
    With whole_challenges the date range does not narrow the inputs (for promise kept).
    Worked out from the history once per working set (working.py); tally() then counts
    everything it can in one pass over these rows.
    """
    key = _facts_key(scope, whole_challenges)
    table = working.lookup(key, lambda: _input_facts(scope, whole_challenges=whole_challenges))
    if table is not None:
        return table
    return _input_facts(scope, whole_challenges=whole_challenges).subquery(
        "whole_facts" if whole_challenges else "facts"
    )


def facts_of(scope: Scope, ideas: Select) -> FromClause:
    """input_facts(scope, whole_challenges=True), but only the rows of `ideas` (a select of
    ids) are needed: the working set's table when it is there already (the whole city's
    dashboard), else those inputs' rows alone, not every input of the scope (a principle's
    dashboard would otherwise work out the whole city's history for a few results)."""
    table = working.kept(_facts_key(scope, True))
    if table is not None:
        return table
    return _input_facts(scope, whole_challenges=True, only=ideas).subquery("some_facts")


def _facts_key(scope: Scope, whole_challenges: bool) -> str:
    dated = not whole_challenges and (scope.start is not None or scope.end is not None)
    return "facts:" + (scope.key if dated else replace(scope, start=None, end=None).key)


def _input_facts(scope: Scope, *, whole_challenges: bool, only: Select | None = None) -> Select:
    dates = [] if whole_challenges else scope.in_range(Idea.created_at)
    moved_pos = stage_position(StageChange.to_stage)
    cites = func.length(func.trim(func.coalesce(StageChange.reference, ""))) > 0
    per_idea = (
        select(
            Idea.id.label("idea_id"),
            Idea.challenge_id.label("challenge_id"),
            Idea.author_id.label("author_id"),
            Idea.channel.label("channel"),
            Idea.stage.label("stage"),
            Idea.created_at.label("created_at"),
            Idea.last_moved_at.label("last_moved_at"),
            # A progress update (a provisional answer) is not a first answer (DESIGN.md §3);
            # every kind of row counts as activity for stalled and implementation reporting.
            func.min(case((StageChange.kind != ChangeKind.progress, StageChange.created_at))).label(
                "first_answer"
            ),
            func.max(StageChange.created_at).label("last_change"),
            func.min(case((moved_pos >= DECIDED, StageChange.created_at))).label("first_decided"),
            func.min(case((StageChange.to_stage.in_(DONE_STAGES), StageChange.created_at))).label(
                "first_done"
            ),
            func.max(case((cites, 1), else_=0)).label("cited"),
            # declined (-1) is not a place on the main path; every input reached hørt (0)
            func.max(case((moved_pos > 0, moved_pos), else_=0)).label("moved_pos"),
        )
        .outerjoin(StageChange, StageChange.idea_id == Idea.id)
        .where(
            Idea.challenge_id.in_(scoped_challenges(scope)),
            Idea.visibility.in_(INPUT_VISIBILITY),
            *dates,
            *([] if only is None else [Idea.id.in_(only)]),
        )
        .group_by(Idea.id)
        .subquery("per_idea")
    )
    c = per_idea.c
    current_pos = stage_position(c.stage)
    moved = func.coalesce(c.moved_pos, 0)
    return select(
        c.idea_id,
        c.challenge_id,
        c.author_id,
        c.channel,
        c.stage,
        c.created_at,
        c.last_moved_at,
        c.first_answer,
        c.last_change,
        c.first_decided,
        c.first_done,
        cast(func.coalesce(c.cited, 0), Integer).label("cited"),
        cast(case((moved > current_pos, moved), else_=current_pos), Integer).label("reached"),
        _greater(_greater(c.created_at, c.last_change), c.last_moved_at).label("last_activity"),
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


def tally(scope: Scope, *, whole_challenges: bool = False) -> dict[int, dict[str, int]]:
    """Per challenge, the counts behind funnel, closure, citation, reporting, stalled, channel
    mix and promise kept: one pass over the inputs, asked once per working set. The measures
    add up these rows; the database did the counting."""
    dated = not whole_challenges and (scope.start is not None or scope.end is not None)
    key = f"tally:{scope}:{dated}"  # an undated scope's two tallies are the same
    return working.remember(key, lambda: _tally(scope, whole_challenges=not dated))


def _tally(scope: Scope, *, whole_challenges: bool) -> dict[int, dict[str, int]]:
    """Grouped by challenge, stage and furthest position reached (a few rows per challenge);
    what the stages tell is worked out per group here, since each CASE costs per input at city
    scale."""
    idea = input_facts(scope, whole_challenges=whole_challenges).c
    answer_cutoff = instant(scope.days_ago(CLOSURE_AGE_DAYS))
    since = instant(scope.days_ago(REPORTING_DAYS))
    stall_cutoff = instant(scope.days_ago(STALLED_DAYS))
    fresh = _greater(func.coalesce(idea.last_change, idea.created_at), idea.last_moved_at)
    older = idea.created_at <= answer_cutoff

    def count(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.sum(case((condition, 1), else_=0))

    columns = {
        "inputs": func.count(),
        "answered": count(idea.first_answer.is_not(None)),
        "older": count(older),
        "older_answered": count(and_(older, idea.first_answer.is_not(None))),
        "cited": func.sum(idea.cited),
        "fresh": count(fresh >= since),
        "quiet": count(idea.last_activity < stall_cutoff),
        **{f"channel_{ch.value}": count(idea.channel == ch) for ch in Channel},
    }
    keys = (idea.challenge_id, idea.stage, idea.reached)
    query = select(*keys, *(column.label(key) for key, column in columns.items())).group_by(*keys)
    per_challenge: dict[int, dict[str, int]] = {}
    for challenge_id, stage, reached, *counts in db.session.execute(query):
        n = dict(zip(columns, (int(value or 0) for value in counts), strict=True))
        n |= {f"reached_{i}": n["inputs"] for i in range(reached + 1)}
        n["declined"] = n["inputs"] if Stage(stage) is Stage.declined else 0
        n["reporting"] = n["inputs"] if Stage(stage) in REPORTING_STAGES else 0
        n["reported"] = n["fresh"] if Stage(stage) in REPORTING_STAGES else 0
        n["open"] = n["inputs"] if Stage(stage) in STALL_STAGES else 0
        n["stalled"] = n["quiet"] if Stage(stage) in STALL_STAGES else 0
        into = per_challenge.setdefault(challenge_id, {})
        for key, value in n.items():
            into[key] = into.get(key, 0) + value
    return per_challenge


def totals(scope: Scope) -> dict[str, int]:
    """tally() added up over the challenges in scope."""
    summed: dict[str, int] = {}
    for counts in tally(scope).values():
        for key, n in counts.items():
            summed[key] = summed.get(key, 0) + n
    return summed


def funnel(scope: Scope) -> Funnel:
    """Inputs that ever reached each stage, the conversion between stages, and the yield."""
    summed = totals(scope)
    counts = [summed.get(f"reached_{i}", 0) for i in range(len(MAIN_PATH))]
    steps = [
        FunnelStep(stage.value, counts[i], ratio(counts[i], counts[i - 1]) if i else None)
        for i, stage in enumerate(MAIN_PATH)
    ]
    declined = summed.get("declined", 0)
    return Funnel(steps, declined, ratio(counts[POSITION[Stage.done]], counts[0]))


@dataclass
class Closure:
    inputs_older: int
    answered: int
    closure: float | None


def feedback_closure(scope: Scope) -> Closure:
    """Of the inputs older than 30 days, the share with at least one public answer."""
    summed = totals(scope)
    older, answered = summed.get("older", 0), summed.get("older_answered", 0)
    return Closure(older, answered, ratio(answered, older))


@dataclass
class Durations:
    target: str  # first_answer, decided, done
    inputs: int
    median_days: float | None
    p90_days: float | None


def _durations(scope: Scope, target: str, channel: Channel | None = None) -> Durations:
    facts = input_facts(scope)
    reached_at = getattr(facts.c, target)
    of_channel = [] if channel is None else [facts.c.channel == channel]
    suffix = "" if channel is None else f"_{channel.value}"
    days = (
        select(days_between(facts.c.created_at, reached_at).label("days"))
        .where(reached_at.is_not(None), *of_channel)
        .cte(f"days_{target}{suffix}")
    )
    ranked = select(
        days.c.days,
        func.row_number().over(order_by=days.c.days).label("rn"),
        func.count().over().label("n"),
    ).cte(f"ranked_{target}{suffix}")
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


DURATION_TARGETS = ("first_answer", "first_decided", "first_done")


def time_to_answer(scope: Scope) -> list[Durations]:
    """Median and 90th percentile days from submission to first answer, besluttet and gjort."""
    if db.session.connection().dialect.name == "postgresql":
        return _spread_pg(scope)[0]
    return [_durations(scope, target) for target in DURATION_TARGETS]


@dataclass
class Waiting:
    unanswered_older: int  # inputs older than 30 days with no public answer yet
    unanswered: int  # all inputs with no public answer yet
    oldest_days: float | None  # age in days of the oldest input still without an answer


def waiting(scope: Scope) -> Waiting:
    """Beside the median and p90 of the answered: the inputs still waiting, and the oldest one's
    age at `now` (a median of the answered alone flatters)."""
    facts = input_facts(scope).c
    cutoff = instant(scope.days_ago(CLOSURE_AGE_DAYS))
    unanswered = facts.first_answer.is_(None)
    older, total, oldest = db.session.execute(
        select(
            func.sum(case((and_(unanswered, facts.created_at <= cutoff), 1), else_=0)),
            func.sum(case((unanswered, 1), else_=0)),
            func.min(case((unanswered, facts.created_at))),
        )
    ).one()
    if oldest is not None and not isinstance(oldest, datetime):
        oldest = datetime.fromisoformat(str(oldest))  # SQLite's MIN of a CASE gives the text
    age = None if oldest is None else (scope.now - as_utc(oldest)).total_seconds() / 86400
    return Waiting(int(older or 0), int(total or 0), age)


@dataclass
class ChannelFigures:
    channel: str
    inputs: int
    older: int
    older_answered: int
    closure: float | None
    done: int
    yield_: float | None
    answered: int
    median_days: float | None
    p90_days: float | None


def channel_figures(scope: Scope) -> dict[str, ChannelFigures]:
    """Per channel: inputs, feedback closure, yield and time to first answer (DESIGN §3)."""
    facts = input_facts(scope).c
    cutoff = instant(scope.days_ago(CLOSURE_AGE_DAYS))
    older = facts.created_at <= cutoff
    done = POSITION[Stage.done]
    rows = {
        Channel(channel): (int(n or 0), int(o or 0), int(oa or 0), int(d or 0))
        for channel, n, o, oa, d in db.session.execute(
            select(
                facts.channel,
                func.count(),
                func.sum(case((older, 1), else_=0)),
                func.sum(case((and_(older, facts.first_answer.is_not(None)), 1), else_=0)),
                func.sum(case((facts.reached >= done, 1), else_=0)),
            ).group_by(facts.channel)
        )
    }
    found = {}
    for channel in Channel:
        n, o, oa, d = rows.get(channel, (0, 0, 0, 0))
        spread = _durations(scope, "first_answer", channel)
        found[channel.value] = ChannelFigures(
            channel.value,
            n,
            o,
            oa,
            ratio(oa, o),
            d,
            ratio(d, n),
            spread.inputs,
            spread.median_days,
            spread.p90_days,
        )
    return found


def authors_by_channel(scope: Scope) -> dict[Channel, int]:
    """Distinct signed-in authors of the inputs in scope, per channel."""
    if db.session.connection().dialect.name == "postgresql":
        return _spread_pg(scope)[1]
    facts = input_facts(scope)
    row = db.session.execute(select(*author_counts(facts))).one()
    return {channel: int(row[i] or 0) for i, channel in enumerate(Channel)}


def author_counts(facts: FromClause) -> list[ColumnElement[int]]:
    return [
        func.count(func.distinct(case((facts.c.channel == channel, facts.c.author_id))))
        for channel in Channel
    ]


def _spread_pg(scope: Scope) -> tuple[list[Durations], dict[Channel, int]]:
    """Durations and authors per channel in one pass over the inputs, with PostgreSQL's
    ordered-set aggregates: percentile_cont(0.5) is the middle value or the mean of the two
    middle ones, percentile_disc(0.9) the nearest rank ⌈0.9·n⌉, as _durations() computes them
    elsewhere (NULLs, inputs not there yet, are skipped)."""

    def compute() -> tuple[list[Durations], dict[Channel, int]]:
        facts = input_facts(scope)
        columns = []
        for target in DURATION_TARGETS:
            days = days_between(facts.c.created_at, getattr(facts.c, target))
            columns += [
                func.count(days),
                func.percentile_cont(0.5).within_group(days),
                func.percentile_disc(0.9).within_group(days),
            ]
        row = db.session.execute(select(*columns, *author_counts(facts))).one()
        durations = [
            Durations(
                target,
                int(row[3 * i] or 0),
                float(row[3 * i + 1]) if row[3 * i + 1] is not None else None,
                float(row[3 * i + 2]) if row[3 * i + 2] is not None else None,
            )
            for i, target in enumerate(DURATION_TARGETS)
        ]
        first_author = 3 * len(DURATION_TARGETS)
        authors = {ch: int(row[first_author + i] or 0) for i, ch in enumerate(Channel)}
        return durations, authors

    return working.remember(f"spread:{scope}", compute)


@dataclass
class Share:
    numerator: int
    denominator: int
    share: float | None


def decision_citation(scope: Scope) -> Share:
    """Inputs with at least one move that cites a reference (case number, plan, URL) ÷ inputs."""
    summed = totals(scope)
    cited, total = summed.get("cited", 0), summed.get("inputs", 0)
    return Share(cited, total, ratio(cited, total))


def implementation_reporting(scope: Scope) -> Share:
    """Inputs in besluttet or utprøves with a move or update in the last 90 days ÷ those inputs."""
    summed = totals(scope)
    reported, total = summed.get("reported", 0), summed.get("reporting", 0)
    return Share(reported, total, ratio(reported, total))


def stalled_inputs(scope: Scope) -> Share:
    """Inputs in hørt, vurdert, besluttet or utprøves with no move of any kind (a StageChange:
    a move, a correction or a progress update) for 90 days, of all inputs in those stages."""
    summed = totals(scope)
    stalled, open_inputs = summed.get("stalled", 0), summed.get("open", 0)
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


def _judge(
    challenge_id: int, title: str, level: ParticipationLevel, counts: dict[str, int]
) -> ChallengePromise:
    """The promise check of one challenge from its tally: closure ≥ 90 % and, from involvere
    up, ≥ 1 input besluttet or beyond."""
    inputs, answered = counts.get("inputs", 0), counts.get("answered", 0)
    acted_on = counts.get(f"reached_{DECIDED}", 0)
    closure_ok = inputs == 0 or answered >= PROMISE_CLOSURE * inputs
    kept = closure_ok and (level.rank < DEMANDING_RANK or acted_on >= 1)
    return ChallengePromise(
        challenge_id,
        title,
        level.value,
        inputs,
        answered,
        ratio(answered, inputs),
        acted_on,
        kept,
    )


def promise_check(challenge: Challenge) -> ChallengePromise:
    """The promise check of one challenge as it stands now, whatever its phase: what
    promise_kept() will say of it once it is concluded (shown before concluding it)."""
    scope = Scope(challenge.municipality_id, challenge_id=challenge.id)
    counts = tally(scope, whole_challenges=True).get(challenge.id, {})
    return _judge(challenge.id, challenge.title, challenge.level, counts)


def promise_kept(scope: Scope) -> PromiseKept:
    """Per concluded challenge: closure ≥ 90 % and, from involvere up, ≥ 1 input besluttet+."""
    per_challenge = tally(scope, whole_challenges=True)
    concluded = db.session.execute(
        select(Challenge.id, Challenge.title, Challenge.level)
        .where(
            Challenge.id.in_(scoped_challenges(scope)),
            Challenge.phase == Phase.concluded,
            *scope.in_range(Challenge.concluded_at),
        )
        .order_by(Challenge.id)
    ).all()
    challenges = [
        _judge(challenge_id, title, ParticipationLevel(level), per_challenge.get(challenge_id, {}))
        for challenge_id, title, level in concluded
    ]
    by_level: dict[ParticipationLevel, tuple[int, int]] = {}
    for promise in challenges:  # a few hundred concluded challenges at most
        n, k = by_level.get(ParticipationLevel(promise.level), (0, 0))
        by_level[ParticipationLevel(promise.level)] = (n + 1, k + int(promise.kept))
    levels = []
    for level in ParticipationLevel:
        n, k = by_level.get(level, (0, 0))
        levels.append(LevelPromise(level.value, n, k, ratio(k, n)))
    concluded_total = sum(level.concluded for level in levels)
    kept_total = sum(level.kept for level in levels)
    return PromiseKept(
        challenges, levels, concluded_total, kept_total, ratio(kept_total, concluded_total)
    )
