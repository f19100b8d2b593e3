"""Invitations to join a municipality's staff: one row per link sent, kept after use.

The address is the invitee's personal data: erasing the account that accepted an invitation
deletes the row (privacy/personal_data.py, through accepted_by_id)."""

import enum
import hashlib
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Role, User
from ..database import utcnow
from ..enums import enum_column
from ..extensions import Model
from ..municipalities.models import Municipality


class InvitationStatus(enum.Enum):
    pending = "pending"
    accepted = "accepted"
    withdrawn = "withdrawn"
    replaced = "replaced"  # a new invitation to the same address took its place


def token_hash(nonce: str) -> str:
    """What the database keeps of a link's secret part (the link itself is never stored)."""
    return hashlib.sha256(nonce.encode()).hexdigest()


class Invitation(Model):
    """An e-mailed, signed link that makes the person at `email` facilitator or admin."""

    __tablename__ = "invitations"
    __table_args__ = (
        CheckConstraint("role <> 'citizen'", name="staff_role"),
        CheckConstraint(
            "(status = 'accepted') = (accepted_at IS NOT NULL)", name="accepted_has_time"
        ),
        Index("ix_invitations_municipality_status", "municipality_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE")
    )
    email: Mapped[str] = mapped_column(String(254), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    status: Mapped[InvitationStatus] = mapped_column(
        enum_column(InvitationStatus, "invitation_status"), default=InvitationStatus.pending
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Who sent it is in the audit log (member.invited), not here: the row belongs to the invitee,
    # and erasing the sender's account must not touch other people's invitations.
    accepted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]  # withdrawn or replaced

    municipality: Mapped[Municipality] = relationship()
    accepted_by: Mapped[User | None] = relationship()

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= utcnow()

    @property
    def is_usable(self) -> bool:
        return self.status is InvitationStatus.pending and not self.is_expired

    def __repr__(self) -> str:
        return f"<Invitation {self.id} {self.status.value}>"
