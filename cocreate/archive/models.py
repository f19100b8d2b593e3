"""The archive's numbers and what has been exported.

The stage history is append-only (pipeline/models.py), so an answer's journal number and its
export date live here, beside it, never on the StageChange row.
"""

import re
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..challenges.models import Challenge
from ..extensions import Model
from ..ideas.models import Idea
from ..limits import TextLimit
from ..pipeline.models import StageChange

# Saksnummer: saksår/sakssekvensnummer, e.g. 2026/1234.
CASE_NUMBER = TextLimit(
    12, _l("Saksnummeret skrives som år/nummer, for eksempel 2026/1234 (høyst %(max)d tegn).")
)
CASE_NUMBER_PATTERN = re.compile(r"^(\d{4})/(\d{1,7})$")
# Journalnummer: journalår/journalsekvensnummer, optionally -journalpostnummer in the case,
# e.g. 2026/5678 or 2026/1234-3.
JOURNAL_NUMBER = TextLimit(
    17,
    _l(
        "Journalnummeret skrives som år/nummer, for eksempel 2026/5678 eller 2026/1234-3 "
        "(høyst %(max)d tegn)."
    ),
)
JOURNAL_NUMBER_PATTERN = re.compile(r"^(\d{4})/(\d{1,7})(?:-(\d{1,4}))?$")


class ArchiveCase(Model):
    """The archive's case number (saksnummer) of a challenge: its saksmappe."""

    __tablename__ = "archive_cases"
    __table_args__ = (CASE_NUMBER.check("case_number", "case_number_length"),)

    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), primary_key=True
    )
    case_number: Mapped[str | None] = mapped_column(String(CASE_NUMBER.max))

    challenge: Mapped[Challenge] = relationship()


class ArchivedInput(Model):
    """An input as the archive knows it: its journal number, whether its sender is an
    organisation (whose name stands in the public journal), and when it was last exported with
    a digest of its text then, so an edit since is seen."""

    __tablename__ = "archived_inputs"
    __table_args__ = (JOURNAL_NUMBER.check("journal_number", "journal_number_length"),)

    idea_id: Mapped[int] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True
    )
    journal_number: Mapped[str | None] = mapped_column(String(JOURNAL_NUMBER.max))
    sender_is_organisation: Mapped[bool] = mapped_column(default=False)
    archived_at: Mapped[datetime | None]
    archived_digest: Mapped[str | None] = mapped_column(String(64))

    idea: Mapped[Idea] = relationship()


class ArchivedAnswer(Model):
    """A public answer (a StageChange) as the archive knows it: journal number, export date."""

    __tablename__ = "archived_answers"
    __table_args__ = (JOURNAL_NUMBER.check("journal_number", "journal_number_length"),)

    stage_change_id: Mapped[int] = mapped_column(
        ForeignKey("stage_changes.id", ondelete="CASCADE"), primary_key=True
    )
    journal_number: Mapped[str | None] = mapped_column(String(JOURNAL_NUMBER.max))
    archived_at: Mapped[datetime | None]

    stage_change: Mapped[StageChange] = relationship()
