"""Reporting and moderation acts. Each act changes state, writes one ModerationAction and one
audit event, and flushes; the route commits."""

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from ..accounts.models import Membership, Role, User
from ..accounts.permissions import STAFF_ROLES
from ..audit.services import record_event
from ..database import utcnow
from ..extensions import db
from ..ideas.models import Comment, CommentVisibility, Idea, Visibility
from ..ideas.reasons import REASONS
from ..ideas.services import hide_comment
from ..municipalities.models import Municipality
from ..page_generations import changed
from .merging import merge_ideas
from .models import (
    REPORT_TEXT,
    ActionKind,
    ModerationAction,
    Report,
    ReportStatus,
    SubjectType,
)
from .notices import notify_author_hidden
from .permissions import subject_municipality_id, why_not_report
from .queries import has_tie
from .records import (
    ModerationError,
    close_reports,
    log_action,
    municipality_of,
    open_report_count,
    subject_type_of,
)

# Beside the per-request limiter: a cap that holds across hosts without Redis.
REPORTS_PER_HOUR = 10


def report_content(
    subject: Idea | Comment, *, reporter: User, reason: str, text: str = ""
) -> Report:
    """File a report: a known reason, at most 1,000 characters, one open report per person and
    subject, and at most REPORTS_PER_HOUR reports per person per hour."""
    why_not = why_not_report(reporter, subject)
    if why_not is not None:
        raise ModerationError(why_not)
    if reason not in REASONS:
        raise ModerationError(_("Velg en grunn fra listen."))
    text = REPORT_TEXT.enforce((text or "").strip(), ModerationError)
    kind = subject_type_of(subject)
    if _open_report(kind, subject.id, reporter) is not None:
        raise ModerationError(_("Du har allerede rapportert dette. Vi ser på det."))
    since = utcnow() - timedelta(hours=1)
    recent = (
        db.session.scalar(
            select(func.count(Report.id)).where(
                Report.reporter_id == reporter.id, Report.created_at >= since
            )
        )
        or 0
    )
    if recent >= REPORTS_PER_HOUR:
        raise ModerationError(_("Du har sendt mange rapporter nå. Prøv igjen om en time."))
    report = Report(
        municipality_id=subject_municipality_id(subject),
        subject_type=kind,
        subject_id=subject.id,
        reason=reason,
        text=text,
        reporter_id=reporter.id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(report)
            db.session.flush()
    except IntegrityError as error:  # a parallel request filed the same report
        raise ModerationError(_("Du har allerede rapportert dette. Vi ser på det.")) from error
    record_event(
        "report.created",
        actor=reporter,
        municipality=db.session.get(Municipality, report.municipality_id),
        subject=subject,
        reason=reason,
        report_id=report.id,
    )
    return report


def _open_report(kind: SubjectType, subject_id: int, reporter: User) -> Report | None:
    return db.session.scalar(
        select(Report).where(
            Report.reporter_id == reporter.id,
            Report.subject_type == kind,
            Report.subject_id == subject_id,
            Report.status == ReportStatus.open,
        )
    )


def _check_reason(reason: str | None) -> str:
    if reason not in REASONS:
        raise ModerationError(_("Velg en grunn fra listen."))
    return reason


def _recount_comments(idea_id: int) -> None:
    """Set the idea's comment counter to its number of published comments."""
    published = (
        select(func.count(Comment.id))
        .where(Comment.idea_id == idea_id, Comment.visibility == CommentVisibility.published)
        .scalar_subquery()
    )
    db.session.execute(
        update(Idea).where(Idea.id == idea_id).values(comment_count=published),
        execution_options={"synchronize_session": False},
    )


def _is_visible(subject: Idea | Comment) -> bool:
    if isinstance(subject, Comment):
        return subject.visibility is CommentVisibility.published
    return subject.visibility is Visibility.published


def _is_hidden(subject: Idea | Comment) -> bool:
    if isinstance(subject, Comment):
        return subject.visibility is CommentVisibility.hidden
    return subject.visibility is Visibility.hidden


def hide_content(
    subject: Idea | Comment, *, reason: str, note: str, actor: User
) -> ModerationAction:
    """Hide a published idea or comment; the public sees a placeholder naming the reason."""
    reason = _check_reason(reason)
    if not _is_visible(subject):
        raise ModerationError(_("Bare publisert innhold kan skjules."))
    action = log_action(
        ActionKind.hide,
        subject,
        municipality=municipality_of(subject),
        actor=actor,
        note=note,
        reason=reason,
    )
    if isinstance(subject, Comment):
        hide_comment(subject, reason=reason, actor=actor)  # also keeps the comment counter
    else:
        subject.visibility = Visibility.hidden
        subject.hidden_reason = reason
    close_reports(subject, actor=actor)
    db.session.flush()
    changed(municipality_of(subject).id)
    if isinstance(subject, Idea):
        notify_author_hidden(subject, reason=reason, actor=actor)
    return action


def restore_content(subject: Idea | Comment, *, note: str, actor: User) -> ModerationAction:
    """Make hidden (or rejected) content public again."""
    if not _is_hidden(subject):
        raise ModerationError(_("Innholdet er ikke skjult."))
    action = log_action(
        ActionKind.restore, subject, municipality=municipality_of(subject), actor=actor, note=note
    )
    subject.hidden_reason = None
    if isinstance(subject, Comment):
        subject.visibility = CommentVisibility.published
        db.session.flush()
        _recount_comments(subject.idea_id)
        db.session.refresh(subject.idea)
    else:
        subject.visibility = Visibility.published
        db.session.flush()
    changed(municipality_of(subject).id)
    return action


def approve_idea(idea: Idea, *, note: str, actor: User) -> ModerationAction:
    """Publish an idea that waits under pre-moderation."""
    if idea.visibility is not Visibility.pending:
        raise ModerationError(_("Innspillet venter ikke på godkjenning."))
    action = log_action(
        ActionKind.approve, idea, municipality=municipality_of(idea), actor=actor, note=note
    )
    idea.visibility = Visibility.published
    db.session.flush()
    changed(municipality_of(idea).id)
    return action


def reject_idea(idea: Idea, *, reason: str, note: str, actor: User) -> ModerationAction:
    """Refuse a pending idea: it stays hidden behind a placeholder naming the reason."""
    reason = _check_reason(reason)
    if idea.visibility is not Visibility.pending:
        raise ModerationError(_("Innspillet venter ikke på godkjenning."))
    action = log_action(
        ActionKind.reject,
        idea,
        municipality=municipality_of(idea),
        actor=actor,
        note=note,
        reason=reason,
    )
    idea.visibility = Visibility.hidden
    idea.hidden_reason = reason
    close_reports(idea, actor=actor)
    db.session.flush()
    changed(municipality_of(idea).id)
    notify_author_hidden(idea, reason=reason, actor=actor)
    return action


def dismiss_reports(subject: Idea | Comment, *, note: str, actor: User) -> ModerationAction:
    """Close the open reports on a subject without acting on it."""
    if not open_report_count(subject):
        raise ModerationError(_("Det er ingen åpne rapporter å avvise."))
    action = log_action(
        ActionKind.dismiss_report,
        subject,
        municipality=municipality_of(subject),
        actor=actor,
        note=note,
    )
    close_reports(subject, actor=actor, status=ReportStatus.dismissed)
    return action


def _membership(user: User, municipality: Municipality) -> Membership | None:
    return db.session.scalar(
        select(Membership).where(
            Membership.user_id == user.id, Membership.municipality_id == municipality.id
        )
    )


def suspend_user(
    user: User, municipality: Municipality, *, note: str, actor: User
) -> ModerationAction:
    """Stop a person from posting, voting and commenting in this municipality only."""
    if user.id == actor.id:
        raise ModerationError(_("Du kan ikke utestenge deg selv."))
    if not has_tie(user.id, municipality.id):
        raise ModerationError(_("Personen har ikke deltatt i denne kommunen."))
    membership = _membership(user, municipality)
    if membership is not None and membership.role in STAFF_ROLES:
        raise ModerationError(
            _("Fasilitatorer og administratorer kan ikke utestenges. Endre rollen først.")
        )
    if membership is not None and membership.suspended_at is not None:
        raise ModerationError(_("Personen er allerede utestengt her."))
    action = log_action(ActionKind.suspend, user, municipality=municipality, actor=actor, note=note)
    if membership is None:
        membership = Membership(user_id=user.id, municipality_id=municipality.id, role=Role.citizen)
        db.session.add(membership)
    membership.suspended_at = utcnow()
    db.session.flush()
    return action


def unsuspend_user(
    user: User, municipality: Municipality, *, note: str, actor: User
) -> ModerationAction:
    """Lift a suspension in this municipality."""
    membership = _membership(user, municipality)
    if membership is None or membership.suspended_at is None:
        raise ModerationError(_("Personen er ikke utestengt her."))
    action = log_action(
        ActionKind.unsuspend, user, municipality=municipality, actor=actor, note=note
    )
    membership.suspended_at = None
    db.session.flush()
    return action


__all__ = [
    "ModerationError",
    "approve_idea",
    "dismiss_reports",
    "hide_content",
    "merge_ideas",
    "open_report_count",
    "reject_idea",
    "report_content",
    "restore_content",
    "suspend_user",
    "unsuspend_user",
]
