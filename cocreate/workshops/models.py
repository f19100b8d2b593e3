"""Workshops, their notes, dot votes, themes, attendance counts and the ideas they produced."""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..challenges.models import Challenge
from ..database import utcnow
from ..enums import enum_column
from ..extensions import Model
from ..ideas.models import Idea
from ..limits import TextLimit
from .codes import new_join_code


class WorkshopFormat(enum.Enum):
    physical = "physical"
    digital = "digital"
    hybrid = "hybrid"

    @property
    def label(self) -> str:
        return str(FORMAT_LABELS[self])


FORMAT_LABELS = {
    WorkshopFormat.physical: _l("Fysisk"),
    WorkshopFormat.digital: _l("Digitalt"),
    WorkshopFormat.hybrid: _l("Hybrid (fysisk og digitalt)"),
}


class WorkshopStatus(enum.Enum):
    planned = "planned"
    live = "live"  # participants can post notes and dot-vote
    closed = "closed"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    WorkshopStatus.planned: _l("Planlagt"),
    WorkshopStatus.live: _l("Pågår"),
    WorkshopStatus.closed: _l("Avsluttet"),
}


class IdeaOrigin(enum.Enum):
    note = "note"  # one published note
    theme = "theme"  # a theme of grouped notes
    offline = "offline"  # typed in by a facilitator from a post-it, letter or call


class CheckinDimension(enum.Enum):
    age_band = "age_band"
    gender = "gender"
    district = "district"


WORKSHOP_TITLE = TextLimit(200, _l("Tittelen kan ha høyst %(max)d tegn (nå: %(length)d)."), 1)
PLACE = TextLimit(200, _l("Stedet kan ha høyst %(max)d tegn (nå: %(length)d)."))
LINK = TextLimit(500, _l("Lenken kan ha høyst %(max)d tegn."))
WORKSHOP_DESCRIPTION = TextLimit(
    5000, _l("Beskrivelsen kan ha høyst %(max)d tegn (nå: %(length)d).")
)


class Workshop(Model):
    __tablename__ = "workshops"
    __table_args__ = (
        CheckConstraint("dots_per_person BETWEEN 1 AND 20", name="dots_per_person_range"),
        CheckConstraint("headcount IS NULL OR headcount >= 0", name="headcount_not_negative"),
        CheckConstraint("checkin_count >= 0", name="checkin_count_not_negative"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(WORKSHOP_TITLE.max))
    format: Mapped[WorkshopFormat] = mapped_column(enum_column(WorkshopFormat, "workshop_format"))
    place: Mapped[str] = mapped_column(String(PLACE.max), default="")
    link: Mapped[str] = mapped_column(String(LINK.max), default="")
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    description: Mapped[str] = mapped_column(Text, default="")  # WORKSHOP_DESCRIPTION
    join_code: Mapped[str] = mapped_column(String(6), unique=True, default=new_join_code)
    dots_per_person: Mapped[int] = mapped_column(default=3)
    headcount: Mapped[int | None]
    # Anonymous check-ins; the answers are only ever stored as WorkshopCheckinCount rows.
    checkin_count: Mapped[int] = mapped_column(default=0)
    status: Mapped[WorkshopStatus] = mapped_column(
        enum_column(WorkshopStatus, "workshop_status"), default=WorkshopStatus.planned
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    challenge: Mapped[Challenge] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def is_live(self) -> bool:
        return self.status is WorkshopStatus.live

    def __repr__(self) -> str:
        return f"<Workshop {self.id} {self.join_code}>"


class WorkshopCheckinCount(Model):
    """How many checked-in participants gave one answer; never a row per person."""

    __tablename__ = "workshop_checkin_counts"
    __table_args__ = (
        UniqueConstraint("workshop_id", "dimension", "value"),
        CheckConstraint("dimension IN ('age_band', 'gender', 'district')", name="dimension_known"),
        CheckConstraint("count >= 0", name="count_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    dimension: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(80))
    count: Mapped[int] = mapped_column(default=0)


class WorkshopCheckin(Model):
    """That a device has checked in (once per workshop); holds no answers and no time."""

    __tablename__ = "workshop_checkins"
    __table_args__ = (UniqueConstraint("workshop_id", "participant_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    participant_hash: Mapped[str] = mapped_column(String(64))


THEME_TITLE = TextLimit(120, _l("Gi temaet et navn på høyst %(max)d tegn."), 1)


class WorkshopTheme(Model):
    __tablename__ = "workshop_themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(THEME_TITLE.max))
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    idea: Mapped[Idea | None] = relationship()


NOTE_TEXT = TextLimit(280, _l("En lapp kan ha høyst %(max)d tegn. Korte den litt ned."), 1)


class WorkshopNote(Model):
    """A note on the wall. Posted by a device (participant_hash) or typed in from a post-it."""

    __tablename__ = "workshop_notes"
    __table_args__ = (
        NOTE_TEXT.check("text", "text_length"),
        CheckConstraint("offline_dots >= 0", name="offline_dots_not_negative"),
        CheckConstraint("merged_into_id IS NULL OR idea_id IS NULL", name="merged_not_published"),
        Index("ix_workshop_notes_workshop_created", "workshop_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    # sha256 of the device token and workshop id; NULL for a post-it typed in by the facilitator.
    participant_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(String(NOTE_TEXT.max))
    receipt_code: Mapped[str] = mapped_column(String(10), unique=True)
    # Dot stickers counted on a physical post-it; nobody to de-duplicate, so added as they are.
    offline_dots: Mapped[int] = mapped_column(default=0)
    hidden: Mapped[bool] = mapped_column(default=False)
    hidden_reason: Mapped[str | None] = mapped_column(String(40))
    theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop_themes.id", ondelete="SET NULL"), index=True
    )
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop_notes.id", ondelete="SET NULL")
    )
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    workshop: Mapped[Workshop] = relationship()
    theme: Mapped[WorkshopTheme | None] = relationship()
    merged_into: Mapped["WorkshopNote | None"] = relationship(remote_side=[id])
    idea: Mapped[Idea | None] = relationship()

    @property
    def is_offline(self) -> bool:
        return self.participant_hash is None

    @property
    def on_wall(self) -> bool:
        """Visible to participants and open to dots: not hidden, merged or published."""
        return not self.hidden and self.merged_into_id is None and self.idea_id is None


class WorkshopDot(Model):
    """One dot: at most one per participant per note; `slot` (1..dots) caps dots per person."""

    __tablename__ = "workshop_dots"
    __table_args__ = (
        UniqueConstraint("note_id", "participant_hash"),
        # The database refuses a dot beyond the budget even when two requests race.
        UniqueConstraint("workshop_id", "participant_hash", "slot"),
        CheckConstraint("slot >= 1", name="slot_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    note_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_notes.id", ondelete="CASCADE"), index=True
    )
    participant_hash: Mapped[str] = mapped_column(String(64))
    slot: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WorkshopIdea(Model):
    """Every idea a workshop produced (published note or theme, or an offline input)."""

    __tablename__ = "workshop_ideas"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), unique=True)
    origin: Mapped[IdeaOrigin] = mapped_column(enum_column(IdeaOrigin, "idea_origin"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    workshop: Mapped[Workshop] = relationship()
    idea: Mapped[Idea] = relationship()
