"""Reads for workshops: lists, the wall with its dot counts, receipts, attendance summaries."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select, union
from sqlalchemy.orm import selectinload

from ..accounts.models import Gender, label_of_age_band
from ..extensions import db
from ..ideas.models import Idea, Visibility
from ..pipeline.models import StageChange
from .codes import JOIN_CODE_LENGTH, RECEIPT_CODE_LENGTH, is_valid_code, normalize_code
from .models import (
    CheckinDimension,
    Workshop,
    WorkshopCheckinCount,
    WorkshopDot,
    WorkshopFormat,
    WorkshopIdea,
    WorkshopNote,
    WorkshopStatus,
    WorkshopTheme,
)

K_ANONYMITY = 5  # groups smaller than this are never shown (DESIGN.md §3)


def workshops_for_challenge(challenge_id: int) -> Select:
    return (
        select(Workshop)
        .where(Workshop.challenge_id == challenge_id)
        .order_by(Workshop.starts_at, Workshop.id)
    )


@dataclass(frozen=True)
class WorkshopCard:
    """What the challenge page shows of a workshop: plain values, kept across requests
    (generation_cache)."""

    id: int
    title: str
    status: WorkshopStatus
    format: WorkshopFormat
    starts_at: datetime
    ends_at: datetime
    place: str
    description: str
    link: str
    join_code: str


def workshop_cards(challenge_id: int) -> tuple[WorkshopCard, ...]:
    """A challenge's workshops, in time order, as plain values."""
    return tuple(
        WorkshopCard(
            id=w.id,
            title=w.title,
            status=w.status,
            format=w.format,
            starts_at=w.starts_at,
            ends_at=w.ends_at,
            place=w.place,
            description=w.description,
            link=w.link,
            join_code=w.join_code,
        )
        for w in db.session.scalars(workshops_for_challenge(challenge_id))
    )


def workshop_by_code(raw: str | None) -> Workshop | None:
    code = normalize_code(raw)
    if not is_valid_code(code, JOIN_CODE_LENGTH):
        return None
    return db.session.scalar(
        select(Workshop).options(selectinload(Workshop.challenge)).where(Workshop.join_code == code)
    )


def dot_counts(workshop_id: int) -> dict[int, int]:
    """Digital dots per note id (each participant at most once per note)."""
    rows = db.session.execute(
        select(WorkshopDot.note_id, func.count(WorkshopDot.id))
        .where(WorkshopDot.workshop_id == workshop_id)
        .group_by(WorkshopDot.note_id)
    )
    return {note_id: int(n) for note_id, n in rows}


def theme_votes(workshop_id: int) -> dict[int, int]:
    """Per theme: distinct participants with a dot on any of its notes, plus post-it stickers."""
    people = db.session.execute(
        select(WorkshopNote.theme_id, func.count(func.distinct(WorkshopDot.participant_hash)))
        .join(WorkshopDot, WorkshopDot.note_id == WorkshopNote.id)
        .where(WorkshopNote.workshop_id == workshop_id, WorkshopNote.theme_id.is_not(None))
        .group_by(WorkshopNote.theme_id)
    )
    stickers = db.session.execute(
        select(WorkshopNote.theme_id, func.sum(WorkshopNote.offline_dots))
        .where(
            WorkshopNote.workshop_id == workshop_id,
            WorkshopNote.theme_id.is_not(None),
            WorkshopNote.merged_into_id.is_(None),
            WorkshopNote.hidden.is_(False),
        )
        .group_by(WorkshopNote.theme_id)
    )
    votes: dict[int, int] = defaultdict(int)
    for theme_id, n in [*people, *stickers]:
        votes[theme_id] += int(n or 0)
    return dict(votes)


def participant_count(workshop_id: int) -> int:
    """Devices that posted a note or placed a dot."""
    devices = union(
        select(WorkshopNote.participant_hash).where(
            WorkshopNote.workshop_id == workshop_id, WorkshopNote.participant_hash.is_not(None)
        ),
        select(WorkshopDot.participant_hash).where(WorkshopDot.workshop_id == workshop_id),
    ).subquery()
    return db.session.scalar(select(func.count()).select_from(devices)) or 0


@dataclass
class Wall:
    workshop: Workshop
    notes: list[WorkshopNote]
    themes: list[WorkshopTheme]
    dots: dict[int, int]  # note id → digital dots + stickers
    theme_dots: dict[int, int]
    participants: int

    @property
    def open_notes(self) -> list[WorkshopNote]:
        return [n for n in self.notes if n.on_wall]

    def notes_in(self, theme: WorkshopTheme | None) -> list[WorkshopNote]:
        theme_id = theme.id if theme else None
        return [
            n
            for n in self.notes
            if n.theme_id == theme_id and not n.hidden and n.merged_into_id is None
        ]

    @property
    def hidden_notes(self) -> list[WorkshopNote]:
        return [n for n in self.notes if n.hidden and n.merged_into_id is None]

    def merged_into(self, note: WorkshopNote) -> list[WorkshopNote]:
        return [n for n in self.notes if n.merged_into_id == note.id]

    @property
    def totals(self) -> dict[str, int]:
        visible = [n for n in self.notes if not n.hidden and n.merged_into_id is None]
        return {
            "notes": len(visible),
            "dots": sum(self.dots.get(n.id, 0) for n in visible),
            "participants": self.participants,
        }

    def as_json(self) -> dict[str, Any]:
        w = self.workshop
        return {
            "workshop": {
                "id": w.id,
                "status": w.status.value,
                "join_code": w.join_code,
                "dots_per_person": w.dots_per_person,
                "headcount": w.headcount,
                "checkin_count": w.checkin_count,
            },
            "totals": self.totals,
            "themes": [
                {
                    "id": t.id,
                    "title": t.title,
                    "dots": self.theme_dots.get(t.id, 0),
                    "published": t.idea_id is not None,
                }
                for t in self.themes
            ],
            "notes": [
                {
                    "id": n.id,
                    "text": n.text,
                    "dots": self.dots.get(n.id, 0),
                    "theme_id": n.theme_id,
                    "hidden": n.hidden,
                    "merged_into_id": n.merged_into_id,
                    "published": n.idea_id is not None,
                    "offline": n.is_offline,
                }
                for n in self.notes
            ],
        }


def load_wall(workshop: Workshop) -> Wall:
    """The whole wall in a fixed number of queries, whatever the number of notes."""
    notes = list(
        db.session.scalars(
            select(WorkshopNote)
            .options(selectinload(WorkshopNote.idea))
            .where(WorkshopNote.workshop_id == workshop.id)
            .order_by(WorkshopNote.created_at, WorkshopNote.id)
        )
    )
    themes = list(
        db.session.scalars(
            select(WorkshopTheme)
            .options(selectinload(WorkshopTheme.idea))
            .where(WorkshopTheme.workshop_id == workshop.id)
            .order_by(WorkshopTheme.id)
        )
    )
    digital = dot_counts(workshop.id)
    dots = {n.id: digital.get(n.id, 0) + n.offline_dots for n in notes}
    return Wall(
        workshop, notes, themes, dots, theme_votes(workshop.id), participant_count(workshop.id)
    )


def my_dots(workshop_id: int, participant: str) -> set[int]:
    return set(
        db.session.scalars(
            select(WorkshopDot.note_id).where(
                WorkshopDot.workshop_id == workshop_id,
                WorkshopDot.participant_hash == participant,
            )
        )
    )


def my_notes(workshop_id: int, participant: str) -> list[WorkshopNote]:
    return list(
        db.session.scalars(
            select(WorkshopNote)
            .where(
                WorkshopNote.workshop_id == workshop_id,
                WorkshopNote.participant_hash == participant,
            )
            .order_by(WorkshopNote.created_at, WorkshopNote.id)
        )
    )


@dataclass
class Receipt:
    note: WorkshopNote
    final_note: WorkshopNote  # the note it ended up in after merges (itself when not merged)
    dots: int
    idea: Idea | None = None  # the idea it became, after any merges of ideas
    latest_answer: StageChange | None = None

    @property
    def state(self) -> str:
        if self.idea is not None:
            return "published"
        if self.final_note.hidden:
            return "hidden"
        return "on_wall"


def receipt_by_code(raw: str | None) -> Receipt | None:
    """What became of a note: on the wall, hidden, merged, or published and where it is now."""
    code = normalize_code(raw)
    if not is_valid_code(code, RECEIPT_CODE_LENGTH):
        return None
    note = db.session.scalar(select(WorkshopNote).where(WorkshopNote.receipt_code == code))
    if note is None:
        return None
    final = note
    for _step in range(50):  # merges are flattened, so this is at most one step
        if final.merged_into is None:
            break
        final = final.merged_into
    receipt = Receipt(note=note, final_note=final, dots=0)
    idea = final.idea
    for _step in range(50):
        if idea is None or idea.visibility is not Visibility.merged or idea.merged_into is None:
            break
        idea = idea.merged_into
    if idea is not None:
        receipt.idea = idea
        receipt.latest_answer = db.session.scalar(
            select(StageChange)
            .where(StageChange.idea_id == idea.id)
            .order_by(StageChange.created_at.desc(), StageChange.id.desc())
            .limit(1)
        )
    else:
        receipt.dots = dot_counts(final.workshop_id).get(final.id, 0) + final.offline_dots
    return receipt


DIMENSION_LABELS = {
    CheckinDimension.age_band.value: _l("Alder"),
    CheckinDimension.gender.value: _l("Kjønn"),
    CheckinDimension.district.value: _l("Bydel eller område"),
}


def checkin_summary(workshop: Workshop) -> list[tuple[str, list[tuple[str, int | None]]]]:
    """Check-in counts per question; a group below k = 5 shows as None (never its number)."""
    rows = db.session.execute(
        select(
            WorkshopCheckinCount.dimension, WorkshopCheckinCount.value, WorkshopCheckinCount.count
        )
        .where(WorkshopCheckinCount.workshop_id == workshop.id)
        .order_by(WorkshopCheckinCount.dimension, WorkshopCheckinCount.value)
    )
    grouped: dict[str, list[tuple[str, int | None]]] = defaultdict(list)
    for dimension, value, count in rows:
        label = _answer_label(dimension, value)
        grouped[dimension].append((label, count if count >= K_ANONYMITY else None))
    return [(str(label), grouped[key]) for key, label in DIMENSION_LABELS.items() if grouped[key]]


def _answer_label(dimension: str, value: str) -> str:
    """«30–44 år» and «Kvinne» as on the check-in form, never the stored code."""
    if dimension == CheckinDimension.age_band.value:
        return label_of_age_band(value)
    if dimension == CheckinDimension.gender.value and value in Gender._value2member_map_:
        return Gender(value).label
    return value


def workshop_of_idea(idea_id: int) -> WorkshopIdea | None:
    return db.session.scalar(
        select(WorkshopIdea)
        .options(selectinload(WorkshopIdea.workshop))
        .where(WorkshopIdea.idea_id == idea_id)
    )
