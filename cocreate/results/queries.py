"""Reads for results: the Resultater lists, a result's links, an input's results and the trace
of a council decision. Lists load in a fixed number of queries, whatever their length."""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from ..challenges.models import Challenge, Phase, challenge_principles, challenge_target_images
from ..challenges.queries import PUBLIC_PHASES
from ..extensions import db
from ..hearings.models import Assessment, Hearing, Statement
from ..ideas.models import Idea, Visibility
from ..ideas.stages import ACTION_STAGES, Stage
from ..pipeline.models import StageChange
from ..pipeline.queries import latest_answers
from .models import (
    DECISION_REFERENCE,
    Result,
    ResultInput,
    ResultMilestone,
    ResultStatement,
    ResultStatus,
    ResultUpdate,
)

STATUS_ORDER = (
    ResultStatus.under_way,
    ResultStatus.planned,
    ResultStatus.done,
    ResultStatus.stopped,
)


def results(
    municipality_id: int,
    *,
    challenge_id: int | None = None,
    principle_id: int | None = None,
    target_image_id: int | None = None,
    include_drafts: bool = False,
) -> Select:
    """A municipality's (or one challenge's) results, filtered by the challenge's principle and
    målbilde; drafts' results only for staff. Newest first."""
    phases = tuple(Phase) if include_drafts else PUBLIC_PHASES
    query = (
        select(Result)
        .join(Challenge, Challenge.id == Result.challenge_id)
        .where(Challenge.municipality_id == municipality_id, Challenge.phase.in_(phases))
        .options(joinedload(Result.challenge), joinedload(Result.department))
    )
    if challenge_id is not None:
        query = query.where(Result.challenge_id == challenge_id)
    if principle_id is not None:
        query = query.where(
            Result.challenge_id.in_(
                select(challenge_principles.c.challenge_id).where(
                    challenge_principles.c.principle_id == principle_id
                )
            )
        )
    if target_image_id is not None:
        query = query.where(
            Result.challenge_id.in_(
                select(challenge_target_images.c.challenge_id).where(
                    challenge_target_images.c.target_image_id == target_image_id
                )
            )
        )
    return query.order_by(Result.created_at.desc(), Result.id.desc())


def grouped_by_status(rows: Iterable[Result]) -> list[tuple[ResultStatus, list[Result]]]:
    groups: dict[ResultStatus, list[Result]] = {status: [] for status in STATUS_ORDER}
    for row in rows:
        groups[row.status].append(row)
    return [(status, groups[status]) for status in STATUS_ORDER if groups[status]]


def _public_ideas() -> Select:
    return (
        select(Idea.id)
        .join(Challenge, Challenge.id == Idea.challenge_id)
        .where(Idea.visibility == Visibility.published, Challenge.phase.in_(PUBLIC_PHASES))
    )


def input_counts(result_ids: Iterable[int]) -> dict[int, int]:
    """The number of public inputs behind each result, in one query."""
    ids = list(result_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(ResultInput.result_id, func.count())
        .where(ResultInput.result_id.in_(ids), ResultInput.idea_id.in_(_public_ideas()))
        .group_by(ResultInput.result_id)
    )
    return {result_id: count for result_id, count in rows}  # noqa: C416 - rows are tuples


def linked_inputs(result_id: int) -> list[Idea]:
    """The result's public inputs, with their challenge, oldest link first."""
    return list(
        db.session.scalars(
            select(Idea)
            .join(ResultInput, ResultInput.idea_id == Idea.id)
            .where(ResultInput.result_id == result_id, Idea.id.in_(_public_ideas()))
            .options(joinedload(Idea.challenge).joinedload(Challenge.municipality))
            .order_by(ResultInput.created_at, Idea.id)
        )
    )


def _public_statements() -> Select:
    return (
        select(Statement.id)
        .join(Hearing, Hearing.id == Statement.hearing_id)
        .where(Statement.visibility == Visibility.published, Hearing.opened_at.is_not(None))
    )


def linked_statements(result_id: int) -> list[Statement]:
    """The result's public hearing statements, with their hearing."""
    return list(
        db.session.scalars(
            select(Statement)
            .join(ResultStatement, ResultStatement.statement_id == Statement.id)
            .where(
                ResultStatement.result_id == result_id,
                Statement.id.in_(_public_statements()),
            )
            .options(joinedload(Statement.hearing))
            .order_by(ResultStatement.created_at, Statement.id)
        )
    )


def milestones(result_id: int) -> list[ResultMilestone]:
    return list(
        db.session.scalars(
            select(ResultMilestone)
            .where(ResultMilestone.result_id == result_id)
            .order_by(ResultMilestone.due_on, ResultMilestone.id)
        )
    )


def updates(result_id: int) -> list[ResultUpdate]:
    """The public updates, newest first."""
    return list(
        db.session.scalars(
            select(ResultUpdate)
            .where(ResultUpdate.result_id == result_id)
            .order_by(ResultUpdate.created_at.desc(), ResultUpdate.id.desc())
        )
    )


def results_for_idea(idea_id: int, *, include_drafts: bool = False) -> list[Result]:
    """The results that answer this input (its own page shows them with their progress)."""
    phases = tuple(Phase) if include_drafts else PUBLIC_PHASES
    return list(
        db.session.scalars(
            select(Result)
            .join(ResultInput, ResultInput.result_id == Result.id)
            .join(Challenge, Challenge.id == Result.challenge_id)
            .where(ResultInput.idea_id == idea_id, Challenge.phase.in_(phases))
            .options(joinedload(Result.challenge).joinedload(Challenge.municipality))
            .order_by(Result.id)
        )
    )


def linkable_inputs(result: Result) -> list[Idea]:
    """Published inputs of the result's challenge not linked yet (the link form's choices)."""
    linked = select(ResultInput.idea_id).where(ResultInput.result_id == result.id)
    return list(
        db.session.scalars(
            select(Idea)
            .where(
                Idea.challenge_id == result.challenge_id,
                Idea.visibility == Visibility.published,
                Idea.id.not_in(linked),
            )
            .order_by(Idea.id)
        )
    )


def linkable_statements(result: Result, limit: int = 500) -> list[Statement]:
    """Public statements of the municipality's hearings not linked yet."""
    linked = select(ResultStatement.statement_id).where(ResultStatement.result_id == result.id)
    return list(
        db.session.scalars(
            select(Statement)
            .join(Hearing, Hearing.id == Statement.hearing_id)
            .where(
                Hearing.municipality_id == result.challenge.municipality_id,
                Statement.id.in_(_public_statements()),
                Statement.id.not_in(linked),
            )
            .options(joinedload(Statement.hearing))
            .order_by(Hearing.id, Statement.id)
            .limit(limit)
        )
    )


# --- the trace of a council decision -------------------------------------------------------

TOOK_UP, PARTLY, DECLINED, NOTED = "took_up", "partly", "declined", "noted"
ASSESSMENT_OUTCOMES = {
    Assessment.adopted: TOOK_UP,
    Assessment.partly: PARTLY,
    Assessment.not_adopted: DECLINED,
    Assessment.noted: NOTED,
}


@dataclass
class TracedInput:
    idea: Idea
    outcome: str
    answer: StageChange | None
    results: list[Result]


@dataclass
class TracedStatement:
    statement: Statement
    outcome: str
    results: list[Result]


@dataclass
class Trace:
    reference: str
    results: list[Result]
    inputs: list[TracedInput]
    statements: list[TracedStatement]


def valid_reference(reference: str | None) -> bool:
    """A decision reference a page or the API may look up: some text, no control characters,
    no longer than the column."""
    return (
        bool(reference and reference.strip())
        and len(reference or "") <= DECISION_REFERENCE.max
        and not any(ord(c) < 32 for c in reference or "")
    )


def decision_trace(municipality_id: int, reference: str) -> Trace:
    """Every public input and statement the decision took up, partly took up or declined: the
    inputs and statements linked to results with this decision reference, and the inputs whose
    stage changes cite it (besluttet and beyond: took up; ikke videreført: declined), with the
    input's shown answer and the statement's assessment."""
    found = list(
        db.session.scalars(
            results(municipality_id).where(Result.decision_reference == reference)
        ).unique()
    )
    result_ids = [r.id for r in found]
    by_id = {r.id: r for r in found}
    links = db.session.execute(
        select(ResultInput.idea_id, ResultInput.result_id).where(
            ResultInput.result_id.in_(result_ids), ResultInput.idea_id.in_(_public_ideas())
        )
    ).all()
    idea_results: dict[int, list[Result]] = {}
    for idea_id, result_id in links:
        idea_results.setdefault(idea_id, []).append(by_id[result_id])
    cited = db.session.execute(
        select(StageChange.idea_id, StageChange.to_stage)
        .join(Idea, Idea.id == StageChange.idea_id)
        .join(Challenge, Challenge.id == Idea.challenge_id)
        .where(
            StageChange.reference == reference,
            Challenge.municipality_id == municipality_id,
            StageChange.idea_id.in_(_public_ideas()),
        )
        .order_by(StageChange.created_at, StageChange.id)
    ).all()
    outcome: dict[int, str] = dict.fromkeys(idea_results, TOOK_UP)
    for idea_id, stage in cited:  # the newest citing change decides
        if stage is Stage.declined:
            outcome[idea_id] = DECLINED
        elif stage in ACTION_STAGES:
            outcome[idea_id] = TOOK_UP
    ideas = (
        db.session.scalars(
            select(Idea)
            .where(Idea.id.in_(list(outcome)))
            .options(joinedload(Idea.challenge).joinedload(Challenge.municipality))
            .order_by(Idea.id)
        ).all()
        if outcome
        else []
    )
    answers = latest_answers(outcome)
    inputs = [
        TracedInput(idea, outcome[idea.id], answers.get(idea.id), idea_results.get(idea.id, []))
        for idea in ideas
    ]
    statement_links = db.session.execute(
        select(ResultStatement.statement_id, ResultStatement.result_id).where(
            ResultStatement.result_id.in_(result_ids),
            ResultStatement.statement_id.in_(_public_statements()),
        )
    ).all()
    statement_results: dict[int, list[Result]] = {}
    for statement_id, result_id in statement_links:
        statement_results.setdefault(statement_id, []).append(by_id[result_id])
    statements = (
        db.session.scalars(
            select(Statement)
            .where(Statement.id.in_(list(statement_results)))
            .options(joinedload(Statement.hearing))
            .order_by(Statement.id)
        ).all()
        if statement_results
        else []
    )
    traced = [
        TracedStatement(
            s,
            ASSESSMENT_OUTCOMES[s.assessment] if s.assessment is not None else TOOK_UP,
            statement_results[s.id],
        )
        for s in statements
    ]
    return Trace(reference, found, inputs, traced)
