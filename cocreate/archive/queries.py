"""What goes into an archive package, and the archive's numbers for pages and the API."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from ..answers.models import IdeaNote
from ..challenges.models import Challenge
from ..extensions import db
from ..hearings.models import Hearing
from ..ideas.models import Idea, Visibility
from ..municipalities.models import Municipality
from ..pipeline.models import StageChange
from .models import ArchiveCase, ArchivedAnswer, ArchivedInput
from .services import text_digest

# Inputs the archive takes: those published, and duplicates merged into another (each was
# received). Hidden and pending inputs are moderation's, not the case's.
ARCHIVED_VISIBILITIES = (Visibility.published, Visibility.merged)


@dataclass(frozen=True)
class Selection:
    """A package's scope: one municipality, optionally one challenge and a date range (both
    days included)."""

    municipality: Municipality
    challenge_id: int | None = None
    start: date | None = None
    end: date | None = None

    def _bounds(self, column):
        conditions = []
        if self.start is not None:
            conditions.append(column >= datetime.combine(self.start, time.min, UTC))
        if self.end is not None:
            after = datetime.combine(self.end + timedelta(days=1), time.min, UTC)
            conditions.append(column < after)
        return conditions

    def _in_scope(self, query: Select) -> Select:
        query = query.join(Challenge, Challenge.id == Idea.challenge_id).where(
            Challenge.municipality_id == self.municipality.id,
            Idea.visibility.in_(ARCHIVED_VISIBILITIES),
        )
        if self.challenge_id is not None:
            query = query.where(Challenge.id == self.challenge_id)
        return query

    def ideas(self) -> list[Idea]:
        query = self._in_scope(select(Idea)).where(*self._bounds(Idea.created_at))
        query = query.options(joinedload(Idea.author), joinedload(Idea.challenge))
        return list(db.session.scalars(query.order_by(Idea.created_at, Idea.id)))

    def changes(self) -> list[StageChange]:
        query = self._in_scope(select(StageChange).join(Idea, Idea.id == StageChange.idea_id))
        query = query.where(*self._bounds(StageChange.created_at))
        query = query.options(joinedload(StageChange.actor))
        return list(db.session.scalars(query.order_by(StageChange.created_at, StageChange.id)))

    def notes(self) -> list[IdeaNote]:
        """The internal notes on the inputs in scope, written within the dates (arkivnotat)."""
        query = self._in_scope(select(IdeaNote).join(Idea, Idea.id == IdeaNote.idea_id))
        query = query.where(*self._bounds(IdeaNote.created_at))
        query = query.options(joinedload(IdeaNote.author), joinedload(IdeaNote.idea))
        return list(db.session.scalars(query.order_by(IdeaNote.created_at, IdeaNote.id)))

    def hearings(self) -> list[Hearing]:
        """The hearings whose merknadsbehandling was compiled within the dates (each is a
        document of the hearing's case)."""
        query = select(Hearing).where(
            Hearing.municipality_id == self.municipality.id,
            Hearing.compiled_at.is_not(None),
            *self._bounds(Hearing.compiled_at),
        )
        if self.challenge_id is not None:
            query = query.where(Hearing.challenge_id == self.challenge_id)
        return list(db.session.scalars(query.order_by(Hearing.compiled_at, Hearing.id)))


def case_number_of(challenge_id: int) -> str | None:
    record = db.session.get(ArchiveCase, challenge_id)
    return record.case_number if record is not None else None


def case_numbers(challenge_ids: Iterable[int]) -> dict[int, str]:
    ids = list(challenge_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(ArchiveCase.challenge_id, ArchiveCase.case_number).where(
            ArchiveCase.challenge_id.in_(ids), ArchiveCase.case_number.is_not(None)
        )
    )
    return {challenge_id: number for challenge_id, number in rows if number}


def input_records(idea_ids: Iterable[int]) -> dict[int, ArchivedInput]:
    ids = list(idea_ids)
    if not ids:
        return {}
    rows = db.session.scalars(select(ArchivedInput).where(ArchivedInput.idea_id.in_(ids)))
    return {row.idea_id: row for row in rows}


def answer_records(change_ids: Iterable[int]) -> dict[int, ArchivedAnswer]:
    ids = list(change_ids)
    if not ids:
        return {}
    rows = db.session.scalars(select(ArchivedAnswer).where(ArchivedAnswer.stage_change_id.in_(ids)))
    return {row.stage_change_id: row for row in rows}


def numbered_answers(idea_id: int) -> dict[int, str]:
    """The journal numbers staff recorded on an input's answers, by stage change."""
    rows = db.session.execute(
        select(ArchivedAnswer.stage_change_id, ArchivedAnswer.journal_number)
        .join(StageChange, StageChange.id == ArchivedAnswer.stage_change_id)
        .where(StageChange.idea_id == idea_id, ArchivedAnswer.journal_number.is_not(None))
    )
    return {change_id: number for change_id, number in rows if number}


def needs_reexport(idea: Idea, record: ArchivedInput | None) -> bool:
    """An archived input changed since its export: a new answer, or its text was edited."""
    if record is None or record.archived_at is None:
        return False
    if idea.last_moved_at is not None and idea.last_moved_at > record.archived_at:
        return True
    return record.archived_digest != text_digest(idea)
