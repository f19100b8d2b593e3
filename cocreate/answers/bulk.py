"""One answer to many inputs at once: a move, a correction or a progress update for each.

Each input goes through the pipeline's own service (move_with_duplicates, correct_answer,
add_progress_update), so it gets its own history row and public answer under the same rules as
one at a time; the answer's placeholders are filled per input. All or nothing: every input is
tried in a savepoint of its own so that all the reasons are found, and if any input is refused
the whole action's savepoint is rolled back and BulkRefused names each refused input and why.
Each person behind several of the inputs gets one e-mail for the whole action.
"""

import enum
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from ..accounts.models import User
from ..audit.services import record_event
from ..extensions import db
from ..ideas.models import Idea
from ..ideas.stages import Stage
from ..municipalities.models import Municipality
from ..notifications.services import one_email_per_person
from ..pipeline.models import StageChange
from ..pipeline.services import add_progress_update, correct_answer, move_with_duplicates
from ..refusals import Refusal, require
from .permissions import why_not_answer_many
from .services import fill


class BulkAction(enum.Enum):
    move = "move"
    correct = "correct"
    progress = "progress"

    @property
    def label(self) -> str:
        return str(ACTION_LABELS[self])


ACTION_LABELS = {
    BulkAction.move: _l("Flytt til et nytt steg med svaret"),
    BulkAction.correct: _l("Rett det viste svaret"),
    BulkAction.progress: _l("Legg til en oppdatering om arbeidet"),
}


@dataclass(frozen=True)
class Failure:
    idea: Idea
    reason: str


class BulkError(Refusal):
    """The action as a whole broke a rule (no inputs, no stage)."""


class BulkRefused(Refusal):
    """One or more inputs could not take the action; nothing was saved."""

    def __init__(self, failures: list[Failure]) -> None:
        super().__init__(
            ngettext(
                "%(num)d innspill kunne ikke få svaret, så ingenting ble lagret.",
                "%(num)d innspill kunne ikke få svaret, så ingenting ble lagret.",
                len(failures),
            )
        )
        self.failures = failures


def _subject(count: int) -> str:
    return ngettext(
        "Nytt fra kommunen om %(num)d innspill", "Nytt fra kommunen om %(num)d innspill", count
    )


def _intro(count: int) -> str:
    return ngettext(
        "Kommunen har svart på %(num)d innspill som du har sendt inn, støttet eller følger:",
        "Kommunen har svart på %(num)d innspill som du har sendt inn, støttet eller følger:",
        count,
    )


def _apply(
    idea: Idea,
    action: BulkAction,
    *,
    answer: str,
    actor: User,
    to_stage: Stage | None,
    reference: str | None,
) -> list[StageChange]:
    text = fill(answer, idea)
    if action is BulkAction.move:
        assert to_stage is not None
        return move_with_duplicates(idea, to_stage, answer=text, actor=actor, reference=reference)
    if action is BulkAction.correct:
        return [correct_answer(idea, answer=text, actor=actor, reference=reference)]
    return [add_progress_update(idea, answer=text, actor=actor, reference=reference)]


def answer_many(
    municipality: Municipality,
    ideas: list[Idea],
    action: BulkAction,
    *,
    answer: str,
    actor: User,
    to_stage: Stage | None = None,
    reference: str | None = None,
) -> list[StageChange]:
    """Give every one of the inputs the same answer by the same action, or none of them."""
    require(why_not_answer_many(actor, municipality))
    ideas = list({idea.id: idea for idea in ideas}.values())
    if not ideas:
        raise BulkError(_("Velg minst ett innspill."))
    if action is BulkAction.move and to_stage is None:
        raise BulkError(_("Velg hvilket steg innspillene skal til."))
    changes: list[StageChange] = []
    failures: list[Failure] = []
    whole = db.session.begin_nested()
    try:
        with one_email_per_person(_subject, _intro):
            for idea in ideas:
                if idea.challenge.municipality_id != municipality.id:
                    failures.append(Failure(idea, _("Innspillet hører til en annen kommune.")))
                    continue
                try:
                    with db.session.begin_nested():
                        changes += _apply(
                            idea,
                            action,
                            answer=answer,
                            actor=actor,
                            to_stage=to_stage,
                            reference=reference,
                        )
                except Refusal as refusal:
                    failures.append(Failure(idea, refusal.reason))
            if failures:
                raise BulkRefused(failures)
    except Exception:
        whole.rollback()
        raise
    whole.commit()
    record_event(
        "ideas.answered_together",
        actor=actor,
        municipality=municipality,
        action=action.value,
        idea_ids=[idea.id for idea in ideas],
        change_ids=[change.id for change in changes],
    )
    return changes
