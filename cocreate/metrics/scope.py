"""What a measure is computed over, and the few portable SQL helpers the measures share."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, case, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Float, String

from ..challenges.models import Challenge, Phase, challenge_principles, challenge_target_images
from ..database import utcnow
from ..extensions import UTCDateTime
from ..ideas.stages import MAIN_PATH, Stage

K = 5  # groups smaller than this are never shown (DESIGN.md §3)


@dataclass(frozen=True)
class Scope:
    """A municipality, optionally narrowed to a challenge, a principle, a målbilde (target
    image) and a date range.

    `start` and `end` are inclusive calendar days in UTC; `now` is the moment the measures are
    taken (the "older than 30 days" and "no move for 90 days" rules count back from it). Every
    instant a Scope gives or binds is an aware UTC datetime (a naive `now` is read as UTC), so a
    PostgreSQL session in another time zone compares the same instants (DESIGN.md §3).
    """

    municipality_id: int
    challenge_id: int | None = None
    principle_id: int | None = None
    start: date | None = None
    end: date | None = None
    now: datetime = field(default_factory=utcnow)
    target_image_id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "now", as_utc(self.now))

    @property
    def start_at(self) -> datetime | None:
        """The first instant of the range: 00:00 UTC of `start`."""
        return None if self.start is None else datetime.combine(self.start, time.min, tzinfo=UTC)

    @property
    def end_before(self) -> datetime | None:
        """The instant just after the range: 00:00 UTC of the day after `end`."""
        if self.end is None:
            return None
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=UTC)

    def days_ago(self, days: int) -> datetime:
        """The instant `days` whole days before `now` (aware UTC)."""
        return self.now - timedelta(days=days)

    @property
    def narrowed(self) -> bool:
        """Narrower than the whole municipality (whose figures are kept as a snapshot)."""
        return any(
            part is not None
            for part in (
                self.challenge_id,
                self.principle_id,
                self.target_image_id,
                self.start,
                self.end,
            )
        )

    @property
    def key(self) -> str:
        """What sets this scope apart, for the working set's cache keys."""
        parts = (
            self.municipality_id,
            self.challenge_id,
            self.principle_id,
            self.target_image_id,
            self.start,
            self.end,
        )
        return ":".join(str(part) for part in parts)

    def in_range(self, column: Any) -> list[ColumnElement[bool]]:
        """Conditions keeping `column` (a timestamp) inside the date range."""
        conditions = []
        if self.start_at is not None:
            conditions.append(column >= instant(self.start_at))
        if self.end_before is not None:
            conditions.append(column < instant(self.end_before))
        return conditions


def as_utc(moment: datetime) -> datetime:
    """An aware UTC datetime (a naive one is taken to be UTC already)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def instant(moment: datetime) -> ColumnElement[datetime]:
    """A bound parameter for an aware UTC instant, typed so every backend compares it as one:
    PostgreSQL gets a timestamptz (whatever the session's time zone), SQLite its stored UTC
    text form (UTCDateTime)."""
    return literal(as_utc(moment), UTCDateTime())


def scoped_challenges(scope: Scope) -> Select:
    """Ids of the challenges in scope (never drafts: nobody could take part in them)."""
    query = select(Challenge.id).where(
        Challenge.municipality_id == scope.municipality_id, Challenge.phase != Phase.draft
    )
    if scope.challenge_id is not None:
        query = query.where(Challenge.id == scope.challenge_id)
    if scope.principle_id is not None:
        query = query.where(
            Challenge.id.in_(
                select(challenge_principles.c.challenge_id).where(
                    challenge_principles.c.principle_id == scope.principle_id
                )
            )
        )
    if scope.target_image_id is not None:
        query = query.where(
            Challenge.id.in_(
                select(challenge_target_images.c.challenge_id).where(
                    challenge_target_images.c.target_image_id == scope.target_image_id
                )
            )
        )
    return query


def stage_position(column: Any) -> ColumnElement[int]:
    """The stage's index on the main path (hørt = 0 … skalert = 5); declined is -1."""
    return case(
        *((column == stage, literal(i)) for i, stage in enumerate(MAIN_PATH)),
        else_=literal(-1),
    )


POSITION = {stage: i for i, stage in enumerate(MAIN_PATH)}
POSITION[Stage.declined] = -1


class days_between(FunctionElement):
    """Days (fractional) from the first timestamp to the second, on SQLite and PostgreSQL."""

    type = Float()
    inherit_cache = True


@compiles(days_between, "sqlite")
def _days_sqlite(element, compiler, **kw):
    start, end = list(element.clauses)
    return (
        f"(julianday({compiler.process(end, **kw)}) - julianday({compiler.process(start, **kw)}))"
    )


@compiles(days_between, "postgresql")
def _days_pg(element, compiler, **kw):
    # date_part gives double precision; EXTRACT gives numeric, several times slower to sort.
    start, end = list(element.clauses)
    return (
        f"(date_part('epoch', {compiler.process(end, **kw)} - "
        f"{compiler.process(start, **kw)}) / 86400.0)"
    )


class month_of(FunctionElement):
    """The timestamp's month as 'YYYY-MM', on SQLite and PostgreSQL."""

    type = String()
    inherit_cache = True


@compiles(month_of, "sqlite")
def _month_sqlite(element, compiler, **kw):
    return f"strftime('%Y-%m', {compiler.process(element.clauses, **kw)})"


@compiles(month_of, "postgresql")
def _month_pg(element, compiler, **kw):
    # In UTC whatever the session's time zone (the column is timestamptz).
    return f"to_char(({compiler.process(element.clauses, **kw)}) AT TIME ZONE 'UTC', 'YYYY-MM')"


def ratio(numerator: float | int | None, denominator: float | int | None) -> float | None:
    """numerator ÷ denominator, or None when there is nothing to divide by."""
    if not denominator or numerator is None:
        return None
    return numerator / denominator
