"""Staff's tools for answering inputs: internal notes, answer templates.

A note is internal: it is never shown on a public page, in the API, the open data or a public
export (the staff export has it). Its author is staff; erasing that account cuts the link
(privacy/personal_data.py), and the note's text stays with the input.
"""

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..database import utcnow
from ..extensions import Model
from ..ideas.models import Idea
from ..limits import TextLimit
from ..municipalities.models import Municipality
from ..pipeline.models import ANSWER

NOTE = TextLimit(5000, _l("Notatet må ha mellom %(min)d og %(max)d tegn."), 1)
TEMPLATE_TITLE = TextLimit(120, _l("Navnet på malen må ha mellom %(min)d og %(max)d tegn."), 1)
# A template is the start of a public answer: it may be as long as an answer, and need not
# reach the answer's minimum on its own (it is still edited before it is sent).
TEMPLATE_BODY = TextLimit(
    ANSWER.max, _l("Teksten i malen må ha mellom %(min)d og %(max)d tegn."), 1
)
# How long the author of a note may still change it; after that it is fixed.
NOTE_EDIT_WINDOW = timedelta(minutes=15)


class IdeaNote(Model):
    """An internal note by staff on an input: Markdown, with its sanitised HTML."""

    __tablename__ = "idea_notes"
    __table_args__ = (
        NOTE.check("body", "body_length"),
        Index("ix_idea_notes_idea_created", "idea_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]

    idea: Mapped[Idea] = relationship()
    author: Mapped[User | None] = relationship()

    @property
    def editable_until(self) -> datetime:
        return self.created_at + NOTE_EDIT_WINDOW


class AnswerTemplate(Model):
    """A municipality's start of an answer, with placeholders filled per input."""

    __tablename__ = "answer_templates"
    __table_args__ = (
        TEMPLATE_TITLE.check("title", "title_length"),
        TEMPLATE_BODY.check("body", "body_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(TEMPLATE_TITLE.max))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    municipality: Mapped[Municipality] = relationship()
