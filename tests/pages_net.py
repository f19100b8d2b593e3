"""The page net: a forgotten `page_generations.changed()` fails the test, not a visitor.

A service that changes what a municipality's public pages show declares it (page_generations.
changed / site_changed); database.commit() bumps those pages' generations. This test-only net
watches every flush and bulk statement of rows public pages show, works out whose pages they
are through the foreign keys (a row belongs to the municipality its table reaches), and, when
the transaction is committed through database.commit(), records a miss for every such scope
nobody declared. tests/conftest.py fails the test that made one.

The harness's own commits (what factories built, committed before a request) are plain
db.session.commit() calls: they run no before-commit action and are not checked.
"""

import functools
from collections import defaultdict
from collections.abc import Mapping
from itertools import chain
from typing import Any, cast

from flask import has_app_context
from sqlalchemy import Delete, Update, event, select
from sqlalchemy.orm import Mapper, ORMExecuteState, Session, attributes
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import (
    BinaryExpression,
    BindParameter,
    BooleanClauseList,
    ClauseElement,
)
from sqlalchemy.sql.schema import Table

from cocreate import page_generations
from cocreate.database import before_commit, pending
from cocreate.extensions import Model, db

SITE = page_generations.SITE
SOMEWHERE = -1  # a public row the net cannot place: any declaration covers it
MUNICIPALITIES = "municipalities"
_TOUCHED = "tests.pages_net.touched"

# Rows no cached page shows: writing them changes no cached page and no figure.
PRIVATE = {
    "answer_templates",  # staff only: the start of an answer, never shown as it is
    "audit_events",
    "case_reminders",  # who got the day's case reminder; staff mail only
    "consent_records",
    "department_members",  # staff only (cocreate/cases)
    "departments",  # staff only: a public answer keeps the name it was given under
    "digest_items",
    "email_opt_outs",
    "email_settings",
    "embed_origins",  # the embeds' frame-ancestors, read per request into a header, not a page
    "follows",  # a person's own; no page counts them
    "followup_invitations",  # who was asked the follow-up survey; no page shows it
    "idea_notes",  # internal notes: staff only, never on a public page
    "ended_sessions",
    "external_identities",  # a person's verified mark, shown only to them (cocreate/oidc)
    "inactivity_warnings",
    "invitations",
    "memberships",
    "metrics_snapshots",  # the dashboard's own figures; public pages show published panels
    "moderation_actions",
    "notifications",
    "outbox_messages",
    "page_generations",
    "participant_profiles",  # never shown per person; counted by the snapshot job
    "privacy_statements",  # never cached; the municipality page only links to it
    "proposal_follows",  # a person's own; no page counts them
    "proposal_reminders",  # which deadline reminders staff got; staff mail only
    "reports",
    "sender_contacts",  # staff only
    "topic_follows",  # a person's own, shown only to them (signed-in pages are never cached)
    "workshop_checkin_counts",  # the live workshop (/w/<code>) is never cached
    "workshop_checkins",
    "workshop_dots",
    "workshop_notes",
    "workshop_themes",
}
# Of these tables only these columns show on a page (a log-in writes users.last_seen_at).
PUBLIC_COLUMNS = {"users": {"display_name", "show_name"}}

# Of these tables these columns show on no page (the case's department and assignee are staff
# only); an update that changes nothing else changes no page.
PRIVATE_COLUMNS = {
    "ideas": {"department_id", "assignee_id", "assigned_at"},
    "challenges": {"default_department_id"},
}

# A new or deleted municipality, or a new name or slug, shows on every page.
SITE_COLUMNS = {"name", "slug"}

misses: list[str] = []


# --- which municipality a row belongs to ----------------------------------------------------


@functools.cache
def _tables() -> dict[str, Table]:
    return dict(db.metadata.tables)


@functools.cache
def _mappers() -> dict[str, Mapper]:
    return {cast(Table, m.local_table).name: m for m in Model.registry.mappers}


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
            self.scopes.add(SOMEWHERE)
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
                    self.scopes.add(SOMEWHERE)
                    continue
                column, target = hop
                for values in self._lookup(table, column, keys):
                    for value in values:
                        if value is None:
                            self.scopes.add(SOMEWHERE)
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
            self.scopes.add(SOMEWHERE)
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


def _changes_any(session: Session, obj: Any, columns: set[str]) -> bool:
    if obj in session.new or obj in session.deleted:
        return True
    state = attributes.instance_state(obj)
    return any(state.attrs[c].history.has_changes() for c in columns if c in state.attrs)


def _shows(session: Session, obj: Any, table: Table) -> bool:
    """Whether writing this object changes something a public page shows."""
    if table.name in PRIVATE:
        return False
    private = PRIVATE_COLUMNS.get(table.name)
    if private and obj not in session.new and obj not in session.deleted:
        state = attributes.instance_state(obj)
        changed = {a.key for a in state.attrs if a.history.has_changes()}
        if changed and changed <= private:
            return False
    columns = PUBLIC_COLUMNS.get(table.name)
    if columns is None or obj in session.deleted:
        return True
    if obj in session.new:  # a new person shows nowhere until they take part
        return False
    return _changes_any(session, obj, columns)


# --- watching the writes --------------------------------------------------------------------


def _touch(session: Session, scopes: set[int], why: str) -> None:
    if not scopes or not has_app_context() or session is not db.session():
        return
    touched: dict[int, set[str]] = pending(_TOUCHED, dict)
    for scope in scopes:
        touched.setdefault(scope, set()).add(why)
    before_commit(_TOUCHED, _check)


def _after_flush(session: Session, _context: Any) -> None:
    known: dict[tuple[str, Any], set] = {}
    pending_rows: list[tuple[Any, Mapper, str, str | None]] = []
    resolver = _Resolver(session, known)
    tables: set[str] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        mapper = attributes.instance_state(obj).mapper
        table = cast(Table, mapper.local_table)
        if not _shows(session, obj, table):
            continue
        if obj in session.dirty and not session.is_modified(obj):
            continue
        tables.add(table.name)
        key = _identity(obj, mapper)
        if table.name == MUNICIPALITIES:
            resolver.scopes.update(k for k in key if k is not None)
            if _changes_any(session, obj, SITE_COLUMNS):  # names show on every page
                resolver.scopes.add(SITE)
            continue
        hop = _hops().get(table.name)
        if hop is None:
            resolver.scopes.add(SITE)  # people's names, reference data
            continue
        values = _object_values(obj, mapper, hop[0])
        if values is None:
            resolver.scopes.add(SOMEWHERE)
            continue
        if len(key) == 1 and key[0] is not None:
            known[(table.name, key[0])] = values
        pending_rows.append((obj, mapper, *hop))
    for obj, mapper, column, target in pending_rows:
        for value in _object_values(obj, mapper, column) or {None}:
            resolver.value(target, value)
    _touch(session, resolver.scopes, "flush of " + ", ".join(sorted(tables)))


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
    """Bulk INSERT, UPDATE and DELETE through the session, placed by the values they name."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name in PRIVATE:
        return
    resolver = _Resolver(state.session)
    if not isinstance(table, Table) or name not in _tables():
        resolver.scopes.add(SOMEWHERE)
    elif name == MUNICIPALITIES:
        resolver.scopes.add(SITE)
    elif state.is_insert:
        _placed_insert(state, table, resolver)
    else:
        _placed_change(state, table, resolver)
    _touch(state.session, resolver.scopes, f"statement on {name}")


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
            resolver.scopes.add(SOMEWHERE)
            continue
        column, value = anchors[0]
        resolver.value(routed[column], value)
    if not rows:
        resolver.scopes.add(SOMEWHERE)


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
        public = PUBLIC_COLUMNS.get(table.name)
        if public is not None and changes and not set(changes) & public:
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
    resolver.scopes.add(SOMEWHERE)


def _check() -> None:
    """Before database.commit() commits: every public scope written was declared."""
    db.session.flush()  # the commit's own flush comes after this; see its rows now
    touched: dict[int, set[str]] = pending(_TOUCHED, dict)
    declared = page_generations.declared()
    if SITE in declared:
        return
    for scope, why in sorted(touched.items()):
        if scope == SOMEWHERE and declared:
            continue
        if scope not in declared:
            place = {SITE: "the whole site", SOMEWHERE: "some municipality"}.get(
                scope, f"municipality {scope}"
            )
            miss = (
                f"committed {'; '.join(sorted(why))} for {place} without "
                f"page_generations.changed()/site_changed() (declared: {sorted(declared)})"
            )
            if miss not in misses:
                misses.append(miss)


def install() -> None:
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "do_orm_execute", _statement)
