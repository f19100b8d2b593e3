"""An input's facts for the effect measures, kept on its row as its history grows.

The measures ask of every input when it was first answered, first besluttet, first gjort, first
cited a reference, and how far along the main path it ever came. Worked out from the history,
that is a join and a GROUP BY over every StageChange of the municipality on each dashboard; kept
on the idea, it is a plain read. The history is append-only (models.py), so each new StageChange
can only move a fact forward: this listener does that in the same flush, whoever adds the row
(the move service, imports, tests). `flask metrics rebuild` works them out again from the history.
"""

from datetime import datetime

from sqlalchemy import Connection, and_, case, event, func, literal, or_, select, update
from sqlalchemy.orm import Mapper
from sqlalchemy.sql.elements import ColumnElement

from ..ideas.models import Idea
from ..ideas.stages import MAIN_PATH, Stage
from .models import StageChange

DECIDED_OR_LATER = tuple(MAIN_PATH[MAIN_PATH.index(Stage.decided) :])
DONE_OR_LATER = (Stage.done, Stage.scaled)


def stage_position(column: ColumnElement) -> ColumnElement[int]:
    """The stage's index on the main path (hørt = 0 … skalert = 5); declined is -1."""
    return case(
        *((column == stage, literal(i)) for i, stage in enumerate(MAIN_PATH)),
        else_=literal(-1),
    )


def is_cited(reference: str | None) -> bool:
    return bool((reference or "").strip())


def _earliest(column: ColumnElement, when: datetime) -> ColumnElement:
    return case((or_(column.is_(None), column > when), when), else_=column)


def _latest(column: ColumnElement, when: datetime) -> ColumnElement:
    return case((or_(column.is_(None), column < when), when), else_=column)


def facts_after(change: StageChange) -> dict[str, ColumnElement]:
    """The idea columns as they stand once `change` is part of the history."""
    when, to_stage = change.created_at, change.to_stage
    values: dict[str, ColumnElement] = {
        "first_answered_at": _earliest(Idea.first_answered_at, when),
        "last_moved_at": _latest(Idea.last_moved_at, when),
    }
    if to_stage in DECIDED_OR_LATER:
        values["first_decided_at"] = _earliest(Idea.first_decided_at, when)
    if to_stage in DONE_OR_LATER:
        values["first_done_at"] = _earliest(Idea.first_done_at, when)
    if is_cited(change.reference):
        values["first_cited_at"] = _earliest(Idea.first_cited_at, when)
    if to_stage in MAIN_PATH:
        values["furthest_stage"] = case(
            (stage_position(Idea.furthest_stage) < to_stage.position, to_stage.value),
            else_=Idea.furthest_stage,
        )
    return values


def _record_facts(_mapper: Mapper, connection: Connection, change: StageChange) -> None:
    connection.execute(
        update(Idea.__table__)
        .where(Idea.__table__.c.id == change.idea_id)
        .values({Idea.__table__.c[key]: value for key, value in facts_after(change).items()})
        .values(updated_at=Idea.__table__.c.updated_at)  # facts are not edits of the idea
    )


event.listen(StageChange, "after_insert", _record_facts)


def rebuild_facts(connection: Connection) -> None:
    """Work every input's facts out again from its whole history (after a bulk import).

    One aggregate over the history joined to the ideas (UPDATE … FROM on PostgreSQL and
    SQLite ≥ 3.33), then the ideas without any history back to none."""
    history = StageChange.__table__.c
    ideas = Idea.__table__

    def first(condition: ColumnElement[bool]) -> ColumnElement:
        return func.min(case((condition, history.created_at)))

    cited = and_(history.reference.is_not(None), func.length(func.trim(history.reference)) > 0)
    facts = (
        select(
            history.idea_id.label("idea_id"),
            func.min(history.created_at).label("first_answered_at"),
            func.max(history.created_at).label("last_moved_at"),
            first(history.to_stage.in_(DECIDED_OR_LATER)).label("first_decided_at"),
            first(history.to_stage.in_(DONE_OR_LATER)).label("first_done_at"),
            first(cited).label("first_cited_at"),
            func.max(stage_position(history.to_stage)).label("furthest"),
        )
        .group_by(history.idea_id)
        .subquery("facts")
    )
    columns = ("first_answered_at", "last_moved_at", "first_decided_at", "first_done_at")
    connection.execute(
        update(ideas)
        .where(ideas.c.id == facts.c.idea_id)
        .values(
            updated_at=ideas.c.updated_at,  # facts are not edits of the idea
            **{column: facts.c[column] for column in (*columns, "first_cited_at")},
            furthest_stage=case(
                *((facts.c.furthest == i, stage.value) for i, stage in enumerate(MAIN_PATH)),
                else_=Stage.heard.value,
            ),
        )
    )
    connection.execute(
        update(ideas)
        .where(~select(history.id).where(history.idea_id == ideas.c.id).exists())
        .values(
            updated_at=ideas.c.updated_at,
            **dict.fromkeys((*columns, "first_cited_at")),
            furthest_stage=Stage.heard.value,
        )
    )
