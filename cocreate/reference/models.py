"""The roadmap's principles and målbilder, and the UN's SDGs: fixed reference data."""

from flask_babel import get_locale
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model


class Localised:
    """Names and descriptions in nb, nn and en; `name`/`description` follow the request's locale."""

    name_nb: Mapped[str]
    name_nn: Mapped[str]
    name_en: Mapped[str]

    def _pick(self, field: str) -> str:
        locale = str(get_locale() or "nb")
        value = getattr(self, f"{field}_{locale}", None)
        return value or getattr(self, f"{field}_nb")

    @property
    def name(self) -> str:
        return self._pick("name")

    @property
    def description(self) -> str:
        return self._pick("description")


class Principle(Localised, Model):
    __tablename__ = "principles"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name_nb: Mapped[str] = mapped_column(String(120))
    name_nn: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    description_nb: Mapped[str] = mapped_column(Text)
    description_nn: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str] = mapped_column(Text)
    colour: Mapped[str] = mapped_column(String(7))
    icon: Mapped[str] = mapped_column(String(30))


class TargetImage(Localised, Model):
    __tablename__ = "target_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name_nb: Mapped[str] = mapped_column(String(120))
    name_nn: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    description_nb: Mapped[str] = mapped_column(Text)
    description_nn: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str] = mapped_column(Text)


class Goal(Localised, Model):
    """A UN Sustainable Development Goal (bærekraftsmål)."""

    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    name_nb: Mapped[str] = mapped_column(String(120))
    name_nn: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    colour: Mapped[str] = mapped_column(String(7))

    @property
    def description(self) -> str:
        return self.name
