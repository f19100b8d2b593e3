"""Who may do what with ideas, supports and comments, in which phase of the challenge.

Each action is one rule, written once: `why_not_<action>()` answers with the reason in plain
words, or None when the person may. `can_<action>()` asks it. Services raise the reason as an
IdeaError, routes and templates show it; none of them rebuilds a rule of its own.
"""

from datetime import timedelta
from typing import Any

from flask_babel import gettext as _

from ..accounts.permissions import is_staff, why_not_participate
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


def is_open_for_ideas(challenge: Challenge) -> bool:
    """Ideas come in and supports are given or taken back only while the challenge is open."""
    return challenge.phase is Phase.open


def is_open_for_comments(challenge: Challenge) -> bool:
    """Comments are written while the challenge is open or being assessed."""
    return challenge.phase in COMMENT_PHASES


def why_not_submit_idea(user: Any, challenge: Challenge) -> str | None:
    """A verified participant may submit an idea while the challenge is open."""
    if not is_open_for_ideas(challenge):
        return _("Utfordringen tar ikke imot nye innspill nå.")
    return why_not_participate(user, challenge.municipality_id)


def can_submit_idea(user: Any, challenge: Challenge) -> bool:
    return why_not_submit_idea(user, challenge) is None


def can_view_idea(user: Any, idea: Idea) -> bool:
    """Published ideas of public challenges are for all; pending and hidden: author and staff."""
    if not can_view_challenge(user, idea.challenge):
        return False
    if idea.visibility in (Visibility.published, Visibility.merged):
        return True
    return _is_author(user, idea) or is_staff(user, idea.challenge.municipality_id)


def why_not_edit_idea(user: Any, idea: Idea) -> str | None:
    """The author may edit while the challenge is open and until the idea's first public answer."""
    if not _is_author(user, idea):
        return _("Du kan bare endre dine egne innspill.")
    if idea.first_answered_at is not None:
        return _("Innspillet har fått svar fra kommunen og kan ikke lenger endres.")
    if not is_open_for_ideas(idea.challenge):
        return _("Utfordringen er ikke lenger åpen, så innspillet kan ikke endres.")
    if idea.visibility not in EDITABLE_VISIBILITY:
        return _("Dette innspillet kan ikke endres.")
    return why_not_participate(user, idea.challenge.municipality_id)


def can_edit_idea(user: Any, idea: Idea) -> bool:
    return why_not_edit_idea(user, idea) is None


def why_not_support_in(user: Any, challenge: Challenge) -> str | None:
    """A verified participant may support the published ideas of a challenge while it is open
    (the idea list asks once for all its cards)."""
    if not is_open_for_ideas(challenge):
        return _("Det er ikke lenger mulig å støtte innspill i denne utfordringen.")
    return why_not_participate(user, challenge.municipality_id)


def can_support_in(user: Any, challenge: Challenge) -> bool:
    return why_not_support_in(user, challenge) is None


def why_not_support_idea(user: Any, idea: Idea) -> str | None:
    """A verified participant may support a published idea while the challenge is open."""
    if not is_open_for_ideas(idea.challenge):
        return why_not_support_in(user, idea.challenge)
    if idea.visibility is not Visibility.published:
        return _("Dette innspillet kan ikke støttes.")
    return why_not_support_in(user, idea.challenge)


def can_support_idea(user: Any, idea: Idea) -> bool:
    return why_not_support_idea(user, idea) is None


def why_not_withdraw_in(user: Any, challenge: Challenge) -> str | None:
    """A signed-in person may take back their support while the challenge is open."""
    if not is_open_for_ideas(challenge):
        return _("Støtte kan bare trekkes mens utfordringen er åpen.")
    if not getattr(user, "is_authenticated", False):
        return _("Logg inn for å delta.")
    return None


def can_withdraw_in(user: Any, challenge: Challenge) -> bool:
    return why_not_withdraw_in(user, challenge) is None


def why_not_withdraw_support(user: Any, idea: Idea) -> str | None:
    """A signed-in person may take back their support while the challenge is open."""
    return why_not_withdraw_in(user, idea.challenge)


def can_withdraw_support(user: Any, idea: Idea) -> bool:
    return why_not_withdraw_support(user, idea) is None


def why_not_comment(user: Any, idea: Idea) -> str | None:
    """A verified participant may comment on a published idea while open or being assessed."""
    if not is_open_for_comments(idea.challenge):
        return _("Det er ikke lenger mulig å kommentere i denne utfordringen.")
    if idea.visibility is not Visibility.published:
        return _("Dette innspillet kan ikke kommenteres.")
    return why_not_participate(user, idea.challenge.municipality_id)


def can_comment(user: Any, idea: Idea) -> bool:
    return why_not_comment(user, idea) is None


def why_not_edit_comment(user: Any, comment: Comment) -> str | None:
    """The author may edit their own visible comment for 15 minutes, while comments are allowed."""
    if not _is_author(user, comment):
        return _("Du kan bare endre dine egne kommentarer.")
    if comment.visibility is not CommentVisibility.published:
        return _("Kommentaren er skjult og kan ikke endres.")
    if not comment_editable_now(comment):
        return _("Kommentarer kan bare endres de første 15 minuttene.")
    if not is_open_for_comments(comment.idea.challenge):
        return _("Det er ikke lenger mulig å kommentere i denne utfordringen.")
    return why_not_participate(user, comment.idea.challenge.municipality_id)


def can_edit_comment(user: Any, comment: Comment) -> bool:
    return why_not_edit_comment(user, comment) is None


def can_hide_comment(user: Any, comment: Comment) -> bool:
    """Facilitators and admins of the idea's municipality may hide a visible comment."""
    return comment.visibility is CommentVisibility.published and is_staff(
        user, comment.idea.challenge.municipality_id
    )


def can_see_registration_details(user: Any, idea: Idea) -> bool:
    """The case number and the sender's contact details of a registered input are for the
    municipality's staff only."""
    return is_staff(user, idea.challenge.municipality_id)
