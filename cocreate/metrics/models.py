"""Reference population, the measures a municipality publishes, "Ble du hørt?" answers, and
each municipality's latest computed figures."""

import enum
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..database import utcnow
from ..enums import enum_column
from ..extensions import Model
from ..limits import TextLimit

SURVEY_COMMENT = TextLimit(2000, _l("Kommentaren kan være på høyst %(max)d tegn (nå: %(length)d)."))


class Dimension(enum.Enum):
    """The demographic dimensions a profile and a reference population share."""

    age_band = "age_band"
    gender = "gender"
    district = "district"


class PopulationReference(Model):
    """How many people of one group live in a municipality (e.g. SSB table 07459)."""

    __tablename__ = "population_references"
    __table_args__ = (
        UniqueConstraint("municipality_id", "dimension", "group_name"),
        CheckConstraint("population >= 0", name="population_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    dimension: Mapped[Dimension] = mapped_column(enum_column(Dimension, "dimension"))
    # "group" is an SQL keyword; the column is group_name.
    group: Mapped[str] = mapped_column("group_name", String(80))
    population: Mapped[int]
    year: Mapped[int]
    source: Mapped[str] = mapped_column(String(200))
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PublicMeasure(Model):
    """One dashboard panel the municipality has chosen to publish on its public page."""

    __tablename__ = "public_measures"
    __table_args__ = (UniqueConstraint("municipality_id", "panel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    panel: Mapped[str] = mapped_column(String(40))


class SurveyResponse(Model):
    """One participant's answer to "Ble du hørt?" after a challenge concluded (1–5 each)."""

    __tablename__ = "survey_responses"
    __table_args__ = (
        UniqueConstraint("challenge_id", "user_id"),
        CheckConstraint("felt_heard BETWEEN 1 AND 5", name="felt_heard_range"),
        CheckConstraint("understood BETWEEN 1 AND 5", name="understood_range"),
        CheckConstraint("would_return BETWEEN 1 AND 5", name="would_return_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    felt_heard: Mapped[int]
    understood: Mapped[int]
    would_return: Mapped[int]
    comment: Mapped[str] = mapped_column(Text, default="")  # SURVEY_COMMENT
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MetricsSnapshot(Model):
    """A municipality's whole dashboard as the metrics job last computed it from the raw rows
    (snapshots.py). Pages, exports and the API read it; a narrowed scope is computed per request.
    `version` is the layout of `data`: a row of another version is not read."""

    __tablename__ = "metrics_snapshots"

    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), primary_key=True
    )
    computed_at: Mapped[datetime]  # UTC; the measures' "now"
    version: Mapped[int]
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class FollowUpInvitation(Model):
    """A person was asked the follow-up survey on an input that reached gjort (one row per
    person per input: the invitation is never sent twice)."""

    __tablename__ = "followup_invitations"
    __table_args__ = (UniqueConstraint("idea_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    invited_at: Mapped[datetime] = mapped_column(default=utcnow)


class FollowUpResponse(Model):
    """One invited person's answer to the follow-up survey 6–12 months after the input reached
    gjort: did it make a difference, is it in use (1–5 each), an optional comment."""

    __tablename__ = "followup_responses"
    __table_args__ = (
        UniqueConstraint("idea_id", "user_id"),
        CheckConstraint("made_difference BETWEEN 1 AND 5", name="made_difference_range"),
        CheckConstraint("in_use BETWEEN 1 AND 5", name="in_use_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    made_difference: Mapped[int]
    in_use: Mapped[int]
    comment: Mapped[str] = mapped_column(Text, default="")  # SURVEY_COMMENT
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
