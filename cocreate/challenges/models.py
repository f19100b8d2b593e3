"""Challenges (utfordringer): what a municipality asks its citizens about."""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..database import utcnow
from ..enums import enum_column
from ..extensions import Model, db
from ..limits import TextLimit
from ..municipalities.models import District, Municipality
from ..reference.models import Goal, Principle, TargetImage

TITLE = TextLimit(200, _l("Tittelen kan ha høyst %(max)d tegn (nå: %(length)d)."))
DESCRIPTION = TextLimit(20_000, _l("Beskrivelsen kan ha høyst %(max)d tegn (nå: %(length)d)."))
# The public summary a challenge is concluded with: what we heard, what we will do, and why.
SUMMARY = TextLimit(
    20_000,
    _l(
        "Skriv et offentlig sammendrag på minst %(min)d og høyst %(max)d tegn: hva vi hørte, "
        "hva vi gjør, og hvorfor (nå: %(length)d)."
    ),
    20,
)


class Phase(enum.Enum):
    draft = "draft"
    open = "open"
    assessing = "assessing"
    concluded = "concluded"

    @property
    def label(self) -> str:
        return str(PHASE_LABELS[self])


PHASE_LABELS = {
    Phase.draft: _l("Utkast"),
    Phase.open: _l("Åpen for innspill"),
    Phase.assessing: _l("Til vurdering"),
    Phase.concluded: _l("Avsluttet"),
}


class ParticipationLevel(enum.Enum):
    """IAP2's spectrum: the promise of what citizens' input can change."""

    informere = "informere"
    konsultere = "konsultere"
    involvere = "involvere"
    samarbeide = "samarbeide"
    medbestemme = "medbestemme"

    @property
    def label(self) -> str:
        return str(LEVEL_LABELS[self][0])

    @property
    def promise(self) -> str:
        return str(LEVEL_LABELS[self][1])

    @property
    def rank(self) -> int:
        return list(ParticipationLevel).index(self)


LEVEL_LABELS = {
    ParticipationLevel.informere: (
        _l("Informere"),
        _l("Vi holder deg orientert om saken."),
    ),
    ParticipationLevel.konsultere: (
        _l("Konsultere"),
        _l("Vi lytter til innspillene dine og forteller hvordan de påvirket beslutningen."),
    ),
    ParticipationLevel.involvere: (
        _l("Involvere"),
        _l("Innspillene dine blir direkte speilet i alternativene vi utvikler."),
    ),
    ParticipationLevel.samarbeide: (
        _l("Samarbeide"),
        _l("Vi utvikler løsningene sammen med deg og tar rådene dine med i beslutningen."),
    ),
    ParticipationLevel.medbestemme: (
        _l("Medbestemme"),
        _l("Vi gjennomfører det innbyggerne bestemmer."),
    ),
}

challenge_principles = Table(
    "challenge_principles",
    db.metadata,
    Column("challenge_id", ForeignKey("challenges.id", ondelete="CASCADE"), primary_key=True),
    Column("principle_id", ForeignKey("principles.id", ondelete="CASCADE"), primary_key=True),
)
challenge_target_images = Table(
    "challenge_target_images",
    db.metadata,
    Column("challenge_id", ForeignKey("challenges.id", ondelete="CASCADE"), primary_key=True),
    Column("target_image_id", ForeignKey("target_images.id", ondelete="CASCADE"), primary_key=True),
)
challenge_goals = Table(
    "challenge_goals",
    db.metadata,
    Column("challenge_id", ForeignKey("challenges.id", ondelete="CASCADE"), primary_key=True),
    Column("goal_id", ForeignKey("goals.id", ondelete="CASCADE"), primary_key=True),
)
challenge_districts = Table(
    "challenge_districts",
    db.metadata,
    Column("challenge_id", ForeignKey("challenges.id", ondelete="CASCADE"), primary_key=True),
    Column("district_id", ForeignKey("districts.id", ondelete="CASCADE"), primary_key=True),
)


class Challenge(Model):
    __tablename__ = "challenges"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(TITLE.max))
    description: Mapped[str] = mapped_column(Text, default="")
    # Markdown rendered and cleaned with bleach when saved, never at display time.
    description_html: Mapped[str] = mapped_column(Text, default="")
    phase: Mapped[Phase] = mapped_column(
        enum_column(Phase, "phase"), default=Phase.draft, index=True
    )
    level: Mapped[ParticipationLevel] = mapped_column(
        enum_column(ParticipationLevel, "participation_level"),
        default=ParticipationLevel.konsultere,
    )
    opens_on: Mapped[date | None]
    closes_on: Mapped[date | None]
    premoderation: Mapped[bool] = mapped_column(default=False)
    vote_budget: Mapped[int | None]
    summary: Mapped[str] = mapped_column(Text, default="")
    summary_html: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None]
    concluded_at: Mapped[datetime | None]
    # New inputs of the challenge land in this department (ideas' services read it).
    default_department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL")
    )

    municipality: Mapped[Municipality] = relationship()
    created_by: Mapped[User | None] = relationship()
    principles: Mapped[list[Principle]] = relationship(
        secondary=challenge_principles, order_by=Principle.number
    )
    target_images: Mapped[list[TargetImage]] = relationship(
        secondary=challenge_target_images, order_by=TargetImage.number
    )
    goals: Mapped[list[Goal]] = relationship(secondary=challenge_goals, order_by=Goal.number)
    districts: Mapped[list[District]] = relationship(
        secondary=challenge_districts, order_by=District.name
    )

    @property
    def is_open(self) -> bool:
        return self.phase is Phase.open

    def __repr__(self) -> str:
        return f"<Challenge {self.id} {self.phase.value}>"


class TopicFollow(Model):
    """A person follows a whole challenge, a district (bydel) or one of the roadmap's principles:
    exactly one of the three is set (following.py tells them of what happens there)."""

    __tablename__ = "topic_follows"
    __table_args__ = (
        CheckConstraint(
            "(challenge_id IS NOT NULL AND district_id IS NULL AND principle_id IS NULL)"
            " OR (challenge_id IS NULL AND district_id IS NOT NULL AND principle_id IS NULL)"
            " OR (challenge_id IS NULL AND district_id IS NULL AND principle_id IS NOT NULL)",
            name="one_topic",
        ),
        UniqueConstraint("user_id", "challenge_id"),
        UniqueConstraint("user_id", "district_id"),
        UniqueConstraint("user_id", "principle_id"),
        Index("ix_topic_follows_challenge_id", "challenge_id"),
        Index("ix_topic_follows_district_id", "district_id"),
        Index("ix_topic_follows_principle_id", "principle_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    challenge_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE")
    )
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id", ondelete="CASCADE"))
    principle_id: Mapped[int | None] = mapped_column(
        ForeignKey("principles.id", ondelete="CASCADE")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    challenge: Mapped[Challenge | None] = relationship()
    district: Mapped[District | None] = relationship()
    principle: Mapped[Principle | None] = relationship()
