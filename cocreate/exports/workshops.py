"""Workshops as an export dataset: what was held, how many came, what came out of it."""

from sqlalchemy import Select, func, select

from ..challenges.models import Challenge
from ..metrics.scope import Scope
from ..municipalities.models import Municipality
from ..workshops.models import Workshop, WorkshopIdea, WorkshopNote
from .datasets import Dataset, narrowed, plain_row, register_dataset


def _workshops(m: Municipality, scope: Scope) -> Select:
    notes = (
        select(func.count(WorkshopNote.id))
        .where(WorkshopNote.workshop_id == Workshop.id)
        .scalar_subquery()
    )
    ideas = (
        select(func.count(WorkshopIdea.id))
        .where(WorkshopIdea.workshop_id == Workshop.id)
        .scalar_subquery()
    )
    return (
        select(
            Workshop.id,
            Workshop.challenge_id,
            Workshop.title,
            Workshop.format,
            Workshop.status,
            Workshop.place,
            Workshop.starts_at,
            Workshop.ends_at,
            Workshop.headcount,
            Workshop.checkin_count,
            notes.label("notes"),
            ideas.label("ideas"),
        )
        .join(Challenge, Challenge.id == Workshop.challenge_id)
        .where(
            Challenge.municipality_id == m.id,
            *narrowed(scope, Workshop.challenge_id, Workshop.starts_at),
        )
        .order_by(Workshop.id)
    )


register_dataset(
    Dataset(
        "workshops",
        (
            "id",
            "challenge_id",
            "title",
            "format",
            "status",
            "place",
            "starts_at",
            "ends_at",
            "headcount",
            "checkins",
            "notes",
            "published_ideas",
        ),
        _workshops,
        plain_row,
        headers_nb=(
            "ID",
            "Utfordring-ID",
            "Tittel",
            "Form",
            "Status",
            "Sted",
            "Starter (UTC)",
            "Slutter (UTC)",
            "Oppmøte",
            "Innsjekkinger",
            "Lapper",
            "Publiserte innspill",
        ),
    )
)
