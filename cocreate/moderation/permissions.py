"""Who may moderate, read the moderation log and report content; roles are per municipality."""

from typing import Any

from ..accounts.permissions import can_participate, is_admin, is_staff
from ..ideas.models import Comment, CommentVisibility, Idea, Visibility
from ..municipalities.models import Municipality


def subject_municipality_id(subject: Idea | Comment) -> int:
    """The municipality an idea or a comment belongs to."""
    idea = subject.idea if isinstance(subject, Comment) else subject
    return idea.challenge.municipality_id


def can_moderate(user: Any, municipality: Municipality | int | None) -> bool:
    """Facilitators and admins of this municipality work its moderation queue."""
    return is_staff(user, municipality)


def can_read_moderation_log(user: Any, municipality: Municipality | int | None) -> bool:
    """Only admins of this municipality read its moderation audit log."""
    return is_admin(user, municipality)


def _is_public(subject: Idea | Comment) -> bool:
    if isinstance(subject, Comment):
        return (
            subject.visibility is CommentVisibility.published
            and subject.idea.visibility is Visibility.published
        )
    return subject.visibility is Visibility.published


def can_report(user: Any, subject: Idea | Comment | None) -> bool:
    """A verified person, not suspended there, may report others' public ideas and comments;
    the municipality's own staff act on content directly instead."""
    if subject is None or not _is_public(subject):
        return False
    municipality_id = subject_municipality_id(subject)
    if not can_participate(user, municipality_id) or is_staff(user, municipality_id):
        return False
    return subject.author_id != user.id
