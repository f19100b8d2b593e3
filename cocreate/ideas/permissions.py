"""Who may do what with ideas, supports and comments, in which phase of the challenge.

Each action is one function built from the role predicates in accounts.permissions and the
challenge's phase; routes and templates ask these, never a rule of their own.
"""

from datetime import timedelta
from typing import Any

from ..accounts.permissions import can_participate, is_staff
from ..challenges.models import Challenge, Phase
from ..challenges.permissions import can_view_challenge
from ..database import utcnow
from .models import Comment, CommentVisibility, Idea, Visibility

# Discussion goes on while the municipality assesses; it stops when the challenge is concluded.
COMMENT_PHASES = frozenset({Phase.open, Phase.assessing})
EDITABLE_VISIBILITY = frozenset({Visibility.published, Visibility.pending})
COMMENT_EDIT_WINDOW = timedelta(minutes=15)


def comment_editable_now(comment: Comment) -> bool:
    """Whether the 15-minute edit window after posting is still open."""
    created = comment.created_at
    if created.tzinfo is None:  # SQLite gives back naive UTC datetimes
        created = created.replace(tzinfo=utcnow().tzinfo)
    return utcnow() - created <= COMMENT_EDIT_WINDOW


def _is_author(user: Any, obj: Idea | Comment) -> bool:
    return getattr(user, "is_authenticated", False) and obj.author_id == user.id


def can_submit_idea(user: Any, challenge: Challenge) -> bool:
    """A verified participant may submit an idea while the challenge is open."""
    return challenge.phase is Phase.open and can_participate(user, challenge.municipality_id)


def can_view_idea(user: Any, idea: Idea) -> bool:
    """Published ideas of public challenges are for all; pending and hidden: author and staff."""
    if not can_view_challenge(user, idea.challenge):
        return False
    if idea.visibility in (Visibility.published, Visibility.merged):
        return True
    return _is_author(user, idea) or is_staff(user, idea.challenge.municipality_id)


def can_edit_idea(user: Any, idea: Idea) -> bool:
    """The author may edit while the challenge is open and until the idea's first public answer."""
    return (
        _is_author(user, idea)
        and idea.challenge.phase is Phase.open
        and idea.first_answered_at is None
        and idea.visibility in EDITABLE_VISIBILITY
        and can_participate(user, idea.challenge.municipality_id)
    )


def can_support_idea(user: Any, idea: Idea) -> bool:
    """A verified participant may support a published idea while the challenge is open."""
    return (
        idea.challenge.phase is Phase.open
        and idea.visibility is Visibility.published
        and can_participate(user, idea.challenge.municipality_id)
    )


def can_withdraw_support(user: Any, idea: Idea) -> bool:
    """A signed-in person may take back their support while the challenge is open."""
    return getattr(user, "is_authenticated", False) and idea.challenge.phase is Phase.open


def can_comment(user: Any, idea: Idea) -> bool:
    """A verified participant may comment on a published idea while open or being assessed."""
    return (
        idea.challenge.phase in COMMENT_PHASES
        and idea.visibility is Visibility.published
        and can_participate(user, idea.challenge.municipality_id)
    )


def can_edit_comment(user: Any, comment: Comment) -> bool:
    """The author may edit their own visible comment for 15 minutes, while comments are allowed."""
    return (
        _is_author(user, comment)
        and comment.visibility is CommentVisibility.published
        and comment.idea.challenge.phase in COMMENT_PHASES
        and comment_editable_now(comment)
        and can_participate(user, comment.idea.challenge.municipality_id)
    )


def can_hide_comment(user: Any, comment: Comment) -> bool:
    """Facilitators and admins of the idea's municipality may hide a visible comment."""
    return comment.visibility is CommentVisibility.published and is_staff(
        user, comment.idea.challenge.municipality_id
    )
