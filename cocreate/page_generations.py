"""Page generations: how the page cache knows a stored page is older than a committed write.

One row per scope: SITE (0) for what any page may show (people's names, the roadmap's
principles, anything this module cannot place), and one per municipality. Every transaction
that writes bumps the generations of the scopes it touched, in that same transaction and as
its last statement (just before COMMIT, so the row lock is held for no longer than the commit
itself). A stored page carries the generation read before it was rendered; a page under
/k/<slug>/ depends on SITE and that municipality, any other page on every scope.

Kept in the database, not in Redis: a Redis restarted from an older dump, a failover to a
replica that lags, or a process without REDIS_URL (the CLI, cron) can never make an old page
look current, since the generation moves with the data itself.

A written row belongs to the municipality its table reaches through foreign keys
(municipality_id, or a challenge, idea or workshop that has one); rows of other tables, bulk
statements it cannot read and unknown rows count for SITE, which makes every page a miss.
"""

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import chain
from typing import Any, cast

from sqlalchemy import BigInteger, Connection, Delete, Update, event, func, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Mapper, ORMExecuteState, Session, attributes, mapped_column
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import (
    BinaryExpression,
    BindParameter,
    BooleanClauseList,
    ClauseElement,
)
from sqlalchemy.sql.schema import Table

from .extensions import Model, db
from .municipalities.models import Municipality
from .signals import WRITTEN_MUNICIPALITIES

SITE = 0
_SCOPES = "page_generation_scopes"  # session.info: the scopes this transaction touched
MUNICIPALITIES = "municipalities"


class PageGeneration(Model):
    """A counter per scope (0 = the whole site, otherwise a municipality's id), bumped by every
    transaction that writes there; no foreign key, so scope 0 can be a row like the others."""

    __tablename__ = "page_generations"

    scope: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    generation: Mapped[int] = mapped_column(BigInteger, default=0)


def current_generation(connection: Connection, slug: str | None) -> int:
    """The generation a page depends on: SITE plus the municipality of `slug`, or every scope
    (slug None). One query on the primary key (a handful of rows for the whole site)."""
    table = PageGeneration.__table__
    query = select(func.coalesce(func.sum(table.c.generation), 0))
    if slug is not None:
        place = select(Municipality.id).where(Municipality.slug == slug).scalar_subquery()
        query = query.where(or_(table.c.scope == SITE, table.c.scope == place))
    return int(connection.execute(query).scalar_one())


def bump(connection: Connection, scopes: Iterable[int]) -> None:
    """Add one to each scope's generation (rows made on first use), in scope order so two
    transactions never wait for each other crosswise."""
    rows = [{"scope": scope} for scope in sorted(set(scopes))]
    if rows:
        connection.execute(_bump_statement(connection.dialect.name), rows)


@functools.cache
def _bump_statement(dialect: str) -> Any:
    table = PageGeneration.__table__
    insert = (pg_insert if dialect == "postgresql" else sqlite_insert)(table).values(generation=1)
    return insert.on_conflict_do_update(
        index_elements=[table.c.scope], set_={"generation": table.c.generation + 1}
    )


# --- which municipality a write belongs to ------------------------------------------------


@functools.cache
def _tables() -> dict[str, Table]:
    return dict(db.metadata.tables)


@functools.cache
def _mappers() -> dict[str, Mapper]:
    return {_local_table(m).name: m for m in Model.registry.mappers}


def _local_table(mapper: Mapper) -> Table:
    """The model's table (every model maps a Table, extensions.Base)."""
    return cast(Table, mapper.local_table)


def _pk(table: Table) -> Any:
    columns = list(table.primary_key.columns)
    return columns[0] if len(columns) == 1 else None


@functools.cache
def _hops() -> dict[str, tuple[str, str | None]]:
    """For each table that reaches a municipality: the column to follow first and the table it
    leads to (None: the column is the municipality's id). The shortest way; NOT NULL first."""
    tables = _tables()
    distance: dict[str, int] = {}
    hops: dict[str, tuple[str, str | None]] = {}
    for name, table in tables.items():
        for column in table.columns:
            if any(fk.column.table.name == MUNICIPALITIES for fk in column.foreign_keys):
                distance[name], hops[name] = 0, (column.name, None)
                break
    changed = True
    while changed:
        changed = False
        for name, table in tables.items():
            if name == MUNICIPALITIES or distance.get(name) == 0:
                continue
            for column in sorted(table.columns, key=lambda c: (c.nullable, c.name)):
                for fk in column.foreign_keys:
                    target = fk.column.table
                    if target.name == name or fk.column is not _pk(target):
                        continue
                    if target.name in distance and distance[target.name] + 1 < distance.get(
                        name, 1_000
                    ):
                        distance[name] = distance[target.name] + 1
                        hops[name] = (column.name, target.name)
                        changed = True
    return hops


def _routed(table: Table) -> dict[str, str | None]:
    """Columns of `table` that lead to a municipality: name → the table they point at."""
    found: dict[str, str | None] = {}
    hops = _hops()
    for column in table.columns:
        for fk in column.foreign_keys:
            target = fk.column.table.name
            if target == MUNICIPALITIES:
                found[column.name] = None
            elif target in hops and fk.column is _pk(fk.column.table):
                found[column.name] = target
    return found


class _Resolver:
    """Works out scopes; rows met in the same flush are known without asking the database."""

    def __init__(self, session: Session, known: dict[tuple[str, Any], set] | None = None):
        self.session = session
        self.known = known or {}
        self.scopes: set[int] = set()

    def value(self, target: str | None, value: Any) -> None:
        """A value of a column that leads to `target` (None: a municipality's id)."""
        if value is None:
            self.scopes.add(SITE)
        elif target is None:
            self.scopes.add(int(value))
        else:
            self.rows({(target, value)})

    def rows(self, refs: set[tuple[str, Any]]) -> None:
        """The municipalities of these rows (table, primary key)."""
        seen: set[tuple[str, Any]] = set()
        while refs:
            seen |= refs
            following: set[tuple[str, Any]] = set()
            by_table: dict[str, set] = defaultdict(set)
            for table, key in refs:
                by_table[table].add(key)
            for table, keys in by_table.items():
                if table == MUNICIPALITIES:
                    self.scopes.update(int(k) for k in keys)
                    continue
                hop = _hops().get(table)
                if hop is None:
                    self.scopes.add(SITE)
                    continue
                column, target = hop
                for values in self._lookup(table, column, keys):
                    for value in values:
                        if value is None:
                            self.scopes.add(SITE)
                        elif target is None:
                            self.scopes.add(int(value))
                        else:
                            following.add((target, value))
            refs = following - seen

    def _lookup(self, table: str, column: str, keys: set) -> list[set]:
        found, missing = [], set()
        mapper = _mappers().get(table)
        for key in keys:
            values = self.known.get((table, key))
            if values is None and mapper is not None:
                values = _loaded_values(self.session, mapper, key, column)
            if values is None:
                missing.add(key)
            else:
                found.append(values)
        if missing:
            t = _tables()[table]
            rows = self.session.connection().execute(
                select(_pk(t), t.c[column]).where(_pk(t).in_(missing))
            )
            for key, value in rows:
                found.append({value})
                missing.discard(key)
        if missing:  # gone already: nobody can tell where it was
            self.scopes.add(SITE)
        return found


def _loaded_values(session: Session, mapper: Mapper, key: Any, column: str) -> set | None:
    obj = session.identity_map.get(mapper.identity_key_from_primary_key((key,)))
    if obj is None:
        return None
    return _object_values(obj, mapper, column)


def _object_values(obj: Any, mapper: Mapper, column: str) -> set | None:
    """The column's value on a loaded object, and the one before if it changed; None when not
    loaded (never loads it: this runs inside flushes and statements)."""
    attr = mapper.get_property_by_column(mapper.local_table.c[column]).key
    state = attributes.instance_state(obj)
    if attr not in state.dict:
        return None
    return {state.dict[attr], *state.attrs[attr].history.deleted}


def _identity(obj: Any, mapper: Mapper) -> tuple:
    """The primary key, also of a row inserted by this flush (not in the identity map yet)."""
    state = attributes.instance_state(obj)
    if state.key is not None:
        return state.key[1]
    return tuple(
        state.dict.get(mapper.get_property_by_column(column).key) for column in mapper.primary_key
    )


def _note(session: Session, scopes: set[int]) -> None:
    if scopes:
        session.info.setdefault(_SCOPES, set()).update(scopes)


def _after_flush(session: Session, _context: Any) -> None:
    objects = [
        (obj, attributes.instance_state(obj).mapper)
        for obj in chain(session.new, session.dirty, session.deleted)
    ]
    known: dict[tuple[str, Any], set] = {}
    pending: list[tuple[Any, Mapper, str, str | None]] = []
    resolver = _Resolver(session, known)
    for obj, mapper in objects:
        table = _local_table(mapper)
        if table.name == PageGeneration.__tablename__:
            continue
        key = _identity(obj, mapper)
        if table.name == MUNICIPALITIES:  # names and slugs show on every page
            resolver.scopes.update({SITE, *(k for k in key if k is not None)})
            continue
        hop = _hops().get(table.name)
        if hop is None:
            resolver.scopes.add(SITE)
            continue
        values = _object_values(obj, mapper, hop[0])
        if values is None:
            resolver.scopes.add(SITE)
            continue
        if len(key) == 1 and key[0] is not None:
            known[(table.name, key[0])] = values
        pending.append((obj, mapper, *hop))
    for obj, mapper, column, target in pending:
        for value in _object_values(obj, mapper, column) or {None}:
            resolver.value(target, value)
    _note(session, resolver.scopes)


def _equalities(where: Any) -> list[tuple[str, Any]]:
    """column = value terms of a WHERE clause (top level, joined by AND)."""
    terms = list(where.clauses) if isinstance(where, BooleanClauseList) else [where]
    if isinstance(where, BooleanClauseList) and where.operator is not operators.and_:
        return []
    found = []
    for term in terms:
        if (
            isinstance(term, BinaryExpression)
            and term.operator is operators.eq
            and hasattr(term.left, "name")
            and isinstance(term.right, BindParameter)
        ):
            found.append((term.left.name, term.right.effective_value))
    return found


def _statement(state: ORMExecuteState) -> None:
    """Bulk INSERT, UPDATE and DELETE through the session: placed by the values they name,
    worked out before they run (a DELETE's rows are gone afterwards)."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name == PageGeneration.__tablename__:
        return
    resolver = _Resolver(state.session)
    if not isinstance(table, Table) or name not in _tables():
        resolver.scopes.add(SITE)
    elif name == MUNICIPALITIES:
        resolver.scopes.add(SITE)  # names and slugs show on every page
    elif state.is_insert:
        _placed_insert(state, table, resolver)
    else:
        _placed_change(state, table, resolver)
    _note(state.session, resolver.scopes)


def _placed_insert(state: ORMExecuteState, table: Table, resolver: _Resolver) -> None:
    routed = _routed(table)
    params = state.parameters or []
    rows: list[Mapping[str, Any]] = [params] if isinstance(params, Mapping) else list(params)
    values = getattr(state.statement, "_values", None) or {}
    literal = {getattr(k, "key", k): getattr(v, "value", None) for k, v in values.items()}
    rows = rows or ([literal] if literal else [])
    for row in rows:
        anchors = [(c, row[c]) for c in routed if c in row]
        if not anchors:
            resolver.scopes.add(SITE)
            continue
        column, value = anchors[0]
        resolver.value(routed[column], value)
    if not rows:
        resolver.scopes.add(SITE)


def _placed_change(state: ORMExecuteState, table: Table, resolver: _Resolver) -> None:
    routed = _routed(table)
    statement = state.statement
    where = statement.whereclause if isinstance(statement, Update | Delete) else None
    terms = _equalities(where) if where is not None else []
    values = getattr(state.statement, "_values", None)
    if state.is_update:
        changes = {
            getattr(k, "key", k): getattr(v, "effective_value", v)
            for k, v in (values or {}).items()
        }
        if changes and all(
            not isinstance(v, ClauseElement) and (k, v) in terms for k, v in changes.items()
        ):
            return  # SET id = :x WHERE id = :x: a row lock (SQLite), nothing changes
        if values is None or set(routed) & set(changes):
            resolver.scopes.add(SITE)  # rows moved elsewhere in bulk, or values unknown
            return
    pk = _pk(table)
    for column, value in terms:
        if column in routed and value is not None:
            resolver.value(routed[column], value)
            return
    for column, value in terms:
        if pk is not None and column == pk.name and value is not None:
            resolver.rows({(table.name, value)})
            return
    resolver.scopes.add(SITE)


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: the outer commit bumps
    session.flush()  # the commit's own flush comes after this hook; note its rows now
    scopes = session.info.pop(_SCOPES, None)
    if scopes:
        bump(session.connection(), scopes)
        session.info[WRITTEN_MUNICIPALITIES] = {scope for scope in scopes if scope != SITE}


def _after_rollback(session: Session) -> None:
    if not session.in_transaction():
        session.info.pop(_SCOPES, None)


event.listen(Session, "after_flush", _after_flush)
event.listen(Session, "do_orm_execute", _statement)
event.listen(Session, "before_commit", _before_commit)
event.listen(Session, "after_rollback", _after_rollback)
