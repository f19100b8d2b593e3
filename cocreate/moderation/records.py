"""What every moderation act shares: its error, its two log entries, and closing reports."""

from typing import Any, cast

from flask_babel import gettext as _
from sqlalchemy import CursorResult, func, select, update

from ..accounts.models import User
from ..audit.services import record_event
from ..database import utcnow
from ..extensions import db
from ..ideas.models import Comment, Idea
from ..municipalities.models import Municipality
from ..refusals import Refusal
from .models import NOTE, ActionKind, ModerationAction, Report, ReportStatus, SubjectType
from .permissions import subject_municipality_id


class ModerationError(Refusal):
    """A moderation or reporting rule was broken; the message is shown to the user."""


def subject_type_of(subject: Idea | Comment | User) -> SubjectType:
    if isinstance(subject, Idea):
        return SubjectType.idea
    if isinstance(subject, Comment):
        return SubjectType.comment
    return SubjectType.user


def log_action(
    action: ActionKind,
    subject: Idea | Comment | User,
    *,
    municipality: Municipality,
    actor: User,
    note: str,
    reason: str | None = None,
    target: Idea | None = None,
) -> ModerationAction:
    """The one place every act is written: the moderation log and the audit log; a note is
    required."""
    note = (note or "").strip()
    if not note:
        raise ModerationError(_("Skriv en begrunnelse."))
    NOTE.enforce(note, ModerationError)
    row = ModerationAction(
        municipality_id=municipality.id,
        actor_id=actor.id,
        action=action,
        subject_type=subject_type_of(subject),
        subject_id=subject.id,
        target_id=target.id if target else None,
        reason=reason,
        note=note,
    )
    db.session.add(row)
    db.session.flush()
    extra: dict[str, Any] = {"action_id": row.id, "note": note}
    if reason:
        extra["reason"] = reason
    if target is not None:
        extra["target_id"] = target.id
    record_event(
        f"moderation.{action.value}",
        actor=actor,
        municipality=municipality,
        subject=subject,
        **extra,
    )
    return row


def close_reports(
    subject: Idea | Comment, *, actor: User, status: ReportStatus = ReportStatus.resolved
) -> int:
    """Close every open report on the subject; returns how many were closed."""
    return cast(
        CursorResult,
        db.session.execute(
            update(Report)
            .where(
                Report.subject_type == subject_type_of(subject),
                Report.subject_id == subject.id,
                Report.status == ReportStatus.open,
            )
            .values(status=status, resolved_at=utcnow(), resolved_by_id=actor.id),
            execution_options={"synchronize_session": False},
        ),
    ).rowcount


def open_report_count(subject: Idea | Comment) -> int:
    """How many open reports there are on an idea or a comment."""
    return (
        db.session.scalar(
            select(func.count(Report.id)).where(
                Report.subject_type == subject_type_of(subject),
                Report.subject_id == subject.id,
                Report.status == ReportStatus.open,
            )
        )
        or 0
    )


def municipality_of(subject: Idea | Comment) -> Municipality:
    """The municipality an idea or a comment belongs to."""
    return db.session.get_one(Municipality, subject_municipality_id(subject))
