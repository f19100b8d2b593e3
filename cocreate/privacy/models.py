"""Privacy statements (per municipality and the platform default), the consent log, and the
record of inactivity warnings."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import EMAIL
from ..database import utcnow
from ..extensions import Model
from ..limits import TextLimit
from ..municipalities.models import Municipality

STATEMENT = TextLimit(
    50_000, _l("Erklæringen må ha mellom %(min)d og %(max)d tegn (nå: %(length)d)."), 20
)
DPO_CONTACT = TextLimit(254, _l("Personvernombudet kan beskrives med høyst %(max)d tegn."))


class PrivacyStatement(Model):
    """A personvernerklæring in Markdown; municipality_id NULL is the platform-wide default."""

    __tablename__ = "privacy_statements"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), unique=True
    )
    body: Mapped[str] = mapped_column(Text, default="")
    # Rendered with cocreate.markup.render_markdown when saved, never at display time.
    body_html: Mapped[str] = mapped_column(Text, default="")
    contact_email: Mapped[str] = mapped_column(String(EMAIL.max), default="")
    dpo_contact: Mapped[str] = mapped_column(String(DPO_CONTACT.max), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    municipality: Mapped[Municipality | None] = relationship()


class ConsentRecord(Model):
    """Append-only log: a person gave or withdrew consent for a purpose, with the text's version.

    Kept after an account is deleted (linked to the pseudonymised account) as proof that the
    processing had consent while it lasted.
    """

    __tablename__ = "consent_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(40))
    given: Mapped[bool]
    text_version: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class InactivityWarning(Model):
    """An inactive account was warned by e-mail; deleted if still inactive WARNING_DAYS later."""

    __tablename__ = "inactivity_warnings"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    warned_at: Mapped[datetime] = mapped_column(default=utcnow)
