"""Meetings people can come to: a workshop or a folkemøte of a challenge, with a public agenda
and minutes, sign-ups with a waiting list, and the inputs its minutes became.

Sign-ups are personal data: a name, an e-mail address and accessibility needs, kept only until
30 days after the meeting's end (purge.py); then the rows go and the meeting keeps its counts."""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..challenges.models import Challenge
from ..database import utcnow
from ..enums import enum_column
from ..extensions import Model
from ..ideas.models import Idea
from ..limits import TextLimit
from ..workshops.models import Workshop

MEETING_TITLE = TextLimit(200, _l("Tittelen må ha mellom %(min)d og %(max)d tegn."), 3)
MEETING_PLACE = TextLimit(200, _l("Stedet må ha mellom %(min)d og %(max)d tegn."), 1)
MEETING_ADDRESS = TextLimit(300, _l("Adressen kan ha høyst %(max)d tegn (nå: %(length)d)."))
ACCESSIBILITY = TextLimit(
    2000, _l("Informasjonen om tilgjengelighet kan ha høyst %(max)d tegn (nå: %(length)d).")
)
AGENDA = TextLimit(20000, _l("Dagsordenen kan ha høyst %(max)d tegn (nå: %(length)d)."))
MINUTES = TextLimit(50000, _l("Referatet kan ha høyst %(max)d tegn (nå: %(length)d)."))
SIGNUP_NAME = TextLimit(120, _l("Navnet må ha mellom %(min)d og %(max)d tegn."), 1)
OTHER_NEEDS = TextLimit(500, _l("Andre behov kan ha høyst %(max)d tegn (nå: %(length)d)."))
MAX_CAPACITY = 100_000


class MeetingKind(enum.Enum):
    workshop = "workshop"  # verksted (may be linked to a Workshop of the challenge)
    folkemote = "folkemote"  # folkemøte, a public meeting

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self])


KIND_LABELS = {MeetingKind.workshop: _l("Verksted"), MeetingKind.folkemote: _l("Folkemøte")}


class SignupStatus(enum.Enum):
    confirmed = "confirmed"  # has a place
    waiting = "waiting"  # on the waiting list
    cancelled = "cancelled"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    SignupStatus.confirmed: _l("Påmeldt"),
    SignupStatus.waiting: _l("På venteliste"),
    SignupStatus.cancelled: _l("Avmeldt"),
}


class Need(enum.Enum):
    """Accessibility needs a person may tick (the free text is beside them)."""

    interpreter = "interpreter"
    hearing_loop = "hearing_loop"
    step_free = "step_free"

    @property
    def label(self) -> str:
        return str(NEED_LABELS[self])


NEED_LABELS = {
    Need.interpreter: _l("Tolk (for eksempel tegnspråktolk)"),
    Need.hearing_loop: _l("Teleslynge"),
    Need.step_free: _l("Trinnfri adkomst"),
}


class Meeting(Model):
    __tablename__ = "meetings"
    __table_args__ = (
        MEETING_TITLE.check("title", "title_length"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity >= 1", name="capacity_positive"),
        CheckConstraint("kept_signups >= 0 AND kept_waiting >= 0", name="kept_not_negative"),
        CheckConstraint(
            "workshop_id IS NULL OR kind = 'workshop'", name="workshop_only_for_workshops"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[MeetingKind] = mapped_column(enum_column(MeetingKind, "meeting_kind"))
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(MEETING_TITLE.max))
    place: Mapped[str] = mapped_column(String(MEETING_PLACE.max))
    address: Mapped[str] = mapped_column(String(MEETING_ADDRESS.max), default="")
    accessibility: Mapped[str] = mapped_column(Text, default="")  # ACCESSIBILITY
    starts_at: Mapped[datetime]  # UTC instants; shown in Europe/Oslo
    ends_at: Mapped[datetime]
    capacity: Mapped[int | None]  # None: no limit
    signups_open: Mapped[bool] = mapped_column(Boolean, default=True)
    agenda: Mapped[str] = mapped_column(Text, default="")  # Markdown (cocreate.markup)
    minutes: Mapped[str] = mapped_column(Text, default="")  # referat, Markdown
    # Set by the purge 30 days after the end: the sign-ups are gone, their counts kept here.
    purged_at: Mapped[datetime | None]
    kept_signups: Mapped[int] = mapped_column(default=0)
    kept_waiting: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    challenge: Mapped[Challenge] = relationship()
    workshop: Mapped[Workshop | None] = relationship()
    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Meeting {self.id} {self.kind.value}>"


class MeetingSignup(Model):
    """One person signed up (no account needed); deleted 30 days after the meeting."""

    __tablename__ = "meeting_signups"
    __table_args__ = (
        SIGNUP_NAME.check("name", "name_length"),
        CheckConstraint("length(email) BETWEEN 3 AND 254", name="email_length"),
        CheckConstraint("length(other_needs) <= 500", name="other_needs_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(SIGNUP_NAME.max))
    email: Mapped[str] = mapped_column(String(254))
    needs_interpreter: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_hearing_loop: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_step_free: Mapped[bool] = mapped_column(Boolean, default=False)
    other_needs: Mapped[str] = mapped_column(String(OTHER_NEEDS.max), default="")
    status: Mapped[SignupStatus] = mapped_column(enum_column(SignupStatus, "meeting_signup_status"))
    # The secret in the cancel link of the person's e-mails (secrets.token_urlsafe).
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    promoted_at: Mapped[datetime | None]  # moved up from the waiting list
    cancelled_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]  # the reminder the day before, sent once

    meeting: Mapped[Meeting] = relationship()

    @property
    def needs(self) -> list[Need]:
        ticked = {
            Need.interpreter: self.needs_interpreter,
            Need.hearing_loop: self.needs_hearing_loop,
            Need.step_free: self.needs_step_free,
        }
        return [need for need, on in ticked.items() if on]


class MeetingIdea(Model):
    """An input of the challenge made from an item of the meeting's minutes."""

    __tablename__ = "meeting_ideas"
    __table_args__ = (UniqueConstraint("idea_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    idea: Mapped[Idea] = relationship()
