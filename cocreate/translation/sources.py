"""The texts a municipality shows that are translated, and how to read one.

Which standard a text is written in: the municipality's `language` (nb or nn), for staff's texts
and residents' alike (a resident writing in the other standard is rare, and the staff can then
replace the translation). Rich fields are translated from their HTML (rendered once when saved),
so Markdown and links are never touched; plain fields as plain text.
"""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ..challenges.models import Challenge, Phase
from ..extensions import db
from ..hearings.models import Hearing, HearingSection, HearingVersion
from ..ideas.models import Comment, CommentVisibility, Idea, Visibility
from ..pipeline.models import StageChange
from ..results.models import Result
from .models import ContentKind

# kind → (model, its translated fields); a field ending in _html is HTML.
FIELDS: dict[ContentKind, tuple[Any, tuple[str, ...]]] = {
    ContentKind.challenge: (Challenge, ("title", "description_html", "summary_html")),
    ContentKind.idea: (Idea, ("title", "body")),
    ContentKind.comment: (Comment, ("body",)),
    ContentKind.answer: (StageChange, ("answer",)),
    ContentKind.result: (Result, ("title", "description_html")),
    ContentKind.hearing: (Hearing, ("title", "summary_html")),
    ContentKind.hearing_section: (HearingSection, ("heading", "body_html")),
}
KIND_OF: dict[Any, ContentKind] = {model: kind for kind, (model, _f) in FIELDS.items()}


@dataclass(frozen=True)
class Source:
    kind: ContentKind
    object_id: int
    field: str
    text: str

    @property
    def html(self) -> bool:
        return is_html(self.field)

    @property
    def version(self) -> str:
        return version(self.text)


def is_html(field: str) -> bool:
    return field.endswith("_html")


def version(text: str) -> str:
    """The version of a source text: its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _objects(municipality_id: int) -> Iterator[tuple[ContentKind, object]]:
    challenges = (
        select(Challenge.id)
        .where(Challenge.municipality_id == municipality_id, Challenge.phase != Phase.draft)
        .scalar_subquery()
    )
    queries = [
        (
            ContentKind.challenge,
            select(Challenge).where(
                Challenge.municipality_id == municipality_id, Challenge.phase != Phase.draft
            ),
        ),
        (
            ContentKind.idea,
            select(Idea).where(
                Idea.challenge_id.in_(challenges), Idea.visibility == Visibility.published
            ),
        ),
        (
            ContentKind.comment,
            select(Comment)
            .join(Idea, Idea.id == Comment.idea_id)
            .where(
                Idea.challenge_id.in_(challenges),
                Idea.visibility == Visibility.published,
                Comment.visibility == CommentVisibility.published,
            ),
        ),
        (
            ContentKind.answer,
            select(StageChange)
            .join(Idea, Idea.id == StageChange.idea_id)
            .where(Idea.challenge_id.in_(challenges)),
        ),
        (ContentKind.result, select(Result).where(Result.challenge_id.in_(challenges))),
        (
            ContentKind.hearing,
            select(Hearing).where(
                Hearing.municipality_id == municipality_id, Hearing.opened_at.is_not(None)
            ),
        ),
        (
            ContentKind.hearing_section,
            select(HearingSection)
            .join(HearingVersion, HearingVersion.id == HearingSection.version_id)
            .join(Hearing, Hearing.id == HearingVersion.hearing_id)
            .where(Hearing.municipality_id == municipality_id, Hearing.opened_at.is_not(None)),
        ),
    ]
    for kind, query in queries:
        for obj in db.session.scalars(query.order_by(FIELDS[kind][0].id)):
            yield kind, obj


def sources(municipality_id: int) -> Iterator[Source]:
    """Every non-empty translated text of the municipality's public content."""
    for kind, obj in _objects(municipality_id):
        for field in FIELDS[kind][1]:
            text = getattr(obj, field) or ""
            if text.strip():
                yield Source(kind, obj.id, field, text)  # type: ignore[attr-defined]


def source_text(kind: ContentKind, object_id: int, field: str) -> str | None:
    """The current text of one field (None when the object is gone)."""
    model, fields = FIELDS[kind]
    if field not in fields:
        return None
    obj = db.session.get(model, object_id)
    return None if obj is None else getattr(obj, field) or ""
