"""Who may moderate, read the moderation log and report content; roles are per municipality.

Reporting is one rule, written once: `why_not_report()` answers with the reason in plain words,
or None when the person may; `can_report()` asks it, the report service raises it.
"""

from typing import Any

from flask_babel import gettext as _

from ..accounts.permissions import is_admin, is_staff, why_not_participate
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


def why_not_report(user: Any, subject: Idea | Comment | None) -> str | None:
    """A verified person, not suspended there, may report others' public ideas and comments;
    the municipality's own staff act on content directly instead."""
    if subject is None or not _is_public(subject):
        return _("Bare publisert innhold kan rapporteres.")
    municipality_id = subject_municipality_id(subject)
    why_not = why_not_participate(user, municipality_id)
    if why_not is not None:
        return why_not
    if is_staff(user, municipality_id):
        return _("Som ansatt i kommunen modererer du innholdet direkte.")
    if subject.author_id == user.id:
        return _("Du kan ikke rapportere ditt eget innhold.")
    return None


def can_report(user: Any, subject: Idea | Comment | None) -> bool:
    return why_not_report(user, subject) is None
