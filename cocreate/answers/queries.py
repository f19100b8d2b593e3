"""Reads for notes, templates and bulk answers."""

from collections.abc import Iterable

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from ..challenges.models import Challenge
from ..ideas.models import Idea
from .models import AnswerTemplate, IdeaNote


def notes_of(idea_id: int) -> Select:
    """An input's internal notes, oldest first, with their authors."""
    return (
        select(IdeaNote)
        .where(IdeaNote.idea_id == idea_id)
        .options(selectinload(IdeaNote.author))
        .order_by(IdeaNote.created_at, IdeaNote.id)
    )


def templates_of(municipality_id: int) -> Select:
    return (
        select(AnswerTemplate)
        .where(AnswerTemplate.municipality_id == municipality_id)
        .order_by(AnswerTemplate.title, AnswerTemplate.id)
    )


def ideas_in(municipality_id: int, ids: Iterable[int]) -> Select:
    """The inputs with these ids that belong to the municipality, in id order."""
    return (
        select(Idea)
        .join(Challenge, Challenge.id == Idea.challenge_id)
        .where(Idea.id.in_(list(ids)), Challenge.municipality_id == municipality_id)
        .options(selectinload(Idea.challenge))
        .order_by(Idea.id)
    )
