"""Abuse reports (rapporter) and the moderation audit log (one row per moderation act)."""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..database import utcnow
from ..enums import enum_column
from ..extensions import Model
from ..limits import TextLimit

# What a person writes with a report, and the note every moderation act is logged with.
REPORT_TEXT = TextLimit(1000, _l("Teksten kan være på høyst %(max)d tegn."))
NOTE = TextLimit(1000, _l("Begrunnelsen kan være på høyst %(max)d tegn."))


class SubjectType(enum.Enum):
    """What a report or a moderation act is about."""

    idea = "idea"
    comment = "comment"
    user = "user"


class ReportStatus(enum.Enum):
    open = "open"
    resolved = "resolved"  # the content was hidden, rejected or merged
    dismissed = "dismissed"  # a moderator found nothing to act on

    @property
    def label(self) -> str:
        return str(REPORT_STATUS_LABELS[self])


REPORT_STATUS_LABELS = {
    ReportStatus.open: _l("Åpen"),
    ReportStatus.resolved: _l("Behandlet"),
    ReportStatus.dismissed: _l("Avvist"),
}


class ActionKind(enum.Enum):
    hide = "hide"
    restore = "restore"
    approve = "approve"
    reject = "reject"
    merge = "merge"
    suspend = "suspend"
    unsuspend = "unsuspend"
    dismiss_report = "dismiss_report"

    @property
    def label(self) -> str:
        return str(ACTION_LABELS[self])


ACTION_LABELS = {
    ActionKind.hide: _l("Skjult"),
    ActionKind.restore: _l("Gjenopprettet"),
    ActionKind.approve: _l("Godkjent"),
    ActionKind.reject: _l("Avvist innspill"),
    ActionKind.merge: _l("Slått sammen"),
    ActionKind.suspend: _l("Utestengt"),
    ActionKind.unsuspend: _l("Utestengning opphevet"),
    ActionKind.dismiss_report: _l("Rapport avvist"),
}


class Report(Model):
    """A person's report of an idea or a comment, waiting in the municipality's queue."""

    __tablename__ = "reports"
    __table_args__ = (
        Index("ix_reports_municipality_status", "municipality_id", "status", "created_at"),
        Index("ix_reports_subject", "subject_type", "subject_id"),
        # The database's own guard for "one open report per person per subject".
        Index(
            "uq_reports_open_per_reporter",
            "reporter_id",
            "subject_type",
            "subject_id",
            unique=True,
            sqlite_where=sql_text("status = 'open'"),
            postgresql_where=sql_text("status = 'open'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE")
    )
    subject_type: Mapped[SubjectType] = mapped_column(
        enum_column(SubjectType, "report_subject_type")
    )
    subject_id: Mapped[int]
    reason: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(String(REPORT_TEXT.max), default="")
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[ReportStatus] = mapped_column(
        enum_column(ReportStatus, "report_status"), default=ReportStatus.open
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    reporter: Mapped[User | None] = relationship(foreign_keys=[reporter_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])

    def __repr__(self) -> str:
        return f"<Report {self.id} {self.subject_type.value}:{self.subject_id} {self.status.value}>"


class ModerationAction(Model):
    """The moderation audit log: who did what to which content or person, why, and when."""

    __tablename__ = "moderation_actions"
    __table_args__ = (
        Index("ix_moderation_actions_municipality_created", "municipality_id", "created_at"),
        Index("ix_moderation_actions_subject", "subject_type", "subject_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE")
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[ActionKind] = mapped_column(enum_column(ActionKind, "moderation_action"))
    subject_type: Mapped[SubjectType] = mapped_column(
        enum_column(SubjectType, "moderation_subject_type")
    )
    subject_id: Mapped[int]
    # For a merge: the idea the duplicate joined.
    target_id: Mapped[int | None]
    reason: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<ModerationAction {self.id} {self.action.value}>"
