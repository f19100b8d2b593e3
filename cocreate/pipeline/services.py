"""move_idea(): the one way an input changes stage. Services flush; routes commit.

Every move checks the stage machine (ideas/stages.py) and the actor's role in the idea's
municipality, requires a public answer, writes one StageChange (never edited afterwards), and
tells the input's audience (receivers.notify_idea_moved) in the same transaction.
_record_move() is the one place that adds a StageChange, and with it sets the idea's stage,
last_moved_at and first_answered_at; every other figure about an input's history is worked out
from the history by the measures.
"""

from typing import cast

from flask_babel import gettext as _
from sqlalchemy import CursorResult, select, update

from ..accounts.models import User
from ..accounts.permissions import is_staff, role_in
from ..audit.services import record_event
from ..database import utcnow
from ..extensions import db
from ..ideas.models import Idea, Visibility
from ..ideas.stages import Stage, allowed_moves, can_move
from ..refusals import Refusal
from .models import ANSWER, REFERENCE, UNIT, StageChange
from .receivers import notify_idea_moved


class MoveError(Refusal):
    """A move broke a rule; the message is shown to the facilitator."""


class NotAllowed(MoveError):
    """The actor may not move inputs in this municipality."""


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
    if idea.visibility is Visibility.merged:
        raise MoveError(
            _(
                "Innspillet er slått sammen med et annet. "
                "Svar på innspillet det ble slått sammen med."
            )
        )
    if idea.visibility is not Visibility.published:
        raise MoveError(
            _("Skjulte innspill og innspill som venter på godkjenning kan ikke flyttes.")
        )
    return _record_move(
        idea, to_stage, answer=answer, actor=actor, reference=reference, unit_name=unit_name
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
                _record_move(
                    duplicate,
                    to_stage,
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


def _record_move(
    idea: Idea,
    to_stage: Stage,
    *,
    answer: str,
    actor: User,
    reference: str | None,
    unit_name: str | None,
) -> StageChange:
    municipality = idea.challenge.municipality
    if not is_staff(actor, municipality):
        raise NotAllowed(_("Bare fasilitatorer og administratorer i kommunen kan flytte innspill."))
    from_stage = idea.stage
    if not can_move(from_stage, to_stage):
        raise MoveError(_illegal_move_message(from_stage, to_stage))
    answer, reference = _clean(answer, reference, unit_name)
    now = utcnow()
    # The stage in the WHERE clause makes two parallel moves of one input impossible: the
    # second finds the stage changed and is refused instead of writing a history that forks.
    moved = cast(
        CursorResult,
        db.session.execute(
            update(Idea)
            .where(Idea.id == idea.id, Idea.stage == from_stage)
            .values(
                stage=to_stage,
                last_moved_at=now,
                first_answered_at=idea.first_answered_at or now,
            )
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
        answer=answer,
        reference=reference,
        actor_id=actor.id,
        actor_role=role_in(actor, municipality),
        unit_name=(unit_name or "").strip() or municipality.name,
        created_at=now,
    )
    db.session.add(change)
    db.session.flush()
    db.session.refresh(idea)
    record_event(
        "idea.moved",
        actor=actor,
        municipality=municipality,
        subject=idea,
        from_stage=from_stage.value,
        to_stage=to_stage.value,
        change_id=change.id,
    )
    notify_idea_moved(idea, change=change, actor=actor)
    return change


def _illegal_move_message(current: Stage, target: Stage) -> str:
    if current is target:
        return _("Innspillet er allerede i steget «%(stage)s».", stage=current.label)
    if not allowed_moves(current):
        return _(
            "«%(stage)s» er et sluttsteg. En rettelse må gis som et nytt svar, ikke en endring.",
            stage=current.label,
        )
    return _(
        "Et innspill kan ikke flyttes fra «%(from)s» til «%(to)s». Steg går bare framover.",
        **{"from": current.label, "to": target.label},
    )
