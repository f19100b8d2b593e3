"""Places: a challenge's place setting, an idea's point, a municipality's bounding box.

Kept in tables of their own (1:1 with challenges, ideas and municipalities) so the map is an
addition to those features, not a change of them. Points are stored as given; where the
challenge asks for it they are rounded whenever they leave the server (geo.public_point).
"""

import enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..challenges.models import Challenge
from ..enums import enum_column
from ..extensions import Model
from ..ideas.models import Idea
from ..limits import TextLimit
from ..municipalities.models import Municipality

PLACE_TEXT = TextLimit(200, _l("Stedet kan ha høyst %(max)d tegn."))
# Decimals a public point keeps: 2 ≈ 1 km, 3 ≈ 100 m, 4 ≈ 10 m (latitude; less east–west).
PRECISION_RANGE = (2, 5)


class PlaceMode(enum.Enum):
    off = "off"
    optional = "optional"
    required = "required"

    @property
    def label(self) -> str:
        return str(PLACE_MODE_LABELS[self])


PLACE_MODE_LABELS = {
    PlaceMode.off: _l("Ikke spør om sted"),
    PlaceMode.optional: _l("Sted er valgfritt"),
    PlaceMode.required: _l("Sted må oppgis"),
}


class ChallengePlaceSettings(Model):
    """Whether a challenge's idea form asks for a place, and how public points are rounded."""

    __tablename__ = "challenge_place_settings"
    __table_args__ = (
        CheckConstraint("decimals IS NULL OR decimals BETWEEN 2 AND 5", name="decimals_range"),
    )

    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), primary_key=True
    )
    mode: Mapped[PlaceMode] = mapped_column(enum_column(PlaceMode, "place_mode"))
    # Decimals kept in public (None: the point as given).
    decimals: Mapped[int | None]

    challenge: Mapped[Challenge] = relationship()


class IdeaPlace(Model):
    """Where an idea is about: a point (WGS 84), a place name or address, or both."""

    __tablename__ = "idea_places"
    __table_args__ = (
        CheckConstraint("(lat IS NULL) = (lon IS NULL)", name="point_whole"),
        CheckConstraint("lat IS NULL OR (lat BETWEEN -90 AND 90)", name="lat_range"),
        CheckConstraint("lon IS NULL OR (lon BETWEEN -180 AND 180)", name="lon_range"),
        PLACE_TEXT.check("place_text", "place_text_length"),
    )

    idea_id: Mapped[int] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True
    )
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    place_text: Mapped[str] = mapped_column(String(200), default="")

    idea: Mapped[Idea] = relationship()


class MunicipalityBounds(Model):
    """The box a point in this municipality must lie in (staff-edited; see geo.DEFAULT_BOUNDS)."""

    __tablename__ = "municipality_bounds"
    __table_args__ = (
        CheckConstraint("min_lat < max_lat", name="lat_order"),
        CheckConstraint("min_lon < max_lon", name="lon_order"),
    )

    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), primary_key=True
    )
    min_lat: Mapped[float] = mapped_column(Float)
    min_lon: Mapped[float] = mapped_column(Float)
    max_lat: Mapped[float] = mapped_column(Float)
    max_lon: Mapped[float] = mapped_column(Float)

    municipality: Mapped[Municipality] = relationship()
