"""State changes of the archive: numbers recorded by staff, exports marked on what they held."""

import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from ..audit.services import record_event
from ..challenges.models import Challenge
from ..extensions import db
from ..ideas.models import Idea
from ..limits import TextLimit
from ..page_generations import changed
from ..pipeline.models import StageChange
from ..refusals import Refusal, require
from .models import (
    CASE_NUMBER,
    CASE_NUMBER_PATTERN,
    JOURNAL_NUMBER,
    JOURNAL_NUMBER_PATTERN,
    ArchiveCase,
    ArchivedAnswer,
    ArchivedInput,
)
from .permissions import why_not_record_numbers


class ArchiveError(Refusal):
    """A number in the wrong form, or nothing to archive."""


def _number(value: str | None, limit: TextLimit, pattern: Any) -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    if len(text) > limit.max or not pattern.match(text):
        raise ArchiveError(limit.explain(text))
    return text


def text_digest(idea: Idea) -> str:
    """A digest of the input's text as archived: an edit since changes it."""
    return hashlib.sha256(f"{idea.title}\n{idea.body}".encode()).hexdigest()


def input_record(idea: Idea) -> ArchivedInput:
    record = db.session.get(ArchivedInput, idea.id)
    if record is None:
        record = ArchivedInput(idea_id=idea.id, sender_is_organisation=False)
        db.session.add(record)
    return record


def answer_record(change: StageChange) -> ArchivedAnswer:
    record = db.session.get(ArchivedAnswer, change.id)
    if record is None:
        record = ArchivedAnswer(stage_change_id=change.id)
        db.session.add(record)
    return record


def set_case_number(challenge: Challenge, case_number: str | None, *, actor: Any) -> ArchiveCase:
    """Staff record the challenge's case number (saksnummer), e.g. 2026/1234; empty clears it."""
    require(why_not_record_numbers(actor, challenge.municipality_id))
    value = _number(case_number, CASE_NUMBER, CASE_NUMBER_PATTERN)
    record = db.session.get(ArchiveCase, challenge.id)
    if record is None:
        record = ArchiveCase(challenge_id=challenge.id)
        db.session.add(record)
    record.case_number = value
    db.session.flush()
    record_event(
        "archive.case_number",
        actor=actor,
        municipality=challenge.municipality,
        subject=challenge,
        case_number=value,
    )
    changed(challenge.municipality_id)
    return record


def set_input_numbers(
    idea: Idea, journal_number: str | None, *, sender_is_organisation: bool, actor: Any
) -> ArchivedInput:
    """Staff record an input's journal number and whether its sender is an organisation."""
    require(why_not_record_numbers(actor, idea.challenge.municipality_id))
    value = _number(journal_number, JOURNAL_NUMBER, JOURNAL_NUMBER_PATTERN)
    record = input_record(idea)
    record.journal_number = value
    record.sender_is_organisation = bool(sender_is_organisation)
    db.session.flush()
    record_event(
        "archive.journal_number",
        actor=actor,
        municipality=idea.challenge.municipality,
        subject=idea,
        journal_number=value,
        sender_is_organisation=record.sender_is_organisation,
    )
    changed(idea.challenge.municipality_id)
    return record


def set_answer_number(
    change: StageChange, journal_number: str | None, *, actor: Any
) -> ArchivedAnswer:
    """Staff record the journal number of one public answer (a move, correction or update)."""
    municipality = change.idea.challenge.municipality
    require(why_not_record_numbers(actor, municipality.id))
    value = _number(journal_number, JOURNAL_NUMBER, JOURNAL_NUMBER_PATTERN)
    record = answer_record(change)
    record.journal_number = value
    db.session.flush()
    record_event(
        "archive.journal_number",
        actor=actor,
        municipality=municipality,
        subject=change,
        journal_number=value,
    )
    changed(municipality.id)
    return record


def mark_archived(
    ideas: Iterable[Idea], changes: Iterable[StageChange], *, at: datetime, actor: Any
) -> None:
    """Every input and answer in an exported package is marked archived on that date; an
    input keeps a digest of its text, so an edit after the export is seen."""
    ideas, changes = list(ideas), list(changes)
    for idea in ideas:
        record = input_record(idea)
        record.archived_at = at
        record.archived_digest = text_digest(idea)
    for change in changes:
        answer_record(change).archived_at = at
    db.session.flush()
    municipality = (ideas[0] if ideas else changes[0].idea).challenge.municipality
    # The rows also hold the public journal numbers: an export rarely happens, so the cached
    # pages are simply drawn again rather than told apart column by column.
    changed(municipality.id)
    record_event(
        "archive.exported",
        actor=actor,
        municipality=municipality,
        inputs=len(ideas),
        answers=len(changes),
    )


def nothing_to_archive() -> ArchiveError:
    return ArchiveError(_("Utvalget har ingen innspill eller svar å arkivere."))


def too_big(count: int, limit: int) -> ArchiveError:
    return ArchiveError(
        _(
            "Utvalget har %(count)s dokumenter, og nettsiden lager høyst %(limit)s om gangen. "
            "Velg én utfordring eller en kortere periode, eller be driftsansvarlig lage pakken "
            "med kommandoen «flask --app cocreate archive export».",
            count=count,
            limit=limit,
        )
    )
