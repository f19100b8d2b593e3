"""A working set for one dashboard computation.

Every measure starts from one of a few base relations: each person's contributions in scope
(per_person) and each input's facts (input_facts). Computed as CTEs, each measure would rebuild
them from the raw tables: some 40 scans of up to a million supports at city scale. Inside
`working_set()`, a base relation is computed once into a temporary table on the session's
connection, and every later use reads that table. Outside it, the measures build their CTEs as
before, so each measure on its own (tests, other callers) gives the same figures.
"""

import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from sqlalchemy import Column, MetaData, Select, Table, insert, text
from sqlalchemy.types import NullType

from ..extensions import db

_tables: ContextVar[dict[str, Table] | None] = ContextVar("metrics_working_set", default=None)
_answers: ContextVar[dict[str, Any] | None] = ContextVar("metrics_answers", default=None)
_numbers = itertools.count(1)
WORK_MEM = "64MB"
T = TypeVar("T")


def lookup(key: str, build: Callable[[], Select]) -> Table | None:
    """The temporary table holding `build()`'s rows (made on first use), or None outside a
    working set."""
    tables = _tables.get()
    if tables is None:
        return None
    if key not in tables:
        tables[key] = _materialize(build())
    return tables[key]


def kept(key: str) -> Table | None:
    """The temporary table already made under `key` in this working set, or None (nothing is
    built)."""
    tables = _tables.get()
    return None if tables is None else tables.get(key)


def remember(key: str, compute: Callable[[], T]) -> T:
    """compute()'s answer, asked once per working set (several measures share one query)."""
    answers = _answers.get()
    if answers is None:
        return compute()
    if key not in answers:
        answers[key] = compute()
    return answers[key]


def _materialize(query: Select) -> Table:
    columns = []
    for column in query.selected_columns:
        if isinstance(column.type, NullType):
            raise TypeError(f"working set column {column.key!r} has no SQL type")
        columns.append(Column(column.key, column.type))
    table = Table(f"metrics_work_{next(_numbers)}", MetaData(), *columns, prefixes=["TEMPORARY"])
    connection = db.session.connection()
    table.create(connection)
    connection.execute(insert(table).from_select([c.key for c in columns], query))
    # No ANALYZE (temp tables get no autovacuum): the planner still sizes them from their pages,
    # and every read of them is a scan, an aggregate or a hash join whose plan the statistics
    # did not change; at city scale it cost some 0.2 s per dashboard.
    return table


@contextmanager
def working_set() -> Iterator[None]:
    """Share base relations between the measures computed inside; drop them afterwards."""
    if _tables.get() is not None:  # already inside one: share it
        yield
        return
    tables: dict[str, Table] = {}
    connection = db.session.connection()
    if connection.dialect.name == "sqlite" and not connection.connection.in_transaction:
        # pysqlite begins a transaction only before INSERT/UPDATE/DELETE, so a table could be
        # created outside one and dropped inside one that is then rolled back: it would stay on
        # the pooled connection. Begin now: created and dropped in the same transaction.
        connection.exec_driver_sql("BEGIN")
    if connection.dialect.name == "postgresql":
        # Sorts and hashes over a million rows stay in memory instead of spilling to disk
        # (the default is 4 MB); for this transaction only.
        db.session.execute(text(f"SET LOCAL work_mem = '{WORK_MEM}'"))
    token, answers = _tables.set(tables), _answers.set({})
    try:
        yield
    finally:
        _tables.reset(token)
        _answers.reset(answers)
        if tables:
            _drop(list(tables.values()))


def _drop(tables: list[Table]) -> None:
    connection = db.session.connection()
    try:
        for table in tables:
            connection.execute(text(f'DROP TABLE IF EXISTS "{table.name}"'))
    except Exception:
        # A failed transaction: PostgreSQL drops them with the rollback; SQLite's disappear with
        # the connection. Nothing to do here but not hide the original error.
        db.session.rollback()
