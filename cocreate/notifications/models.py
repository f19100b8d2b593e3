"""In-app notifications, the transactional e-mail outbox and per-kind e-mail opt-outs."""

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..database import utcnow
from ..enums import enum_column
from ..extensions import Model


class Notification(Model):
    """One message to one person in the app; unread until read_at is set."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class OutboxMessage(Model):
    """An e-mail written in the same transaction as the event; a sender delivers it later."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_due", "sent_at", "failed_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # CASCADE: the person's mail goes with the account (the privacy feature erases it).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)  # the same message as sanitised HTML
    headers: Mapped[dict] = mapped_column(JSON, default=dict)
    # Text files sent with it (mail.Attachment.as_json), e.g. a meeting's .ics; None: none.
    attachments: Mapped[list | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]  # gave up after the last allowed attempt
    last_error: Mapped[str | None] = mapped_column(Text)


class EmailOptOut(Model):
    """The person does not want e-mail of this kind (set on the settings page or by unsubscribe)."""

    __tablename__ = "email_opt_outs"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Delivery(enum.Enum):
    """When a person's e-mail about the inputs they follow leaves: at once, or in a daily digest."""

    immediate = "immediate"
    daily = "daily"


class EmailSetting(Model):
    """A person's choice of delivery; no row means immediate."""

    __tablename__ = "email_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    delivery: Mapped[Delivery] = mapped_column(
        enum_column(Delivery, "email_delivery"), default=Delivery.immediate
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class DigestItem(Model):
    """A notification waiting for the person's next daily digest e-mail (digest.py)."""

    __tablename__ = "digest_items"
    __table_args__ = (Index("ix_digest_items_waiting", "mailed_at", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    notification_id: Mapped[int] = mapped_column(ForeignKey("notifications.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set, with the digest's outbox row, by the one sweep that claims the item.
    mailed_at: Mapped[datetime | None]
    outbox_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox_messages.id", ondelete="SET NULL")
    )

    # What the digest groups the item under (a challenge: its title and site path); None = "other".
    group_title: Mapped[str | None] = mapped_column(String(200))
    group_path: Mapped[str | None] = mapped_column(String(500))

    notification: Mapped[Notification] = relationship()
