"""People, their role in each municipality, and their optional demographic profile."""

import enum
import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import LazyString, gettext, lazy_gettext
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import utcnow
from ..enums import enum_column
from ..extensions import Model
from ..limits import TextLimit
from ..municipalities.models import Municipality

DISPLAY_NAME = TextLimit(80, lazy_gettext("Navnet kan ha høyst %(max)d tegn (nå: %(length)d)."), 1)
EMAIL = TextLimit(254, lazy_gettext("E-postadressen kan ha høyst %(max)d tegn."))


class Role(enum.Enum):
    citizen = "citizen"
    facilitator = "facilitator"
    admin = "admin"
    # Answers the inputs assigned to them or to their departments (cases/permissions.py); not staff.
    case_officer = "case_officer"


def new_session_token() -> str:
    return secrets.token_urlsafe(16)


@dataclass(frozen=True)
class SessionKey:
    """One log-in: a random key, when it started (Unix time) and whether it is remembered."""

    key: str
    started: int
    remember: bool

    @classmethod
    def new(cls, *, remember: bool) -> "SessionKey":
        return cls(secrets.token_urlsafe(16), int(time.time()), remember)

    @property
    def key_hash(self) -> str:
        return hashlib.sha256(self.key.encode()).hexdigest()

    @property
    def started_at(self) -> datetime:
        return datetime.fromtimestamp(self.started, UTC)

    def session_id(self, user_id: int, session_token: str) -> str:
        kind = "r" if self.remember else "s"
        return f"{user_id}:{session_token}:{self.key}:{self.started}:{kind}"


def parse_session_id(value: str) -> tuple[int, str, SessionKey] | None:
    """(user id, session token, key) from a session id; None for anything else."""
    parts = value.split(":")
    if len(parts) != 5:
        return None
    raw_id, token, key, started, kind = parts
    if not (raw_id.isdecimal() and started.isdecimal() and token and key and kind in ("r", "s")):
        return None
    return int(raw_id), token, SessionKey(key, int(started), kind == "r")


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(EMAIL.max), unique=True)
    display_name: Mapped[str] = mapped_column(String(DISPLAY_NAME.max))
    show_name: Mapped[bool] = mapped_column(default=False)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    email_verified_at: Mapped[datetime | None]
    locale: Mapped[str | None] = mapped_column(String(5))
    # Part of every session id: rotating it ends every session at once (accounts/sessions.py).
    session_token: Mapped[str] = mapped_column(String(32), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    # The log-in this object was loaded for, or is being logged in with (not a column).
    login_session = None

    def get_id(self) -> str:
        """The session id Flask-Login keeps in the cookies; a new key if this object has none."""
        if self.login_session is None:
            self.login_session = SessionKey.new(remember=False)
        return self.login_session.session_id(self.id, self.session_token)

    def __eq__(self, other: object) -> bool:
        # The same person, whichever log-in each object stands for (UserMixin compares get_id()).
        if isinstance(other, User):
            return self is other or (self.id is not None and self.id == other.id)
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = object.__hash__

    @property
    def is_active(self) -> bool:
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


class Membership(Model):
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
    # When the present role was given (the staff list's "since"); the membership may be older.
    role_since: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="memberships")
    municipality: Mapped[Municipality] = relationship()


class EndedSession(Model):
    """A logged-out session: its key is refused until the session would have expired anyway."""

    __tablename__ = "ended_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    ended_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


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

    @property
    def label(self) -> str:
        """The one way an age band is shown: «13–17 år» (never the code «13-17»)."""
        return label_of_age_band(self.value)


def label_of_age_band(value: str) -> str:
    """«30–44 år» for the stored code «30-44» (also for figures keyed by the code)."""
    return gettext("%(band)s år", band=value.replace("-", "–"))


AGE_LABELS = {band: LazyString(label_of_age_band, band.value) for band in AgeBand}  # for forms


class Gender(enum.Enum):
    kvinne = "kvinne"
    mann = "mann"
    annet = "annet"

    @property
    def label(self) -> str:
        return str(GENDER_LABELS[self])


GENDER_LABELS = {
    Gender.kvinne: lazy_gettext("Kvinne"),
    Gender.mann: lazy_gettext("Mann"),
    Gender.annet: lazy_gettext("Annet"),
}


class ParticipantProfile(Model):
    """Optional, consented demographics; only ever shown in aggregate (k = 5)."""

    __tablename__ = "participant_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    age_band: Mapped[AgeBand | None] = mapped_column(enum_column(AgeBand, "age_band"))
    gender: Mapped[Gender | None] = mapped_column(enum_column(Gender, "gender"))
    district: Mapped[str | None] = mapped_column(String(80))
    consent_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
