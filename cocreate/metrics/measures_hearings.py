"""Hearing response and results (DESIGN.md §3): read from the hearings' and results' own tables.

Which rows a scope holds:
- hearings: opened ones (opened_at set) under a challenge in scope, and, when the scope is not
  narrowed to a challenge, principle or målbilde, those under no challenge; in a date range by
  opened_at. Statements: those of these hearings (pending moderation left out), in a date range
  by created_at.
- results: under a challenge in scope; in a date range by created_at.
- inputs (for «inputs with a result»): published inputs of the challenges in scope, created in the
  date range.

Hearings, results and statements from councils and organisations are documents, published as
they are. Statements from residents are persons: their counts are protected by disclosure.py
(statement_cells below) and the shares are worked out again from the published counts.
"""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, func, or_, select

from ..extensions import db
from ..hearings.models import Assessment, Hearing, SenderKind, Statement
from ..ideas.models import Idea, Visibility
from ..ideas.stages import Stage
from ..results.models import Result, ResultInput, ResultStatus
from .measures_pipeline import facts_of
from .scope import Scope, as_utc, ratio, scoped_challenges

OSLO = ZoneInfo("Europe/Oslo")
SENDER_KINDS = [kind.value for kind in SenderKind]
ADOPTED = (Assessment.adopted, Assessment.partly)
# «Besluttet or beyond» on the main path (declined is not).
ACTED_ON = (Stage.decided, Stage.piloting, Stage.done, Stage.scaled)


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def hearing_condition(scope: Scope) -> ColumnElement[bool]:
    """The hearings in scope (see the module's docstring)."""
    in_challenges = Hearing.challenge_id.in_(scoped_challenges(scope))
    by_topic = any(
        part is not None for part in (scope.challenge_id, scope.principle_id, scope.target_image_id)
    )
    if by_topic:
        return in_challenges
    return or_(
        in_challenges,
        and_(Hearing.challenge_id.is_(None), Hearing.municipality_id == scope.municipality_id),
    )


def _statements(scope: Scope):
    return (
        select(Statement)
        .join(Hearing, Hearing.id == Statement.hearing_id)
        .where(
            hearing_condition(scope),
            Hearing.opened_at.is_not(None),
            Statement.visibility != Visibility.pending,
            *scope.in_range(Statement.created_at),
        )
    )


def statement_counts(scope: Scope) -> dict[str, dict[str, int]]:
    """Per kind of sender: statements, assessed, adopted (tatt til følge, fully or partly)."""
    base = _statements(scope).subquery()
    rows = db.session.execute(
        select(
            base.c.sender_kind,
            func.count(),
            func.sum(case((base.c.assessment.is_not(None), 1), else_=0)),
            func.sum(case((base.c.assessment.in_(ADOPTED), 1), else_=0)),
        ).group_by(base.c.sender_kind)
    ).all()
    counts = {kind: {"statements": 0, "assessed": 0, "adopted": 0} for kind in SENDER_KINDS}
    for kind, n, assessed, adopted in rows:
        value = kind.value if isinstance(kind, SenderKind) else str(kind)
        counts[value] = {
            "statements": int(n or 0),
            "assessed": int(assessed or 0),
            "adopted": int(adopted or 0),
        }
    return counts


def statement_cells(scope: Scope) -> dict[str, int]:
    """The counts of persons among the statements (residents'), for disclosure.py."""
    resident = statement_counts(scope)[SenderKind.resident.value]
    return {
        "statements:resident": resident["statements"],
        "statements:resident:assessed": resident["assessed"],
        "statements:resident:adopted": resident["adopted"],
    }


@dataclass
class SenderRow:
    kind: str
    statements: int | None
    assessed: int | None
    adopted: int | None
    assessed_share: float | None
    adopted_share: float | None


@dataclass
class HearingResponse:
    hearings: int
    compiled: int  # hearings with a merknadsbehandling (compiled_at)
    compile_days_median: float | None  # compiled_at (Oslo date) − deadline, in days
    statements: int | None
    assessed: int | None
    adopted: int | None
    assessed_share: float | None  # assessed ÷ statements
    adopted_share: float | None  # (tatt til følge + delvis) ÷ assessed
    kinds: list[SenderRow] = field(default_factory=list)


def _oslo_date(moment: datetime) -> date:
    return as_utc(moment).astimezone(OSLO).date()


def summarise(counts: dict[str, dict[str, int | None]]) -> tuple[list[SenderRow], dict]:
    """Rows per kind and the totals with their shares, from (possibly published) counts: a
    total is None when any of its parts is."""
    rows = []
    for kind in SENDER_KINDS:
        c = counts[kind]
        rows.append(
            SenderRow(
                kind,
                c["statements"],
                c["assessed"],
                c["adopted"],
                _share(c["assessed"], c["statements"]),
                _share(c["adopted"], c["assessed"]),
            )
        )
    totals: dict[str, float | int | None] = {}
    for key in ("statements", "assessed", "adopted"):
        parts = [counts[kind][key] for kind in SENDER_KINDS]
        totals[key] = None if any(p is None for p in parts) else sum(p or 0 for p in parts)
    totals["assessed_share"] = _share(totals["assessed"], totals["statements"])
    totals["adopted_share"] = _share(totals["adopted"], totals["assessed"])
    return rows, totals


def _share(numerator: float | None, denominator: float | None) -> float | None:
    value = ratio(numerator, denominator)
    return None if value is None else round(value, 3)


def hearing_response(scope: Scope) -> HearingResponse:
    """Hearings, statements per kind of sender, the shares assessed and tatt til følge, and the
    median days from the deadline to the merknadsbehandling."""
    hearings = db.session.execute(
        select(Hearing.deadline, Hearing.compiled_at).where(
            hearing_condition(scope),
            Hearing.opened_at.is_not(None),
            *scope.in_range(Hearing.opened_at),
        )
    ).all()
    days = [
        float((_oslo_date(compiled) - deadline).days)
        for deadline, compiled in hearings
        if compiled is not None
    ]
    rows, totals = summarise(statement_counts(scope))  # type: ignore[arg-type]
    return HearingResponse(
        hearings=len(hearings),
        compiled=len(days),
        compile_days_median=_median(days),
        statements=totals["statements"],
        assessed=totals["assessed"],
        adopted=totals["adopted"],
        assessed_share=totals["assessed_share"],
        adopted_share=totals["adopted_share"],
        kinds=rows,
    )


@dataclass
class StatusRow:
    status: str
    results: int


@dataclass
class ResultMeasures:
    results: int
    by_status: list[StatusRow]
    done: int  # results done with a done_at (the median's n)
    median_days_to_done: float | None
    inputs_acted_on: int  # published inputs besluttet or beyond
    inputs_with_result: int  # of those, linked to at least one result
    linked_share: float | None


def result_measures(scope: Scope) -> ResultMeasures:
    """Results by status; the median days from besluttet to done; inputs besluttet or beyond
    with a linked result ÷ inputs besluttet or beyond."""
    challenges = scoped_challenges(scope)
    in_scope = [Result.challenge_id.in_(challenges), *scope.in_range(Result.created_at)]
    counts = dict(
        db.session.execute(
            select(Result.status, func.count()).where(*in_scope).group_by(Result.status)
        ).all()
    )
    by_status = [StatusRow(status.value, int(counts.get(status, 0))) for status in ResultStatus]
    # Besluttet: the earliest move of any linked input to besluttet or beyond; without one, the
    # result's own created_at. A result may link inputs of any challenge of the municipality, so
    # the facts are the whole municipality's: the table the pipeline measures already read
    # inside the whole city's dashboard, else only the history of the done results' inputs.
    linked_inputs = select(ResultInput.idea_id).join(Result, Result.id == ResultInput.result_id)
    facts = facts_of(
        Scope(scope.municipality_id, now=scope.now),
        linked_inputs.where(*in_scope, Result.status == ResultStatus.done),
    )
    decided = (
        select(ResultInput.result_id, func.min(facts.c.first_decided).label("decided_at"))
        .join(facts, facts.c.idea_id == ResultInput.idea_id)
        .group_by(ResultInput.result_id)
        .subquery()
    )
    finished = db.session.execute(
        select(Result.created_at, Result.done_at, decided.c.decided_at)
        .outerjoin(decided, decided.c.result_id == Result.id)
        .where(*in_scope, Result.status == ResultStatus.done, Result.done_at.is_not(None))
    ).all()
    days = [
        (as_utc(done) - as_utc(started if started is not None else created)).total_seconds() / 86400
        for created, done, started in finished
    ]
    acted_on = (
        select(Idea.id)
        .where(
            Idea.challenge_id.in_(challenges),
            Idea.visibility == Visibility.published,
            Idea.stage.in_(ACTED_ON),
            *scope.in_range(Idea.created_at),
        )
        .subquery()
    )
    inputs = db.session.scalar(select(func.count()).select_from(acted_on)) or 0
    linked = (
        db.session.scalar(
            select(func.count(func.distinct(ResultInput.idea_id))).where(
                ResultInput.idea_id.in_(select(acted_on.c.id))
            )
        )
        or 0
    )
    return ResultMeasures(
        results=sum(row.results for row in by_status),
        by_status=by_status,
        done=len(days),
        median_days_to_done=_median(days),
        inputs_acted_on=int(inputs),
        inputs_with_result=int(linked),
        linked_share=_share(int(linked), int(inputs)),
    )
