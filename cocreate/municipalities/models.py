"""Municipalities (kommuner) and counties (fylkeskommuner): the tenants."""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, String, Text, false, true
from sqlalchemy.orm import Mapped, mapped_column

from ..database import utcnow
from ..enums import enum_column
from ..extensions import Model, db
from ..limits import TextLimit

DESCRIPTION = TextLimit(10_000, _l("Beskrivelsen kan være på høyst %(max)d tegn (nå: %(length)d)."))
INTRO = TextLimit(300, _l("Ingressen kan være på høyst %(max)d tegn (nå: %(length)d)."))
CONTACT_TEXT = TextLimit(
    300, _l("Adresse og telefon kan være på høyst %(max)d tegn (nå: %(length)d).")
)
UUSTATUS_URL = TextLimit(300, _l("Lenken kan ha høyst %(max)d tegn."))
# The answer deadline in days (DESIGN.md §3): the same 30 days the feedback-closure measure uses.
ANSWER_DEADLINE_DAYS = 30
ANSWER_DEADLINE_RANGE = (1, 365)
# Months from an input reaching gjort to the follow-up survey to its author and supporters
# (DESIGN.md §3, "effect after implementation"): staff choose 6–12.
FOLLOWUP_MONTHS = 6
FOLLOWUP_MONTHS_RANGE = (6, 12)
DISTRICT_NAME = TextLimit(
    80, _l("Navnet på bydelen må ha mellom %(min)d og %(max)d tegn (nå: %(length)d)."), 1
)


class MunicipalityKind(enum.Enum):
    kommune = "kommune"
    fylkeskommune = "fylkeskommune"


class WrittenLanguage(enum.Enum):
    nb = "nb"
    nn = "nn"


def malform_locale(language: WrittenLanguage, neutral: bool) -> str:
    """The målform's language for people who chose none (nøytral: bokmål, unless a browser says
    otherwise on the pages); from the two columns, for a query that reads no whole municipality."""
    return "nb" if neutral else language.value


class Municipality(Model):
    __tablename__ = "municipalities"
    __table_args__ = (
        CheckConstraint("length(number) IN (2, 4)", name="number_length"),
        DESCRIPTION.check("description", "description_length"),
        CheckConstraint(
            "answer_deadline_days BETWEEN 1 AND 365", name="answer_deadline_days_range"
        ),
        CheckConstraint("followup_months BETWEEN 6 AND 12", name="followup_months_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    number: Mapped[str] = mapped_column(String(4), unique=True)
    kind: Mapped[MunicipalityKind] = mapped_column(
        enum_column(MunicipalityKind, "municipality_kind")
    )
    language: Mapped[WrittenLanguage] = mapped_column(
        enum_column(WrittenLanguage, "written_language"), default=WrittenLanguage.nb
    )
    # Målform nøytral: both standards; a visitor who chose none gets the browser's (translation).
    language_neutral: Mapped[bool] = mapped_column(default=False, server_default=false())

    @property
    def default_locale(self) -> str:
        """The målform's language for people who chose none (nøytral: bokmål, unless a
        browser says otherwise on the pages)."""
        return malform_locale(self.language, self.language_neutral)

    population: Mapped[int | None]
    intro: Mapped[str] = mapped_column(Text, default="")
    is_demo: Mapped[bool] = mapped_column(default=False)
    # The municipality's own accessibility statement on uustatus.no (tilgjengelighetserklæring).
    uustatus_url: Mapped[str | None] = mapped_column(String(UUSTATUS_URL.max))
    # What the municipality says about itself (settings): Markdown as written, and the HTML
    # rendered from it once when saved (cocreate.markup), never at display time.
    # Server defaults too: rows written below the ORM (bench/seed.py) have them empty.
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    description_html: Mapped[str] = mapped_column(Text, default="", server_default="")
    contact_email: Mapped[str | None] = mapped_column(String(254))  # accounts.models.EMAIL
    contact_text: Mapped[str] = mapped_column(String(300), default="", server_default="")
    # The logo's file in UPLOAD_FOLDER/logos, named by its content's hash (the URL's fingerprint).
    logo: Mapped[str | None] = mapped_column(String(80))
    # Days a public answer is due after an input was received (the staff deadline, cases).
    answer_deadline_days: Mapped[int] = mapped_column(
        default=ANSWER_DEADLINE_DAYS, server_default=str(ANSWER_DEADLINE_DAYS)
    )
    # Months after an input reached gjort before its follow-up survey (metrics/followup.py).
    followup_months: Mapped[int] = mapped_column(
        default=FOLLOWUP_MONTHS, server_default=str(FOLLOWUP_MONTHS)
    )
    # Shares what it has done (the gallery) and its headline measures (the comparison) with the
    # other municipalities of the installation (issue 25); on by default, an administrator may
    # turn it off.
    shares_with_others: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<Municipality {self.slug}>"


class District(Model):
    """A bydel or other part of a municipality that challenges, ideas and profiles can name."""

    __tablename__ = "districts"
    __table_args__ = (db.UniqueConstraint("municipality_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        db.ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(80))
    population: Mapped[int | None]
