"""The case queue (saksliste): the open cases a person may see, filtered, counted per filter
option and sorted by the staff deadline, in a fixed number of queries whatever the number of
inputs (one per filter's counts, the page and its total, the names of the page's rows).

Open cases are the municipality's published inputs not at a final stage (skalert, ikke
videreført). A case officer sees the inputs assigned to them and to their departments;
facilitators and administrators see them all (`scope()`).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, and_, case, false, func, or_, select, true
from sqlalchemy.orm import aliased, joinedload

from ..accounts.models import User
from ..accounts.permissions import is_staff
from ..challenges.models import Challenge, challenge_principles
from ..extensions import db
from ..ideas.models import Channel, Idea, Visibility
from ..ideas.stages import Stage
from ..municipalities.models import District, Municipality
from ..pipeline.deadlines import (
    DeadlineState,
    deadline_filter,
    deadline_state_expression,
    received_day,
    staff_deadline,
    state_of,
    today,
)
from ..reference.models import Principle
from .models import Department, DepartmentMember

NONE = "ingen"  # the option for "no department" and "nobody assigned"
PER_PAGE = 50
OPEN_STAGES = tuple(stage for stage in Stage if not stage.is_final)

# Age since the day received, in days: (value, label, newest day offset, oldest day offset).
AGES = (
    ("0-7", _l("0–7 dager"), 0, 7),
    ("8-30", _l("8–30 dager"), 8, 30),
    ("31-90", _l("31–90 dager"), 31, 90),
    ("90+", _l("Over 90 dager"), 91, None),
)


def scope(user: Any, municipality: Municipality) -> ColumnElement[bool]:
    """The inputs this person's queue holds: all for staff; for a case officer those assigned
    to them or to one of their departments; none for anyone else."""
    if is_staff(user, municipality):
        return true()
    if user is None or not getattr(user, "is_authenticated", False):
        return false()
    departments = select(DepartmentMember.department_id).where(DepartmentMember.user_id == user.id)
    return or_(Idea.assignee_id == user.id, Idea.department_id.in_(departments))


def _base(user: Any, municipality: Municipality) -> Select:
    return (
        select(Idea)
        .join(Challenge, Challenge.id == Idea.challenge_id)
        .where(
            Challenge.municipality_id == municipality.id,
            Idea.visibility == Visibility.published,
            Idea.stage.in_(OPEN_STAGES),
            scope(user, municipality),
        )
    )


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    """One filter: its request parameter, label and options with their counts."""

    name: str
    label: str
    options: list[Option] = field(default_factory=list)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdecimal() else None


def _age_expression(on: date) -> ColumnElement[str]:
    day = received_day()
    whens = [
        (day >= on - timedelta(days=newest_limit), value)
        for value, _label, _newest, newest_limit in AGES
        if newest_limit is not None
    ]
    return case(*whens, else_=AGES[-1][0])


class Filters:
    """The filters a request asked for; each is a condition on the queue and a GROUP BY for
    its counts."""

    def __init__(self, args: Mapping[str, str], municipality: Municipality, on: date) -> None:
        self.args = {key: value for key, value in args.items() if value}
        self.municipality = municipality
        self.on = on
        self.days = municipality.answer_deadline_days

    def conditions(self, leave_out: str | None = None) -> list[ColumnElement[bool]]:
        return [
            condition
            for name, condition in self._conditions().items()
            if name != leave_out and condition is not None
        ]

    def _conditions(self) -> dict[str, ColumnElement[bool] | None]:
        a = self.args
        stage = a.get("stage")
        channel = a.get("channel")
        deadline = a.get("deadline")
        age = next((row for row in AGES if row[0] == a.get("age")), None)
        return {
            "challenge": Idea.challenge_id == _int(a.get("challenge"))
            if _int(a.get("challenge"))
            else None,
            "principle": Idea.challenge_id.in_(
                select(challenge_principles.c.challenge_id).where(
                    challenge_principles.c.principle_id == _int(a.get("principle"))
                )
            )
            if _int(a.get("principle"))
            else None,
            "stage": Idea.stage == Stage(stage) if stage in {s.value for s in Stage} else None,
            "district": Idea.district_id == _int(a.get("district"))
            if _int(a.get("district"))
            else None,
            "channel": Idea.channel == Channel(channel)
            if channel in {c.value for c in Channel}
            else None,
            "department": self._optional_id(Idea.department_id, a.get("department")),
            "person": self._optional_id(Idea.assignee_id, a.get("person")),
            "age": self._age(age) if age else None,
            "deadline": deadline_filter(DeadlineState(deadline), self.days, self.on)
            if deadline in {s.value for s in DeadlineState}
            else None,
        }

    @staticmethod
    def _optional_id(column: Any, value: str | None) -> ColumnElement[bool] | None:
        if value == NONE:
            return column.is_(None)
        number = _int(value)
        return column == number if number else None

    def _age(self, age: tuple[Any, ...]) -> ColumnElement[bool]:
        _value, _label, newest, oldest = age
        day = received_day()
        condition = day <= self.on - timedelta(days=newest)
        if oldest is not None:
            condition = and_(condition, day >= self.on - timedelta(days=oldest))
        return condition


def _counts(
    base: Select, filters: Filters, name: str, key: Any, *labels: Any, join: Callable | None = None
) -> list[tuple[Any, ...]]:
    """(key, *labels, count) rows for one filter, the other filters applied."""
    query = base.where(*filters.conditions(leave_out=name))
    if join is not None:
        query = join(query)
    query = query.with_only_columns(key, *labels, func.count(Idea.id)).group_by(key, *labels)
    return list(db.session.execute(query).all())


def facets(user: Any, municipality: Municipality, filters: Filters) -> list[Facet]:
    """Each filter's options with the number of cases each would show (one query per filter)."""
    base = _base(user, municipality)
    selected = filters.args
    result: list[Facet] = []

    def add(name: str, label: Any, rows: list[tuple[str, str, int]], order: bool = True) -> None:
        facet = Facet(name, str(label))
        for value, text, count in sorted(rows, key=lambda r: r[1].lower()) if order else rows:
            facet.options.append(Option(value, text, count, selected.get(name) == value))
        result.append(facet)

    add(
        "challenge",
        _l("Utfordring"),
        [
            (str(i), t, n)
            for i, t, n in _counts(base, filters, "challenge", Challenge.id, Challenge.title)
        ],
    )
    principle_rows = _counts(
        base,
        filters,
        "principle",
        challenge_principles.c.principle_id,
        join=lambda q: q.join(
            challenge_principles, challenge_principles.c.challenge_id == Idea.challenge_id
        ),
    )
    principles = {p.id: p for p in db.session.scalars(select(Principle))}
    add(
        "principle",
        _l("Prinsipp"),
        [(str(i), principles[i].name, n) for i, n in principle_rows if i in principles],
    )
    stage_counts = dict(_counts(base, filters, "stage", Idea.stage))
    add(
        "stage",
        _l("Steg"),
        [(s.value, s.label, stage_counts[s]) for s in OPEN_STAGES if s in stage_counts],
        order=False,
    )
    add(
        "district",
        _l("Bydel"),
        [
            (str(i), t, n)
            for i, t, n in _counts(
                base,
                filters,
                "district",
                District.id,
                District.name,
                join=lambda q: q.join(District, District.id == Idea.district_id),
            )
        ],
    )
    channel_counts = dict(_counts(base, filters, "channel", Idea.channel))
    add(
        "channel",
        _l("Kanal"),
        [(c.value, c.label, channel_counts[c]) for c in Channel if c in channel_counts],
        order=False,
    )
    department_rows = _counts(
        base,
        filters,
        "department",
        Idea.department_id,
        Department.name,
        join=lambda q: q.outerjoin(Department, Department.id == Idea.department_id),
    )
    add(
        "department",
        _l("Enhet"),
        [(str(i) if i else NONE, t or str(_l("Ingen enhet")), n) for i, t, n in department_rows],
    )
    person_rows = _counts(
        base,
        filters,
        "person",
        Idea.assignee_id,
        User.display_name,
        join=lambda q: q.outerjoin(User, User.id == Idea.assignee_id),
    )
    add(
        "person",
        _l("Saksbehandler"),
        [(str(i) if i else NONE, t or str(_l("Ikke tildelt")), n) for i, t, n in person_rows],
    )
    age_counts = dict(_counts(base, filters, "age", _age_expression(filters.on)))
    add(
        "age",
        _l("Alder"),
        [(v, str(label), age_counts[v]) for v, label, *_ in AGES if v in age_counts],
        order=False,
    )
    state = deadline_state_expression(filters.days, filters.on)
    deadline_counts = dict(_counts(base, filters, "deadline", state))
    add(
        "deadline",
        _l("Frist"),
        [
            (s.value, s.label, deadline_counts[s.value])
            for s in DeadlineState
            if deadline_counts.get(s.value)
        ],
        order=False,
    )
    return result


def queue(user: Any, municipality: Municipality, filters: Filters) -> Select:
    """The cases (for db.paginate): unanswered first, then by deadline, soonest first."""
    return (
        _base(user, municipality)
        .where(*filters.conditions())
        .options(joinedload(Idea.challenge))
        .order_by(Idea.first_answered_at.is_not(None), staff_deadline(filters.days), Idea.id)
    )


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def as_date(value: Any) -> date | None:
    """A date from a computed DATE (SQLite gives its ISO text)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


@dataclass
class Row:
    idea: Idea
    deadline: date | None
    received: date | None
    department_name: str | None
    assignee_name: str | None
    state: DeadlineState | None


def rows(ideas: list[Idea], days: int, on: date | None = None) -> list[Row]:
    """The page's cases with their deadline, day received, department and assignee (one
    query)."""
    if not ideas:
        return []
    on = on or today()
    assignee = aliased(User)
    details = {
        idea_id: rest
        for idea_id, *rest in db.session.execute(
            select(
                Idea.id,
                staff_deadline(days),
                received_day(),
                Department.name,
                assignee.display_name,
            )
            .outerjoin(Department, Department.id == Idea.department_id)
            .outerjoin(assignee, assignee.id == Idea.assignee_id)
            .where(Idea.id.in_([idea.id for idea in ideas]))
        )
    }
    result = []
    for idea in ideas:
        deadline_value, received_value, department_name, assignee_name = details[idea.id]
        deadline, received = as_date(deadline_value), as_date(received_value)
        state = state_of(deadline, idea.first_answered_at is not None, on)
        result.append(
            Row(idea, deadline, received, _text(department_name), _text(assignee_name), state)
        )
    return result
