"""The staff deadline of an input (issue 23 §3), for staff views only, never public pages.

An input is due a public answer `municipalities.answer_deadline_days` days (default 30) after
the day it was received: `registered_inputs.received_on` for an input staff registered, else the
(UTC) day it was created. A provisional answer (a progress update with `expected_on`) moves the
deadline to that date (`ideas.deadline_on`). An input without a public answer
(`first_answered_at` is None) after its deadline is overdue; due soon means a deadline within
DUE_SOON_DAYS days from today.

`staff_deadline()` is one SQL expression, usable in filters and ORDER BY on SQLite and
PostgreSQL; the measures do not use it (they keep counting from the day received).
"""

import enum
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, and_, case, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from ..challenges.models import Challenge
from ..database import utcnow
from ..extensions import db
from ..ideas.models import Idea, RegisteredInput
from ..municipalities.models import Municipality

DUE_SOON_DAYS = 3


class add_days(FunctionElement):
    """The day of a date or timestamp plus a number of days, as a DATE, on SQLite (an ISO
    'YYYY-MM-DD' text, which compares and sorts as a date) and PostgreSQL (a UTC day)."""

    type = Date()
    inherit_cache = True


@compiles(add_days, "sqlite")
def _add_days_sqlite(element: add_days, compiler: Any, **kw: Any) -> str:
    day, days = list(element.clauses)
    return (
        f"date({compiler.process(day, **kw)}, "
        f"'+' || CAST({compiler.process(days, **kw)} AS TEXT) || ' days')"
    )


@compiles(add_days, "postgresql")
def _add_days_pg(element: add_days, compiler: Any, **kw: Any) -> str:
    # A timestamptz is taken in UTC whatever the session's time zone; a date stays the date.
    day, days = list(element.clauses)
    sql = compiler.process(day, **kw)
    if not isinstance(day.type, Date):
        sql = f"({sql} AT TIME ZONE 'UTC')"
    return f"(CAST({sql} AS DATE) + CAST({compiler.process(days, **kw)} AS INTEGER))"


def _deadline_days() -> ColumnElement[int]:
    """The answer deadline of the input's municipality (correlated to `ideas`)."""
    return (
        select(Municipality.answer_deadline_days)
        .join(Challenge, Challenge.municipality_id == Municipality.id)
        .where(Challenge.id == Idea.challenge_id)
        .scalar_subquery()
    )


def received_expression() -> tuple[Any, Any]:
    """The day received of a registered input (or NULL), and the input's creation time."""
    registered = (
        select(RegisteredInput.received_on)
        .where(RegisteredInput.idea_id == Idea.id)
        .scalar_subquery()
    )
    return registered, Idea.created_at


def received_day() -> ColumnElement[date]:
    """The day the input was received, as a DATE."""
    registered, created = received_expression()
    return func.coalesce(registered, add_days(created, 0), type_=Date)


def staff_deadline(days: int | None = None) -> ColumnElement[date]:
    """The day a public answer is due: a provisional answer's date, else the day received plus
    the municipality's deadline (`days` when the caller knows it, else looked up per input)."""
    registered, created = received_expression()
    span: Any = days if days is not None else _deadline_days()
    from_received = func.coalesce(add_days(registered, span), add_days(created, span), type_=Date)
    return func.coalesce(Idea.deadline_on, from_received, type_=Date)


def today() -> date:
    """Today in the municipality's time zone."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Oslo"))
    return utcnow().astimezone(zone).date()


class DeadlineState(enum.Enum):
    overdue = "overdue"
    due_soon = "due_soon"

    @property
    def label(self) -> str:
        return str(DEADLINE_LABELS[self])


DEADLINE_LABELS = {
    DeadlineState.overdue: _l("Forfalt"),
    DeadlineState.due_soon: _l("Forfaller snart"),
}


def is_overdue(on: date | None = None) -> ColumnElement[bool]:
    """Without a public answer, after its deadline."""
    return and_(Idea.first_answered_at.is_(None), staff_deadline() < (on or today()))


def deadline_filter(state: DeadlineState, days: int | None = None, on: date | None = None):
    """The condition for overdue or due soon (within DUE_SOON_DAYS days, today included)."""
    on = on or today()
    deadline = staff_deadline(days)
    unanswered = Idea.first_answered_at.is_(None)
    if state is DeadlineState.overdue:
        return and_(unanswered, deadline < on)
    return and_(unanswered, deadline >= on, deadline <= on + timedelta(days=DUE_SOON_DAYS))


def deadline_state_expression(days: int | None = None, on: date | None = None):
    """'overdue', 'due_soon' or NULL per input, as one SQL CASE (for counting by state)."""
    return case(
        (deadline_filter(DeadlineState.overdue, days, on), DeadlineState.overdue.value),
        (deadline_filter(DeadlineState.due_soon, days, on), DeadlineState.due_soon.value),
        else_=None,
    )


def state_of(deadline: date | None, answered: bool, on: date | None = None) -> DeadlineState | None:
    """The same rule in Python, for a deadline already read."""
    if answered or deadline is None:
        return None
    on = on or today()
    if deadline < on:
        return DeadlineState.overdue
    if deadline <= on + timedelta(days=DUE_SOON_DAYS):
        return DeadlineState.due_soon
    return None


def deadlines_for(idea_ids: Iterable[int], days: int | None = None) -> dict[int, date]:
    """The staff deadline of each of these inputs, in one query."""
    ids = list(idea_ids)
    if not ids:
        return {}
    rows = db.session.execute(select(Idea.id, staff_deadline(days)).where(Idea.id.in_(ids)))
    return {idea_id: _as_date(deadline) for idea_id, deadline in rows}


def _as_date(value: Any) -> date:
    # SQLite's date() is text; SQLAlchemy's Date type parses it back only for real columns.
    return value if isinstance(value, date) else date.fromisoformat(value)
