"""Engine set-up per backend and small helpers shared by all features."""

import logging
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, TypeVar

from flask import flash
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .extensions import db
from .refusals import Refusal


def utcnow() -> datetime:
    """Timezone-aware now; stored as UTC."""
    return datetime.now(UTC)


def configure_engine(engine: Engine) -> None:
    """SQLite: enforce foreign keys and use WAL so readers never block the writer."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def migration_include_object(obj, name, type_, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
    """What Alembic compares: not the hand-written search indexes (SQLite's FTS5 tables, and the
    PostgreSQL expression index, which PostgreSQL stores in a normalised form Alembic can't match);
    tests check those directly."""
    if type_ == "table" and name and name.startswith("ideas_fts"):
        return False
    return not (type_ == "index" and name == "ix_ideas_search_nb")


# --- One commit per request, and what happens after it ------------------------------------------
#
# Services flush and queue what must happen once their change is committed: "hand the outbox to
# the worker", "this municipality's pages changed". Routes, the CLI and jobs end with commit(),
# which runs the actions queued for the transaction inside it (before) and after it; a rollback
# drops them, so nothing is announced of a change that never happened (Indico's
# flush_email_queue() after the one commit of a request).

log = logging.getLogger("cocreate.database")
_BEFORE, _AFTER = "cocreate.before_commit", "cocreate.after_commit"
T = TypeVar("T")


def _actions(name: str) -> dict[Hashable, Callable[[], None]]:
    """The actions queued for the session's current transaction (a new one's list is empty)."""
    session = db.session()
    transaction = session.get_transaction() or session.begin()
    held = session.info.get(name)
    if held is None or held[0] is not transaction:
        held = (transaction, {})
        session.info[name] = held
    return held[1]


def before_commit(key: Hashable, action: Callable[[], None]) -> None:
    """Run `action` inside this transaction just before it commits, once per key."""
    _actions(_BEFORE).setdefault(key, action)


def after_commit(key: Hashable, action: Callable[[], None]) -> None:
    """Run `action` once this transaction has committed, once per key; never if it rolls back."""
    _actions(_AFTER).setdefault(key, action)


def _take(name: str) -> list[Callable[[], None]]:
    session = db.session()
    held = session.info.pop(name, None)
    if held is None or held[0] is not session.get_transaction():
        return []
    return list(held[1].values())


def commit() -> None:
    """Commit the session: its before-actions, the commit, then its after-actions. A failed
    commit rolls back and runs none of the after-actions."""
    before, after = _take(_BEFORE), _take(_AFTER)
    try:
        for action in before:
            action()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    for action in after:
        try:
            action()
        except Exception:  # the change is committed; a failed follow-up is logged, not undone
            log.exception("after-commit action failed")


def rollback() -> None:
    """Roll back the session and drop whatever it had queued."""
    _take(_BEFORE), _take(_AFTER)
    db.session.rollback()


@dataclass(frozen=True)
class Attempt(Generic[T]):
    """What a route tried: the service's result, or the refusal that stopped it."""

    value: T | None = None
    refusal: Refusal | None = None

    @property
    def refused(self) -> bool:
        return self.refusal is not None


def attempt(change: Callable[[], T]) -> Attempt[T]:
    """Run a service call and commit it; a Refusal rolls everything back and is returned for the
    route to show. Any other error propagates (after a rollback) to the error pages."""
    try:
        value = change()
    except Refusal as refusal:
        rollback()
        return Attempt(refusal=refusal)
    except Exception:
        rollback()
        raise
    commit()
    return Attempt(value=value)


def flash_outcome(done: Attempt, success: str) -> bool:
    """Tell the person how an attempt went: its refusal's reason, or the success message."""
    if done.refusal is not None:
        flash(done.refusal.reason, "error")
        return False
    flash(success, "success")
    return True
