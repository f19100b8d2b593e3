"""Every change of a result (tiltak). Services check their rule, flush, write an audit row and
declare the municipality's public pages changed; routes commit.

A result's progress and status change only through `report_progress`, which writes a public
ResultUpdate and tells everyone behind its linked inputs, one e-mail per person per update.
"""

from collections.abc import Iterable
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from .. import page_generations
from ..accounts.models import User
from ..answers.bulk import BulkAction, answer_many
from ..audit.services import record_event
from ..cases.models import Department
from ..challenges.models import Challenge
from ..challenges.queries import PUBLIC_PHASES
from ..database import utcnow
from ..extensions import db
from ..hearings.models import Statement
from ..ideas.models import Idea, Visibility
from ..ideas.stages import Stage
from ..markup import render_markdown
from ..pipeline.models import ANSWER, StageChange
from ..refusals import Refusal, require
from .models import (
    DECISION_REFERENCE,
    MILESTONE_TITLE,
    RESULT_DESCRIPTION,
    RESULT_TITLE,
    STOP_REASON,
    UPDATE_NOTE,
    Result,
    ResultInput,
    ResultMilestone,
    ResultStatement,
    ResultStatus,
    ResultUpdate,
)
from .notices import notify_result_updated
from .permissions import why_not_manage_results, why_not_update_result

# Stages an input that is already gjort, further on, or declined stays in (no move to gjort).
SKIPPED_STAGES = (Stage.done, Stage.scaled, Stage.declined)


# The cost columns are integers (32 bits on PostgreSQL).
MAX_KRONER = 2**31 - 1


class ResultError(Refusal):
    """A rule about results was broken; the message is shown to the person."""


def _cost(value: int | None, negative: str) -> int | None:
    if value is None:
        return None
    if value < 0:
        raise ResultError(negative)
    if value > MAX_KRONER:
        raise ResultError(_("Beløpet kan være høyst 2 147 483 647 kroner."))
    return int(value)


def _department(challenge: Challenge, department: Department | None) -> Department | None:
    if department is not None and department.municipality_id != challenge.municipality_id:
        raise ResultError(_("Enheten hører til en annen kommune."))
    return department


def _fields(
    result: Result,
    *,
    title: str,
    description: str,
    department: Department | None,
    cost_estimate: int | None,
    actual_cost: int | None,
    decision_reference: str | None,
) -> None:
    result.title = RESULT_TITLE.enforce(" ".join((title or "").split()), ResultError)
    result.description = RESULT_DESCRIPTION.enforce((description or "").strip(), ResultError)
    result.description_html = render_markdown(result.description) if result.description else ""
    result.department_id = department.id if department is not None else None
    result.cost_estimate = _cost(cost_estimate, _("Kostnadsoverslaget kan ikke være negativt."))
    result.actual_cost = _cost(actual_cost, _("Faktisk kostnad kan ikke være negativ."))
    reference = DECISION_REFERENCE.enforce((decision_reference or "").strip(), ResultError)
    result.decision_reference = reference or None


def create_result(
    challenge: Challenge,
    *,
    title: str,
    description: str = "",
    department: Department | None = None,
    cost_estimate: int | None = None,
    actual_cost: int | None = None,
    decision_reference: str | None = None,
    actor: User,
) -> Result:
    """A new result under the challenge, planned and at 0 %."""
    require(why_not_manage_results(actor, challenge))
    result = Result(challenge_id=challenge.id, challenge=challenge, created_by_id=actor.id)
    _fields(
        result,
        title=title,
        description=description,
        department=_department(challenge, department),
        cost_estimate=cost_estimate,
        actual_cost=actual_cost,
        decision_reference=decision_reference,
    )
    result.progress, result.status = 0, ResultStatus.planned
    db.session.add(result)
    db.session.flush()
    _recorded("result.created", result, actor, title=result.title)
    return result


def update_result(
    result: Result,
    *,
    title: str,
    description: str,
    department: Department | None,
    cost_estimate: int | None,
    actual_cost: int | None,
    decision_reference: str | None,
    actor: User,
) -> Result:
    """Edit what a result is; progress and status change by report_progress()."""
    require(why_not_manage_results(actor, result.challenge))
    _fields(
        result,
        title=title,
        description=description,
        department=_department(result.challenge, department),
        cost_estimate=cost_estimate,
        actual_cost=actual_cost,
        decision_reference=decision_reference,
    )
    db.session.flush()
    _recorded("result.updated", result, actor, title=result.title)
    return result


def report_progress(
    result: Result,
    *,
    progress: int,
    status: ResultStatus,
    note: str,
    stop_reason: str = "",
    actor: User,
) -> ResultUpdate:
    """A public update: the new progress and status with a note; everyone behind the linked
    inputs is told, each person once."""
    require(why_not_update_result(actor, result))
    if not 0 <= progress <= 100:
        raise ResultError(_("Fremdriften må være et helt tall fra 0 til 100."))
    note = UPDATE_NOTE.enforce((note or "").strip(), ResultError)
    stop_reason = (stop_reason or "").strip()
    if status is ResultStatus.stopped:
        if not stop_reason:
            raise ResultError(_("Skriv hvorfor tiltaket er stanset."))
        STOP_REASON.enforce(stop_reason, ResultError)
    else:
        stop_reason = ""
    if status is ResultStatus.done:
        progress = 100
    if progress == result.progress and status is result.status:
        raise ResultError(_("Verken fremdriften eller statusen er endret."))
    if status is ResultStatus.done and result.status is not ResultStatus.done:
        result.done_at = utcnow()
    elif status is not ResultStatus.done:
        result.done_at = None
    result.progress, result.status, result.stop_reason = progress, status, stop_reason
    update = ResultUpdate(
        result_id=result.id, progress=progress, status=status, note=note, actor_id=actor.id
    )
    db.session.add(update)
    db.session.flush()
    _recorded(
        "result.progress", result, actor, progress=progress, status=status.value, update=update.id
    )
    notify_result_updated(result, update, actor=actor)
    return update


def _linkable_ideas(result: Result, ideas: Iterable[Idea]) -> list[Idea]:
    found = []
    for idea in {idea.id: idea for idea in ideas}.values():
        if idea.challenge.municipality_id != result.challenge.municipality_id:
            raise ResultError(
                _("Innspillet «%(title)s» hører til en annen kommune.", title=idea.title)
            )
        if idea.visibility is not Visibility.published:
            raise ResultError(
                _(
                    "Innspillet «%(title)s» er ikke offentlig og kan ikke knyttes til et resultat.",
                    title=idea.title,
                )
            )
        found.append(idea)
    return found


def link_inputs(result: Result, ideas: Iterable[Idea], *, actor: User) -> int:
    """Link published inputs of the same municipality that the result answers; how many were
    new."""
    require(why_not_manage_results(actor, result.challenge))
    chosen = _linkable_ideas(result, ideas)
    if not chosen:
        raise ResultError(_("Velg minst ett innspill."))
    linked = set(
        db.session.scalars(select(ResultInput.idea_id).where(ResultInput.result_id == result.id))
    )
    new = [idea for idea in chosen if idea.id not in linked]
    for idea in new:
        db.session.add(ResultInput(result_id=result.id, idea_id=idea.id))
    db.session.flush()
    _recorded("result.inputs_linked", result, actor, idea_ids=[idea.id for idea in new])
    return len(new)


def unlink_input(result: Result, idea: Idea, *, actor: User) -> None:
    """The result no longer answers this input."""
    require(why_not_manage_results(actor, result.challenge))
    link = db.session.get(ResultInput, (result.id, idea.id))
    if link is None:
        raise ResultError(_("Innspillet er ikke knyttet til resultatet."))
    db.session.delete(link)
    db.session.flush()
    _recorded("result.input_unlinked", result, actor, idea_id=idea.id)


def link_statements(result: Result, statements: Iterable[Statement], *, actor: User) -> int:
    """Link published hearing statements of the same municipality that the result takes up."""
    require(why_not_manage_results(actor, result.challenge))
    chosen = list({s.id: s for s in statements}.values())
    if not chosen:
        raise ResultError(_("Velg minst én høringsuttalelse."))
    for statement in chosen:
        if statement.hearing.municipality_id != result.challenge.municipality_id:
            raise ResultError(_("Høringsuttalelsen hører til en annen kommune."))
        if statement.visibility is not Visibility.published:
            raise ResultError(_("Høringsuttalelsen er ikke offentlig."))
    linked = set(
        db.session.scalars(
            select(ResultStatement.statement_id).where(ResultStatement.result_id == result.id)
        )
    )
    new = [s for s in chosen if s.id not in linked]
    for statement in new:
        db.session.add(ResultStatement(result_id=result.id, statement_id=statement.id))
    db.session.flush()
    _recorded("result.statements_linked", result, actor, statement_ids=[s.id for s in new])
    return len(new)


def unlink_statement(result: Result, statement: Statement, *, actor: User) -> None:
    """The result no longer takes up this statement."""
    require(why_not_manage_results(actor, result.challenge))
    link = db.session.get(ResultStatement, (result.id, statement.id))
    if link is None:
        raise ResultError(_("Høringsuttalelsen er ikke knyttet til resultatet."))
    db.session.delete(link)
    db.session.flush()
    _recorded("result.statement_unlinked", result, actor, statement_id=statement.id)


def add_milestone(result: Result, *, title: str, due_on: date, actor: User) -> ResultMilestone:
    """A dated milestone of the result."""
    require(why_not_manage_results(actor, result.challenge))
    title = MILESTONE_TITLE.enforce(" ".join((title or "").split()), ResultError)
    milestone = ResultMilestone(result_id=result.id, title=title, due_on=due_on)
    db.session.add(milestone)
    db.session.flush()
    _recorded("result.milestone_added", result, actor, milestone=milestone.id)
    return milestone


def complete_milestone(milestone: ResultMilestone, result: Result, *, actor: User) -> None:
    """Mark a milestone done today (staff and the department's case officers)."""
    require(why_not_update_result(actor, result))
    if milestone.done_on is not None:
        raise ResultError(_("Milepælen er allerede nådd."))
    milestone.done_on = utcnow().date()
    db.session.flush()
    _recorded("result.milestone_done", result, actor, milestone=milestone.id)


def remove_milestone(milestone: ResultMilestone, result: Result, *, actor: User) -> None:
    """Remove a milestone."""
    require(why_not_manage_results(actor, result.challenge))
    db.session.delete(milestone)
    db.session.flush()
    _recorded("result.milestone_removed", result, actor, milestone=milestone.id)


def move_inputs_to_done(
    result: Result, *, answer: str, actor: User
) -> tuple[list[StageChange], list[Idea]]:
    """When the result is done, move its linked inputs to gjort with one public answer, all or
    nothing (answers.bulk.answer_many); inputs already gjort, skalert or not taken further are
    skipped. Returns the changes and the skipped inputs."""
    require(why_not_manage_results(actor, result.challenge))
    if result.status is not ResultStatus.done:
        raise ResultError(
            _("Innspillene kan flyttes til «Gjort» først når tiltaket er gjennomført.")
        )
    ANSWER.enforce((answer or "").strip(), ResultError)
    ideas = list(
        db.session.scalars(
            select(Idea)
            .join(ResultInput, ResultInput.idea_id == Idea.id)
            .join(Challenge, Challenge.id == Idea.challenge_id)
            .where(
                ResultInput.result_id == result.id,
                Idea.visibility == Visibility.published,
                Challenge.phase.in_(PUBLIC_PHASES),
            )
            .order_by(Idea.id)
        )
    )
    skipped = [idea for idea in ideas if idea.stage in SKIPPED_STAGES]
    to_move = [idea for idea in ideas if idea.stage not in SKIPPED_STAGES]
    if not to_move:
        raise ResultError(_("Ingen av innspillene kan flyttes til «Gjort»."))
    changes = answer_many(
        result.challenge.municipality,
        to_move,
        BulkAction.move,
        answer=answer.strip(),
        actor=actor,
        to_stage=Stage.done,
        reference=result.decision_reference,
    )
    _recorded("result.inputs_done", result, actor, idea_ids=[idea.id for idea in to_move])
    return changes, skipped


def _recorded(event: str, result: Result, actor: User, **data: object) -> None:
    municipality = result.challenge.municipality
    record_event(event, actor=actor, municipality=municipality, subject=result, **data)
    page_generations.changed(municipality.id)
