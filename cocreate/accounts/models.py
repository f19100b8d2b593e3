"""People, their role in each municipality, and their optional demographic profile."""

import enum
import secrets
from datetime import datetime

from flask_babel import gettext
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import utcnow
from ..enums import enum_column
from ..extensions import db
from ..municipalities.models import Municipality


class Role(enum.Enum):
    citizen = "citizen"
    facilitator = "facilitator"
    admin = "admin"


def new_session_token() -> str:
    return secrets.token_urlsafe(16)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    show_name: Mapped[bool] = mapped_column(default=False)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    email_verified_at: Mapped[datetime | None]
    locale: Mapped[str | None] = mapped_column(String(5))
    # Rotated on password change: every other session's cookie stops matching.
    session_token: Mapped[str] = mapped_column(String(32), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.deleted_at is None

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def public_name(self) -> str:
        """The name shown to others: the display name only if the person chose to show it."""
        if self.deleted_at is not None:
            return gettext("Slettet bruker")
        return self.display_name if self.show_name else gettext("Innbygger")

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class Membership(db.Model):
    """A person's role in one municipality; a role gives no power anywhere else."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "municipality_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"), default=Role.citizen)
    suspended_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    municipality: Mapped[Municipality] = relationship()


class AgeBand(enum.Enum):
    """Bands that can be summed from Statistics Norway's one-year ages (table 07459)."""

    a13_17 = "13-17"
    a18_29 = "18-29"
    a30_44 = "30-44"
    a45_66 = "45-66"
    a67_79 = "67-79"
    a80 = "80+"

    @property
    def bounds(self) -> tuple[int, int]:
        low, _, high = self.value.partition("-")
        return int(low.rstrip("+")), int(high) if high else 200


class Gender(enum.Enum):
    kvinne = "kvinne"
    mann = "mann"
    annet = "annet"


class ParticipantProfile(db.Model):
    """Optional, consented demographics; only ever shown in aggregate (k = 5)."""

    __tablename__ = "participant_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    age_band: Mapped[AgeBand | None] = mapped_column(enum_column(AgeBand, "age_band"))
    gender: Mapped[Gender | None] = mapped_column(enum_column(Gender, "gender"))
    district: Mapped[str | None] = mapped_column(String(80))
    consent_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
