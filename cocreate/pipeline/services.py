"""move_idea(), correct_answer() and add_progress_update(): the only ways an input's history
grows. Services flush; routes commit.

Each checks its rule in permissions.py (why_not_move/why_not_correct/why_not_update) and raises
its reason as a refusal, requires a public answer, writes one StageChange (never edited
afterwards), and tells the input's audience (receivers.notify_idea_moved) in the same
transaction. _record() is the one place that adds a StageChange, and with it sets the idea's
stage, last_moved_at and first_answered_at (a progress update is not a first answer, DESIGN.md
§3); every other figure about an input's history is worked out from the history by the measures.
"""

from datetime import date
from typing import Any, cast

from flask_babel import gettext as _
from sqlalchemy import CursorResult, select, update

from ..accounts.models import User
from ..accounts.permissions import role_in
from ..audit.services import record_event
from ..database import utcnow
from ..extensions import db
from ..ideas.models import Idea, Visibility
from ..ideas.stages import Stage, can_move
from ..page_generations import changed
from ..refusals import NotAllowed as Forbidden
from ..refusals import Refusal
from .case_rules import RULES
from .deadlines import today
from .models import ANSWER, REFERENCE, UNIT, ChangeKind, StageChange
from .permissions import why_not_correct, why_not_move, why_not_update
from .receivers import notify_idea_moved


class MoveError(Refusal):
    """A move broke a rule; the message is shown to the facilitator."""


class NotAllowed(MoveError, Forbidden):
    """A rule of permissions.py said no; the reason is the one it gave."""

    status = 403


def _require(reason: str | None) -> None:
    if reason is not None:
        raise NotAllowed(reason)


def move_idea(
    idea: Idea,
    to_stage: Stage,
    *,
    answer: str,
    actor: User,
    reference: str | None = None,
    unit_name: str | None = None,
) -> StageChange:
    """Move a published input to an allowed stage with a public answer (≥ 20 characters)."""
    _require(why_not_move(actor, idea))
    return _record(
        idea,
        to_stage,
        ChangeKind.move,
        answer=answer,
        actor=actor,
        reference=reference,
        unit_name=unit_name,
    )


def correct_answer(
    idea: Idea,
    *,
    answer: str,
    actor: User,
    reference: str | None = None,
    unit_name: str | None = None,
) -> StageChange:
    """A new answer that replaces the shown one, at the same stage; the history keeps both."""
    _require(why_not_correct(actor, idea))
    return _record(
        idea,
        idea.stage,
        ChangeKind.correction,
        answer=answer,
        actor=actor,
        reference=reference,
        unit_name=unit_name,
    )


def add_progress_update(
    idea: Idea,
    *,
    answer: str,
    actor: User,
    reference: str | None = None,
    unit_name: str | None = None,
    expected_on: date | None = None,
) -> StageChange:
    """A dated public note on work under way; the stage and the shown answer stay. With
    `expected_on` it is a provisional answer (foreløpig svar): it says publicly when the answer
    can be expected and moves the staff deadline to that date; it is still not a first answer."""
    _require(why_not_update(actor, idea))
    if expected_on is not None and expected_on < today():
        raise MoveError(_("Datoen svaret kan ventes, kan ikke være før i dag."))
    return _record(
        idea,
        idea.stage,
        ChangeKind.progress,
        answer=answer,
        actor=actor,
        reference=reference,
        unit_name=unit_name,
        expected_on=expected_on,
    )


def merged_duplicates(idea: Idea) -> list[Idea]:
    """The inputs merged into this one, oldest first."""
    return list(
        db.session.scalars(
            select(Idea)
            .where(Idea.merged_into_id == idea.id, Idea.visibility == Visibility.merged)
            .order_by(Idea.created_at, Idea.id)
        )
    )


def move_with_duplicates(
    idea: Idea,
    to_stage: Stage,
    *,
    answer: str,
    actor: User,
    reference: str | None = None,
    unit_name: str | None = None,
) -> list[StageChange]:
    """Move an input and give each of its merged duplicates the same answer as its own move
    (duplicates that cannot make that move, e.g. already further along, are left as they are)."""
    changes = [
        move_idea(
            idea, to_stage, answer=answer, actor=actor, reference=reference, unit_name=unit_name
        )
    ]
    for duplicate in merged_duplicates(idea):
        if can_move(duplicate.stage, to_stage):
            changes.append(
                _record(
                    duplicate,
                    to_stage,
                    ChangeKind.move,
                    answer=answer,
                    actor=actor,
                    reference=reference,
                    unit_name=unit_name,
                )
            )
    return changes


def _clean(answer: str, reference: str | None, unit_name: str | None) -> tuple[str, str | None]:
    answer = ANSWER.enforce((answer or "").strip(), MoveError)
    reference = REFERENCE.enforce((reference or "").strip(), MoveError) or None
    UNIT.enforce((unit_name or "").strip(), MoveError)
    return answer, reference


def _record(
    idea: Idea,
    to_stage: Stage,
    kind: ChangeKind,
    *,
    answer: str,
    actor: User,
    reference: str | None,
    unit_name: str | None,
    expected_on: date | None = None,
) -> StageChange:
    municipality = idea.challenge.municipality
    from_stage = idea.stage
    if kind is ChangeKind.move and not can_move(from_stage, to_stage):
        raise MoveError(_illegal_move_message(from_stage, to_stage))
    answer, reference = _clean(answer, reference, unit_name)
    now = utcnow()
    # The stage in the WHERE clause makes two parallel moves of one input impossible: the
    # second finds the stage changed and is refused instead of writing a history that forks.
    # Corrections and progress updates count as a move for "stalled" and "implementation
    # reporting" (last_moved_at); a progress update is not a first answer.
    answered = idea.first_answered_at or (None if kind is ChangeKind.progress else now)
    values: dict[str, Any] = {
        "stage": to_stage,
        "last_moved_at": now,
        "first_answered_at": answered,
    }
    if expected_on is not None:
        values["deadline_on"] = expected_on  # a provisional answer moves the staff deadline
    moved = cast(
        CursorResult,
        db.session.execute(
            update(Idea)
            .where(Idea.id == idea.id, Idea.stage == from_stage)
            .values(values)
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    if not moved:
        db.session.refresh(idea)
        raise MoveError(_("Innspillet ble nettopp flyttet av noen andre. Se det nye steget."))
    change = StageChange(
        idea_id=idea.id,
        from_stage=from_stage,
        to_stage=to_stage,
        kind=kind,
        answer=answer,
        reference=reference,
        actor_id=actor.id,
        actor_role=role_in(actor, municipality),
        unit_name=_unit_name(idea, unit_name) or municipality.name,
        department_id=idea.department_id,
        expected_on=expected_on,
        created_at=now,
    )
    db.session.add(change)
    db.session.flush()
    db.session.refresh(idea)
    changed(municipality.id)
    record_event(
        EVENTS[kind],
        actor=actor,
        municipality=municipality,
        subject=idea,
        from_stage=from_stage.value,
        to_stage=to_stage.value,
        change_id=change.id,
        **({"expected_on": expected_on.isoformat()} if expected_on else {}),
    )
    notify_idea_moved(idea, change=change, actor=actor)
    return change


def answering_unit(idea: Idea) -> str:
    """The name an answer given now is signed with: the input's department, else the
    municipality."""
    return _unit_name(idea, None) or idea.challenge.municipality.name


def _unit_name(idea: Idea, typed: str | None) -> str | None:
    """Who answers, as the public answer names them: a name given (the CLI, older callers), else
    the input's department as it is called now (kept with the answer, so a later rename or a
    deleted department leaves the answer as it was given)."""
    if typed and typed.strip():
        return typed.strip()
    if idea.department_id is not None:
        return RULES.department_name(idea.department_id)
    return None


EVENTS = {
    ChangeKind.move: "idea.moved",
    ChangeKind.correction: "idea.answer_corrected",
    ChangeKind.progress: "idea.progress_updated",
}


def _illegal_move_message(current: Stage, target: Stage) -> str:
    if current is target:
        return _("Innspillet er allerede i steget «%(stage)s».", stage=current.label)
    return _(
        "Et innspill kan ikke flyttes fra «%(from)s» til «%(to)s». Steg går bare framover.",
        **{"from": current.label, "to": target.label},
    )
