"""Who may answer and move inputs, see the facilitator views, and follow inputs."""

from typing import Any

from ..accounts.permissions import is_staff
from ..challenges.models import Challenge
from ..ideas.models import Idea, Visibility
from ..ideas.stages import allowed_moves
from ..municipalities.models import Municipality


def _user_ok(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def can_move_idea(user: Any, idea: Idea) -> bool:
    """Facilitators and admins of the idea's municipality move published inputs that can still
    move; a merged duplicate is answered through the idea it was merged into."""
    return (
        idea.visibility is Visibility.published
        and bool(allowed_moves(idea.stage))
        and is_staff(user, idea.challenge.municipality_id)
    )


def can_see_pipeline_board(user: Any, challenge: Challenge) -> bool:
    """The board of a challenge is for its municipality's facilitators and admins."""
    return is_staff(user, challenge.municipality_id)


def can_see_answer_inbox(user: Any, municipality: Municipality) -> bool:
    """The inbox of inputs waiting for a first answer is for the municipality's staff."""
    return is_staff(user, municipality)


def can_follow_idea(user: Any, idea: Idea) -> bool:
    """A signed-in person may follow a published input (a merged one through its target)."""
    return _user_ok(user) and idea.visibility is Visibility.published
