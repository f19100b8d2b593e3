"""The export datasets: each is a header and a row query that streams in chunks.

Rows are plain tuples read with yield_per, so memory stays bounded however many rows there are.
People appear only as a pseudonymous participant id (a keyed hash), never by e-mail or name.
Every dataset is narrowed by the dashboard's Scope (metrics/filters.py parses it): the rows of
the challenges in scope (a challenge, a principle, a målbilde) whose own time is in the range.
"""

import hashlib
import hmac
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, Select, select

from ..challenges.models import Challenge
from ..extensions import db
from ..ideas.models import Comment, Idea, Vote
from ..metrics.scope import Scope, scoped_challenges
from ..municipalities.models import District, Municipality
from ..pipeline.models import StageChange

CHUNK = 2000


def participant_id(user_id: int | None) -> str | None:
    """A stable pseudonym for a person in exports: HMAC of the id with the app's secret."""
    if user_id is None:
        return None
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"participant:{user_id}".encode(), hashlib.sha256).hexdigest()[:16]


@dataclass(frozen=True)
class Dataset:
    name: str
    columns: tuple[str, ...]
    query: Callable[[Municipality, Scope], Select] | None
    # Turns a database row into export values (pseudonymises ids, formats enums and dates).
    shape: Callable[[Any], tuple] = tuple
    # For data that is not one query (the measures table): yields the rows itself.
    produce: Callable[[Municipality, Scope], Iterable[tuple]] | None = None
    # Column headers in Norwegian, for the spreadsheet form of the CSV (same order as columns).
    headers_nb: tuple[str, ...] = ()


def narrowed(scope: Scope, challenge: Any, moment: Any) -> list[ColumnElement[bool]]:
    """Conditions keeping a dataset's rows in the scope: `challenge` is the row's challenge id
    column, `moment` the time that places the row in the date range."""
    conditions = list(scope.in_range(moment))
    if any(x is not None for x in (scope.challenge_id, scope.principle_id, scope.target_image_id)):
        conditions.append(challenge.in_(scoped_challenges(scope)))
    return conditions


def export_value(value: Any) -> Any:
    if hasattr(value, "value") and not isinstance(value, int | str | float):
        return value.value  # enums
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _ideas(m: Municipality, scope: Scope) -> Select:
    return (
        select(
            Idea.id,
            Idea.challenge_id,
            Challenge.title,
            Idea.title,
            Idea.body,
            Idea.channel,
            Idea.stage,
            Idea.visibility,
            District.name,
            Idea.support_count,
            Idea.workshop_vote_count,
            Idea.comment_count,
            Idea.author_id,
            Idea.created_at,
            Idea.first_answered_at,
            Idea.merged_into_id,
        )
        .join(Challenge, Challenge.id == Idea.challenge_id)
        .outerjoin(District, District.id == Idea.district_id)
        .where(
            Challenge.municipality_id == m.id, *narrowed(scope, Idea.challenge_id, Idea.created_at)
        )
        .order_by(Idea.id)
    )


def _pseudonymised(person_column: int) -> Callable[[Any], tuple]:
    """A row shaper: export values, with the person in that column as a participant id."""

    def shape(row: Any) -> tuple:
        values = [export_value(v) for v in row]
        values[person_column] = participant_id(row[person_column])
        return tuple(values)

    return shape


_shape_idea = _pseudonymised(12)


# The columns of the stage history, in the staff export and in the open data alike.
STAGE_CHANGE_COLUMNS = (
    StageChange.id,
    StageChange.idea_id,
    StageChange.from_stage,
    StageChange.to_stage,
    StageChange.answer,
    StageChange.reference,
    StageChange.actor_role,
    StageChange.unit_name,
    StageChange.created_at,
    StageChange.kind,
)


def _stage_changes(m: Municipality, scope: Scope) -> Select:
    return (
        select(*STAGE_CHANGE_COLUMNS)
        .join(Idea, Idea.id == StageChange.idea_id)
        .join(Challenge, Challenge.id == Idea.challenge_id)
        .where(
            Challenge.municipality_id == m.id,
            *narrowed(scope, Idea.challenge_id, StageChange.created_at),
        )
        .order_by(StageChange.id)
    )


def _supports(m: Municipality, scope: Scope) -> Select:
    return (
        select(Vote.id, Vote.idea_id, Vote.challenge_id, Vote.user_id, Vote.created_at)
        .join(Challenge, Challenge.id == Vote.challenge_id)
        .where(
            Challenge.municipality_id == m.id,
            *narrowed(scope, Vote.challenge_id, Vote.created_at),
        )
        .order_by(Vote.id)
    )


def _shape_support(row: Any) -> tuple:
    return (row[0], row[1], row[2], participant_id(row[3]), export_value(row[4]))


def _comments(m: Municipality, scope: Scope) -> Select:
    return (
        select(
            Comment.id,
            Comment.idea_id,
            Comment.parent_id,
            Comment.body,
            Comment.visibility,
            Comment.author_id,
            Comment.created_at,
        )
        .join(Idea, Idea.id == Comment.idea_id)
        .join(Challenge, Challenge.id == Idea.challenge_id)
        .where(
            Challenge.municipality_id == m.id,
            *narrowed(scope, Idea.challenge_id, Comment.created_at),
        )
        .order_by(Comment.id)
    )


_shape_comment = _pseudonymised(5)


def plain_row(row: Any) -> tuple:
    return tuple(export_value(v) for v in row)


DATASETS: dict[str, Dataset] = {
    "ideas": Dataset(
        "ideas",
        (
            "id",
            "challenge_id",
            "challenge_title",
            "title",
            "body",
            "channel",
            "stage",
            "visibility",
            "district",
            "supports",
            "workshop_votes",
            "comments",
            "participant_id",
            "created_at",
            "first_answered_at",
            "merged_into_id",
        ),
        _ideas,
        _shape_idea,
        headers_nb=(
            "ID",
            "Utfordring-ID",
            "Utfordring",
            "Tittel",
            "Tekst",
            "Kanal",
            "Steg",
            "Synlighet",
            "Bydel",
            "Støtter",
            "Stemmer på verksted",
            "Kommentarer",
            "Deltaker-ID",
            "Sendt inn (UTC)",
            "Første svar (UTC)",
            "Slått sammen med ID",
        ),
    ),
    "stage_history": Dataset(
        "stage_history",
        (
            "id",
            "idea_id",
            "from_stage",
            "to_stage",
            "answer",
            "reference",
            "answered_by_role",
            "unit",
            "created_at",
            "kind",
        ),
        _stage_changes,
        plain_row,
        headers_nb=(
            "ID",
            "Innspill-ID",
            "Fra steg",
            "Til steg",
            "Svar",
            "Referanse",
            "Svart av (rolle)",
            "Enhet",
            "Tidspunkt (UTC)",
            "Slag (move = nytt steg, correction = rettelse, progress = oppdatering)",
        ),
    ),
    "supports": Dataset(
        "supports",
        ("id", "idea_id", "challenge_id", "participant_id", "created_at"),
        _supports,
        _shape_support,
        headers_nb=("ID", "Innspill-ID", "Utfordring-ID", "Deltaker-ID", "Tidspunkt (UTC)"),
    ),
    "comments": Dataset(
        "comments",
        ("id", "idea_id", "parent_id", "body", "visibility", "participant_id", "created_at"),
        _comments,
        _shape_comment,
        headers_nb=(
            "ID",
            "Innspill-ID",
            "Svar på kommentar-ID",
            "Tekst",
            "Synlighet",
            "Deltaker-ID",
            "Skrevet (UTC)",
        ),
    ),
}


def register_dataset(dataset: Dataset) -> None:
    """Other features (workshops, metrics) add their datasets here."""
    DATASETS[dataset.name] = dataset


def stream_rows(
    dataset: Dataset, municipality: Municipality, scope: Scope | None = None
) -> Iterator[tuple]:
    """Rows in scope (the whole municipality by default) in chunks from a server-side cursor;
    nothing accumulates in memory."""
    scope = scope or Scope(municipality.id)
    if dataset.produce is not None:
        yield from dataset.produce(municipality, scope)
        return
    assert dataset.query is not None
    result = db.session.execute(
        dataset.query(municipality, scope).execution_options(yield_per=CHUNK, stream_results=True)
    )
    for row in result:
        yield dataset.shape(row)
