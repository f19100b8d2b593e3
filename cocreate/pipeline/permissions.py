"""Who may answer, move, correct and update inputs, see the facilitator views, and follow inputs.

Each rule is written once: `why_not_<action>()` answers with the reason in plain words, or None
when the person may; `can_<action>()` asks it. The services raise the reason as a refusal, and
routes and templates show it (see ideas/permissions.py for the pattern).
"""

from typing import Any

from flask_babel import gettext as _

from ..accounts.models import Role
from ..accounts.permissions import STAFF_ROLES, is_staff, role_in
from ..challenges.models import Challenge
from ..ideas.models import Idea, Visibility
from ..ideas.stages import allowed_moves
from ..municipalities.models import Municipality
from .case_rules import RULES


def _user_ok(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def _why_not_answer(user: Any, idea: Idea) -> str | None:
    """Facilitators and admins of the idea's municipality answer its published inputs, and a
    case officer those assigned to them or to one of their departments (cases/permissions.py);
    a merged duplicate is answered through the idea it was merged into."""
    role = role_in(user, idea.challenge.municipality_id)
    if role is Role.case_officer:
        if not RULES.handles(user, idea):
            return _(
                "Innspillet er ikke tildelt deg eller en enhet du er med i. Be en fasilitator "
                "eller administrator tildele det."
            )
    elif role not in STAFF_ROLES:
        return _("Bare fasilitatorer og administratorer i kommunen kan svare på innspill.")
    if idea.visibility is Visibility.merged:
        return _(
            "Innspillet er slått sammen med et annet. Svar på innspillet det ble slått sammen med."
        )
    if idea.visibility is not Visibility.published:
        return _("Skjulte innspill og innspill som venter på godkjenning kan ikke flyttes.")
    return None


def why_not_move(user: Any, idea: Idea) -> str | None:
    """Staff move a published input forward to a later stage; a final stage takes corrections
    and no moves."""
    if reason := _why_not_answer(user, idea):
        return reason
    if not allowed_moves(idea.stage):
        return _(
            "«%(stage)s» er et sluttsteg, så innspillet kan ikke flyttes videre. "
            "Er svaret feil, kan du gi en rettelse.",
            stage=idea.stage.label,
        )
    return None


def can_move_idea(user: Any, idea: Idea) -> bool:
    return why_not_move(user, idea) is None


def why_not_correct(user: Any, idea: Idea) -> str | None:
    """Staff correct the shown answer of a published input at any stage, the final ones
    included, once it has an answer to correct."""
    if reason := _why_not_answer(user, idea):
        return reason
    if idea.first_answered_at is None:
        return _(
            "Innspillet har ikke fått noe svar ennå, så det er ingenting å rette. "
            "Svar ved å flytte det til neste steg."
        )
    return None


def can_correct_idea(user: Any, idea: Idea) -> bool:
    return why_not_correct(user, idea) is None


def why_not_update(user: Any, idea: Idea) -> str | None:
    """Staff add a progress update (a dated public note) to a published input that is not at a
    final stage."""
    if reason := _why_not_answer(user, idea):
        return reason
    if idea.stage.is_final:
        return _(
            "«%(stage)s» er et sluttsteg, og det er ikke noe arbeid å melde om. "
            "Er svaret feil, kan du gi en rettelse.",
            stage=idea.stage.label,
        )
    return None


def can_update_idea(user: Any, idea: Idea) -> bool:
    return why_not_update(user, idea) is None


def can_see_pipeline_board(user: Any, challenge: Challenge) -> bool:
    """The board of a challenge is for its municipality's facilitators and admins."""
    return is_staff(user, challenge.municipality_id)


def can_see_answer_inbox(user: Any, municipality: Municipality) -> bool:
    """The inbox of inputs waiting for a first answer is for the municipality's staff."""
    return is_staff(user, municipality)


def can_follow_idea(user: Any, idea: Idea) -> bool:
    """A signed-in person may follow a published input (a merged one through its target)."""
    return _user_ok(user) and idea.visibility is Visibility.published
