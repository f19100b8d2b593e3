"""The participation ledger: each person's contributions per municipality, and per month.

The municipality-wide dashboard asks how many people took part, how much each of them did, in
how many challenges, and how many were active each month. Answered from the raw rows, that is
a GROUP BY over every support, idea and comment of the municipality (1.3 million rows at city
scale, seconds on each cold dashboard). The ledger keeps those answers per person
(ParticipationPerson, ParticipationMonth) and the measures read them for a whole municipality
(measures.py); a narrowed scope (challenge, principle, dates) still counts the raw rows.

Exactness: whenever a flush adds, edits or deletes a support, an idea or a comment, the person
is marked pending (ParticipationPending), in the same transaction and in one cheap statement. A
bulk UPDATE or DELETE of such rows through the session (withdrawing a support, merging, deleting
one's contributions) marks the persons its WHERE clause matches before it runs. When a measure
reads the ledger, settle() works the pending persons' rows out again from the raw rows, with the
very query the measures use (contribution_rows), and moves the month totals by the difference;
build_dashboard() commits that work. So a support costs one row, and a person who supports
twenty ideas in a minute is counted again once. `flask metrics rebuild` works the whole ledger
out again (a bulk import, rows written around the app); statements on a bare connection are not
seen.
"""

import functools
from collections.abc import Iterable
from itertools import chain
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    bindparam,
    case,
    cast,
    delete,
    event,
    func,
    select,
    true,
    union,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction, attributes

from ..challenges.models import Challenge, Phase
from ..extensions import db
from ..ideas.models import Comment, Idea, Vote
from ..privacy.personal_data import leave_derived
from .contributions import contribution_rows
from .models import (
    ParticipationMonth,
    ParticipationMonthTotal,
    ParticipationPending,
    ParticipationPerson,
)
from .scope import month_of

CHUNK = 500  # persons per refresh statement (bound parameters stay well under SQLite's limit)
IDEA_FIELDS = ("author_id", "visibility", "challenge_id", "created_at")
COMMENT_FIELDS = ("author_id", "visibility", "idea_id", "created_at")
VOTE_FIELDS = ("user_id", "challenge_id", "created_at")
COUNTS = ("ideas", "inputs", "votes", "comments")
SETTLED_KEY = "participation_ledger_settled"
TOTAL_KEYS = ("municipality_id", "month", "participants", *COUNTS)


def _fill_statements(person: Any) -> tuple[Any, Any]:
    """INSERT … SELECT of the month rows and the person rows, for the persons `person` picks
    (a condition on the person column; None: everyone)."""
    open_challenges = select(Challenge.id).where(Challenge.phase != Phase.draft)
    rows = contribution_rows(open_challenges, person=person).subquery("contributions")
    municipality = Challenge.municipality_id
    source = rows.join(Challenge, Challenge.id == rows.c.challenge_id)
    signed_in = rows.c.user_id.is_not(None)

    def of_kind(kind: str) -> Any:
        return cast(func.sum(case((rows.c.kind == kind, 1), else_=0)), Integer)

    counts = [
        of_kind("idea"),
        cast(func.sum(rows.c.is_input), Integer),
        of_kind("vote"),
        of_kind("comment"),
    ]
    month = month_of(rows.c.at)
    insert_months = ParticipationMonth.__table__.insert().from_select(
        ["municipality_id", "month", "user_id", *COUNTS],
        select(municipality, month, rows.c.user_id, *counts)
        .select_from(source)
        .where(signed_in)
        .group_by(municipality, month, rows.c.user_id),
    )
    insert_people = ParticipationPerson.__table__.insert().from_select(
        ["municipality_id", "user_id", *COUNTS, "challenges"],
        select(
            municipality,
            rows.c.user_id,
            *counts,
            cast(func.count(func.distinct(rows.c.challenge_id)), Integer),
        )
        .select_from(source)
        .where(signed_in)
        .group_by(municipality, rows.c.user_id),
    )
    return insert_months, insert_people


@functools.cache
def _refresh_statements() -> tuple[Any, ...]:
    """Built once: a support makes a refresh, and building these unions and their cache keys
    anew costs more than running them. The persons come as the expanding parameter `ids`."""
    ids = bindparam("ids", expanding=True)
    months, people = ParticipationMonth.__table__, ParticipationPerson.__table__
    insert_months, insert_people = _fill_statements(lambda column: column.in_(ids))
    return (
        delete(months).where(months.c.user_id.in_(ids)).returning(*_month_columns(months)),
        delete(people).where(people.c.user_id.in_(ids)),
        insert_months.returning(*_month_columns(months)),
        insert_people,
    )


def refresh(connection: Connection, user_ids: Iterable[int | None]) -> None:
    """Work these persons' ledger rows out again from their contributions, and move the month
    totals by the difference (the rows deleted and inserted, as RETURNING gives them)."""
    ids = sorted({user_id for user_id in user_ids if user_id is not None})
    delete_months, delete_people, insert_months, insert_people = _refresh_statements()
    for start in range(0, len(ids), CHUNK):
        chunk = {"ids": ids[start : start + CHUNK]}
        gone = connection.execute(delete_months, chunk).all()
        connection.execute(delete_people, chunk)
        added = connection.execute(insert_months, chunk).all()
        connection.execute(insert_people, chunk)
        _move_totals(connection, _summed(gone), _summed(added))


def _month_columns(months: Any) -> list[Any]:
    return [months.c.municipality_id, months.c.month, *(months.c[c] for c in COUNTS)]


def _summed(rows: Iterable[Any]) -> dict[tuple[int, str], list[int]]:
    """(municipality, month) → [persons, ideas, inputs, votes, comments] of these month rows."""
    sums: dict[tuple[int, str], list[int]] = {}
    for municipality, month, *counts in rows:
        total = sums.setdefault((municipality, month), [0] * (1 + len(COUNTS)))
        total[0] += 1
        for i, n in enumerate(counts, start=1):
            total[i] += int(n or 0)
    return sums


def _month_sums(connection: Connection, where: Any) -> dict[tuple[int, str], list[int]]:
    """(municipality, month) → [persons, ideas, inputs, votes, comments] of the matched rows."""
    m = ParticipationMonth.__table__.c
    query = (
        select(m.municipality_id, m.month, func.count(), *(func.sum(m[c]) for c in COUNTS))
        .where(where)
        .group_by(m.municipality_id, m.month)
    )
    return {
        (municipality, month): [int(n or 0) for n in sums]
        for municipality, month, *sums in connection.execute(query)
    }


def _move_totals(
    connection: Connection,
    before: dict[tuple[int, str], list[int]],
    after: dict[tuple[int, str], list[int]],
) -> None:
    rows = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key, [0] * 5), after.get(key, [0] * 5)
        change = [n - o for n, o in zip(new, old, strict=True)]
        if any(change):
            rows.append(dict(zip(TOTAL_KEYS, (*key, *change), strict=True)))
    if rows:
        connection.execute(_add_to_totals(connection.dialect.name), rows)


@functools.cache
def _add_to_totals(dialect: str) -> Any:
    """INSERT … ON CONFLICT DO UPDATE adding to a month's totals (built once per dialect)."""
    table = ParticipationMonthTotal.__table__
    upsert = (pg_insert if dialect == "postgresql" else sqlite_insert)(table)
    added = {column: table.c[column] + upsert.excluded[column] for column in TOTAL_KEYS[2:]}
    return upsert.on_conflict_do_update(index_elements=list(TOTAL_KEYS[:2]), set_=added)


def settle(session: Session | None = None) -> None:
    """Work out again the persons marked pending, before the ledger is read. On PostgreSQL the
    pending rows are taken FOR UPDATE SKIP LOCKED, so two processes never count one person at
    once (a person another process is counting is left to it)."""
    session = session or db.session()
    pending = ParticipationPending.__table__
    connection = session.connection()
    ids = list(
        connection.execute(
            select(pending.c.user_id).order_by(pending.c.user_id).with_for_update(skip_locked=True)
        ).scalars()
    )
    if ids:
        refresh(connection, ids)
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            connection.execute(delete(pending).where(pending.c.user_id.in_(chunk)))
        session.info[SETTLED_KEY] = True


def keep_settled(session: Session | None = None) -> None:
    """Commit what settle() worked out, if it did (the dashboard's GET requests end in a
    rollback otherwise, and the next one would do it again)."""
    session = session or db.session()
    if session.info.pop(SETTLED_KEY, False):
        session.commit()


def _mark(connection: Connection, people: Iterable[int | None]) -> None:
    """Mark persons pending (one cheap statement in the writing transaction)."""
    rows = [{"user_id": user_id} for user_id in sorted({p for p in people if p is not None})]
    if rows:
        connection.execute(_mark_statement(connection.dialect.name), rows)


@functools.cache
def _mark_statement(dialect: str) -> Any:
    table = ParticipationPending.__table__
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(table).on_conflict_do_nothing()


def rebuild(connection: Connection) -> None:
    """The whole ledger, from every contribution (after a bulk import or a restore)."""
    months, totals = ParticipationMonth.__table__, ParticipationMonthTotal.__table__
    for table in (months, ParticipationPerson.__table__, totals, ParticipationPending.__table__):
        connection.execute(delete(table))
    for statement in _fill_statements(None):
        connection.execute(statement)
    m = months.c
    connection.execute(
        totals.insert().from_select(
            list(TOTAL_KEYS),
            select(
                m.municipality_id,
                m.month,
                func.count(),
                *(cast(func.sum(m[c]), Integer) for c in COUNTS),
            ).group_by(m.municipality_id, m.month),
        )
    )


def contributors(*, idea_ids: Any = (), challenge_ids: Any = ()) -> Any:
    """A select of the persons with a support, idea or comment on these ideas or challenges
    (lists of ids or selects of them)."""
    on_idea = Idea.id.in_(idea_ids) | Idea.challenge_id.in_(challenge_ids)
    return union(
        select(Vote.user_id).where(
            Vote.idea_id.in_(idea_ids) | Vote.challenge_id.in_(challenge_ids)
        ),
        select(Idea.author_id).where(on_idea),
        select(Comment.author_id).join(Idea, Idea.id == Comment.idea_id).where(on_idea),
    )


def _changed(obj: Any, fields: tuple[str, ...]) -> bool:
    state = attributes.instance_state(obj)
    return any(state.attrs[name].history.has_changes() for name in fields)


def _people_of(obj: Any, field: str) -> list[int | None]:
    """The person on the row now and, if it changed, the one before."""
    history = attributes.instance_state(obj).attrs[field].history
    return [getattr(obj, field), *history.deleted]


def _counted_anew(challenge: Challenge) -> bool:
    """A challenge leaving or entering draft (drafts count for nobody) or moving elsewhere."""
    phase = attributes.instance_state(challenge).attrs["phase"].history
    into_or_out_of_draft = phase.has_changes() and Phase.draft in (challenge.phase, *phase.deleted)
    return into_or_out_of_draft or _changed(challenge, ("municipality_id",))


def _note(session: Session, people: Iterable[int | None]) -> None:
    _mark(session.connection(), people)


def _bulk_statement(state: ORMExecuteState) -> None:
    """Note the persons a bulk UPDATE or DELETE of supports, ideas, comments or challenges
    touches, while the rows it matches are still there."""
    if not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name not in BULK_WATCH:
        return
    person, fields = BULK_WATCH[name]
    values = getattr(state.statement, "_values", None)  # None: unknown, so assume it matters
    changed = None if values is None else {getattr(k, "key", k): v for k, v in values.items()}
    if fields and state.is_update and changed is not None and not set(changed) & set(fields):
        return  # counters and texts: no contribution changes

    def matching(column: Any) -> Any:
        where = state.statement.whereclause
        return select(column) if where is None else select(column).where(where)

    session = state.session
    if name == "participation_months" and state.is_delete:  # keep the totals in step
        where = state.statement.whereclause
        gone = _month_sums(session.connection(), true() if where is None else where)
        _move_totals(session.connection(), gone, {})
    if name == "challenges":
        _note(session, session.execute(contributors(challenge_ids=matching(table.c.id))).scalars())
        return
    _note(session, session.execute(matching(person)).scalars())
    if name == "ideas" and state.is_delete:  # others' supports and comments go with the ideas
        _note(session, session.execute(contributors(idea_ids=matching(table.c.id))).scalars())
    if changed and person.key in changed:  # the new person, if the statement sets one
        _note(session, [getattr(changed[person.key], "value", None)])


def _before_flush(session: Session, _context: UOWTransaction, _instances: Any) -> None:
    # A deleted idea or challenge takes others' supports and comments with it (ON DELETE
    # CASCADE): note those persons while the rows are still there.
    ideas = [obj.id for obj in session.deleted if isinstance(obj, Idea)]
    challenges = [obj.id for obj in session.deleted if isinstance(obj, Challenge)]
    challenges += [
        obj.id for obj in session.dirty if isinstance(obj, Challenge) and _counted_anew(obj)
    ]
    if ideas or challenges:
        found = session.execute(contributors(idea_ids=ideas, challenge_ids=challenges))
        _note(session, found.scalars())


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    people: set[int | None] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        dirty = obj in session.dirty
        if isinstance(obj, Vote):
            if not dirty or _changed(obj, VOTE_FIELDS):
                people.update(_people_of(obj, "user_id"))
        elif isinstance(obj, Idea):
            if not dirty or _changed(obj, IDEA_FIELDS):
                people.update(_people_of(obj, "author_id"))
        elif isinstance(obj, Comment) and (not dirty or _changed(obj, COMMENT_FIELDS)):
            people.update(_people_of(obj, "author_id"))
    _mark(session.connection(), people)


BULK_WATCH = {
    "votes": (Vote.user_id, VOTE_FIELDS),
    "ideas": (Idea.author_id, IDEA_FIELDS),
    "comments": (Comment.author_id, COMMENT_FIELDS),
    "challenges": (None, ("phase", "municipality_id")),
    # The ledger itself, should anything delete its rows in bulk: the month totals are moved at
    # once and the persons counted again from what is left of their contributions.
    "participation_people": (ParticipationPerson.user_id, ()),
    "participation_months": (ParticipationMonth.user_id, ()),
}

# Erasing an account leaves the ledger to this module: the person's rows follow what erasure
# does to their supports, ideas and comments (unlinked ones are counted for nobody).
for _table in ("participation_people", "participation_months", "participation_pending"):
    leave_derived(_table)

event.listen(Session, "before_flush", _before_flush)
event.listen(Session, "after_flush", _after_flush)
event.listen(Session, "do_orm_execute", _bulk_statement)
