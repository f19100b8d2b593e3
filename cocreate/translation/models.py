"""A translation of one text field of one piece of content into the other written standard."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..database import utcnow
from ..enums import enum_column
from ..extensions import Model
from ..municipalities.models import WrittenLanguage


class ContentKind(enum.Enum):
    challenge = "challenge"
    idea = "idea"
    comment = "comment"
    answer = "answer"  # a StageChange's public answer
    result = "result"
    hearing = "hearing"
    hearing_section = "hearing_section"


class TranslationOrigin(enum.Enum):
    machine = "machine"  # Apertium
    staff = "staff"  # written by the municipality's staff: checked


class ContentTranslation(Model):
    """One field of one object in one target language. `source_hash` is the version (SHA-256) of
    the source text it was made from: when the text changes the hashes differ, the row is stale,
    is never shown, and the job makes it again."""

    __tablename__ = "content_translations"
    __table_args__ = (
        UniqueConstraint("kind", "object_id", "field", "target"),
        Index("ix_content_translations_municipality_id", "municipality_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE")
    )
    kind: Mapped[ContentKind] = mapped_column(enum_column(ContentKind, "content_kind"))
    object_id: Mapped[int]
    field: Mapped[str] = mapped_column(String(40))
    source: Mapped[WrittenLanguage] = mapped_column(
        enum_column(WrittenLanguage, "translation_source")
    )
    target: Mapped[WrittenLanguage] = mapped_column(
        enum_column(WrittenLanguage, "translation_target")
    )
    source_hash: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    origin: Mapped[TranslationOrigin] = mapped_column(
        enum_column(TranslationOrigin, "translation_origin")
    )
    checked: Mapped[bool] = mapped_column(default=False)
    # A checked (staff) translation whose source changed was replaced by a machine one: the
    # staff page says so until someone checks it again.
    replaced_checked: Mapped[bool] = mapped_column(default=False)
    translated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
