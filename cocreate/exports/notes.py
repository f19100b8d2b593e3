"""Internal notes as a staff export dataset (never in the open data package, which has its own
queries in opendata.py). The author is a pseudonymous participant id, as everywhere in exports."""

from typing import Any

from sqlalchemy import Select, select

from ..answers.models import IdeaNote
from ..challenges.models import Challenge
from ..ideas.models import Idea
from ..metrics.scope import Scope
from ..municipalities.models import Municipality
from .datasets import Dataset, export_value, narrowed, participant_id, register_dataset


def _notes(m: Municipality, scope: Scope) -> Select:
    return (
        select(
            IdeaNote.id,
            IdeaNote.idea_id,
            IdeaNote.body,
            IdeaNote.author_id,
            IdeaNote.created_at,
            IdeaNote.edited_at,
        )
        .join(Idea, Idea.id == IdeaNote.idea_id)
        .join(Challenge, Challenge.id == Idea.challenge_id)
        .where(
            Challenge.municipality_id == m.id,
            *narrowed(scope, Idea.challenge_id, IdeaNote.created_at),
        )
        .order_by(IdeaNote.id)
    )


def _shape(row: Any) -> tuple:
    return (
        row[0],
        row[1],
        row[2],
        participant_id(row[3]),
        export_value(row[4]),
        export_value(row[5]),
    )


register_dataset(
    Dataset(
        "internal_notes",
        ("id", "idea_id", "body", "author_id", "created_at", "edited_at"),
        _notes,
        _shape,
        headers_nb=(
            "ID",
            "Innspill-ID",
            "Notat (internt)",
            "Skrevet av (ID)",
            "Skrevet (UTC)",
            "Endret (UTC)",
        ),
    )
)
