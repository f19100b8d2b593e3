"""Templates (maler): a concluded challenge shared as a starting point for any municipality,
carrying a copy of its texts, its plan and its measured effects at conclusion (DESIGN.md §2).

A template is a snapshot: later edits of the origin (its answers may still be corrected) do not
change it. The measures are kept as published (counts of persons under the k-rules), never the
exact figures. `ChallengeTemplateUse` links a challenge started from a template to it, kept
here so the challenges' own table is not changed."""

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..challenges.models import TITLE, Challenge, ParticipationLevel
from ..database import utcnow
from ..enums import enum_column
from ..extensions import Model
from ..limits import TextLimit
from ..municipalities.models import Municipality

# What the publishing administrator says of the template to others: why, and what to mind.
TEMPLATE_NOTE = TextLimit(5000, _l("Merknaden kan ha høyst %(max)d tegn (nå: %(length)d)."))


class ChallengeTemplate(Model):
    __tablename__ = "challenge_templates"
    __table_args__ = (Index("ix_challenge_templates_published", "unpublished_at", "published_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    # The concluded challenge it was made from (gone if that challenge is deleted).
    source_challenge_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenges.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(TITLE.max))
    description: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    summary_html: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    note_html: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[ParticipationLevel] = mapped_column(
        enum_column(ParticipationLevel, "participation_level")
    )
    # The roadmap's principles, målbilder and SDGs by their fixed numbers.
    principle_numbers: Mapped[list[int]] = mapped_column(JSON, default=list)
    target_image_numbers: Mapped[list[int]] = mapped_column(JSON, default=list)
    goal_numbers: Mapped[list[int]] = mapped_column(JSON, default=list)
    # [{"title", "format", "description", "dots_per_person", "minutes"}], in the order held.
    workshops: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # The «ble du hørt?» questions asked at conclusion, by their keys (metrics/survey.py).
    survey_questions: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The measures at conclusion, as published (measures.py): no count of persons below k.
    measures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    concluded_at: Mapped[datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    unpublished_at: Mapped[datetime | None]
    unpublished_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    municipality: Mapped[Municipality] = relationship()
    source_challenge: Mapped[Challenge | None] = relationship()
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])

    @property
    def is_published(self) -> bool:
        return self.unpublished_at is None

    def __repr__(self) -> str:
        return f"<ChallengeTemplate {self.id}>"


class ChallengeTemplateUse(Model):
    """This challenge was started from that template (one template per challenge at most)."""

    __tablename__ = "challenge_template_uses"

    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), primary_key=True
    )
    template_id: Mapped[int] = mapped_column(
        ForeignKey("challenge_templates.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    challenge: Mapped[Challenge] = relationship()
    template: Mapped[ChallengeTemplate] = relationship()
