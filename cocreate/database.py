"""Engine set-up per backend and small helpers shared by all features.

Every wait on PostgreSQL ends (README "Production"). A server that accepted the connection and
then stops answering (a frozen host, a black-holed network) would otherwise hold a worker on
its socket read for good: statement_timeout is enforced by that same server, and TCP keepalives
are answered by its kernel even while the postgres processes are stopped. So:

- connecting gives up after DB_CONNECT_TIMEOUT, on every connection;
- keepalives and tcp_user_timeout drop a connection to a host that is gone, on every connection;
- web requests run with statement, lock and idle-in-transaction timeouts on the server, and give
  up waiting for any answer after DB_CLIENT_TIMEOUT (BoundedConnection), which closes the
  connection: the pool replaces it and the error handler answers 503;
- the CLI, the outbox worker and cron jobs (no request) run without those three timeouts and
  without the client bound, so a migration or a long export is never cut off;
- `deadline()` bounds everything inside it, connecting included (the health check).

A pooled connection is pinged before use only after it lay idle for DB_PING_AFTER_IDLE
(_ping_if_idle), not on every checkout. A transaction begins with the first statement that
needs one (ReadFirstCursor): the plain SELECTs before it run on their own, so a request that
only reads sends no BEGIN and no ROLLBACK. Together, three of the six round trips of a
signed-in page.

Below, the one commit of a request: commit(), attempt() and the actions queued before and
after it.
"""

import functools
import inspect
import logging
import math
import re
import sqlite3
import time
import weakref
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

import psycopg
from flask import Flask, current_app, flash, has_request_context
from psycopg.pq import TransactionStatus
from sqlalchemy import Table, event, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DisconnectionError, SQLAlchemyError

from .extensions import db
from .refusals import Refusal

log = logging.getLogger("cocreate.database")
_deadline: ContextVar[float | None] = ContextVar("cocreate_db_deadline", default=None)
# A wait can end since psycopg#1411 (Connection.wait(timeout=...); 3.3.9 is tested); with an
# older psycopg, requests wait as long as the server takes, and the log says so at start.
_WAIT_TIMEOUT = getattr(psycopg.errors, "_WaitTimeout", None)
_CAN_BOUND = (
    _WAIT_TIMEOUT is not None and "timeout" in inspect.signature(psycopg.Connection.wait).parameters
)


_IDLE = TransactionStatus.IDLE

_clock: ContextVar[datetime | None] = ContextVar("cocreate_clock", default=None)


def utcnow() -> datetime:
    """Timezone-aware now; stored as UTC (the moment of `clock_at()` inside one)."""
    return _clock.get() or datetime.now(UTC)


@contextmanager
def clock_at(moment: datetime) -> Iterator[None]:
    """Inside this block every service and column default stamps `moment` as now.

    Only for writing a history that happened in the past through the ordinary services (the
    demo seed, `flask seed demo`): append-only rows such as the stage history cannot be
    backdated afterwards. Requests and jobs never use it."""
    if moment.tzinfo is None:
        raise ValueError("clock_at() takes an aware datetime")
    token = _clock.set(moment.astimezone(UTC))
    try:
        yield
    finally:
        _clock.reset(token)


class DatabaseTimeout(psycopg.OperationalError):
    """The database gave no answer in time; the connection is closed."""


class TimedConnection(psycopg.Connection):
    """A psycopg connection that carries the server timeouts of whoever uses it: a web request
    gets `web_settings`, a job none. A connection opened by a job and then used by a request (or
    the reverse, in one process) is switched before its next transaction: one round trip, only
    when it changes hands."""

    web_settings: dict[str, str] = {}  # set per connection by the connector
    serves_web: bool = False
    server_reads_committed: bool = False  # the server's default level is READ COMMITTED

    def cursor(self, *args: Any, **kwargs: Any) -> Any:
        web = has_request_context()
        if web != self.serves_web and self.info.transaction_status == _IDLE and not self.closed:
            self._switch(web)
        return super().cursor(*args, **kwargs)

    def _switch(self, web: bool) -> None:
        self.serves_web = web
        names = list(self.web_settings)
        values = [ms if web else "0" for ms in self.web_settings.values()]
        calls = ", ".join("set_config(%s, %s, false)" for _ in names)
        before = self.autocommit  # a pre-ping asks for its cursor in autocommit
        self.autocommit = True
        try:
            with super().cursor() as cursor:
                cursor.execute(
                    f"SELECT {calls}", [v for pair in zip(names, values, strict=True) for v in pair]
                )
        finally:
            if not self.closed:
                self.autocommit = before


# What a SELECT may hold until the end of its transaction, or do that a rollback would undo.
_HOLDS = re.compile(
    r"\bFOR\s+(?:UPDATE|SHARE|NO\s+KEY|KEY\s+SHARE)\b|XACT_LOCK|SET_CONFIG|NOTIFY|SETVAL|"
    r"NEXTVAL|\bLO_|\bINTO\b"
)
_READ_COMMITTED = (None, psycopg.IsolationLevel.READ_COMMITTED)


def plain_read(query: object) -> bool:
    """Whether `query` is a SELECT that holds nothing (no row or advisory lock, no setting, no
    side effect): at READ COMMITTED it sees the same rows in a transaction or outside one."""
    return isinstance(query, str) and _plain_read(query)


@functools.lru_cache(maxsize=2048)
def _plain_read(query: str) -> bool:
    # Cached: SQLAlchemy sends the same compiled strings again and again (a signed-in page's
    # statements are 2–4 KB; searching them each time cost some 0.1 ms a statement).
    if query.lstrip()[:6].upper() != "SELECT":
        return False
    return _HOLDS.search(query.upper()) is None


class ReadFirstCursor(psycopg.Cursor):
    """psycopg begins a transaction before a connection's first statement. This cursor runs a
    plain read of an idle connection at READ COMMITTED (every statement its own snapshot, in or
    out of a transaction) outside one, so the transaction begins with the first statement that
    writes or holds something; until then the connection stays idle and a rollback or commit
    costs nothing (psycopg sends neither for an idle connection)."""

    def execute(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        connection = self.connection
        level = connection.isolation_level
        if (
            connection.autocommit
            or connection.info.transaction_status != _IDLE
            or (level is None and not getattr(connection, "server_reads_committed", False))
            or level not in _READ_COMMITTED
            or not plain_read(query)
        ):
            return super().execute(query, *args, **kwargs)
        connection.autocommit = True
        try:
            return super().execute(query, *args, **kwargs)
        finally:
            if not connection.closed:
                connection.autocommit = False


class BoundedConnection(TimedConnection):
    """A psycopg connection whose waits for the server end: after `client_timeout` seconds in
    a web request, or when the `deadline()` around it runs out."""

    client_timeout: float = 0

    def wait(self, gen, interval: float = 0.1, timeout: float | None = None):
        bound = _bound(self.client_timeout)
        if bound is None or (timeout is not None and timeout <= bound):
            return super().wait(gen, interval=interval, timeout=timeout)
        if bound <= 0:
            self._give_up()
        try:
            return super().wait(gen, interval=interval, timeout=bound)
        except _WAIT_TIMEOUT:  # type: ignore[misc]
            self._give_up()

    def _give_up(self) -> None:
        # Half-way through the protocol the connection is of no further use: closed, it counts
        # as a disconnect, so SQLAlchemy drops it and the pool's older connections with it.
        self.close()
        raise DatabaseTimeout("no answer from the database in time") from None


def _bound(client_timeout: float) -> float | None:
    """Seconds this wait may take, or None for no bound."""
    end = _deadline.get()
    web = client_timeout if client_timeout > 0 and has_request_context() else None
    if end is None:
        return web
    remaining = end - time.monotonic()
    return remaining if web is None else min(web, remaining)


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Everything inside, connecting included, ends within about `seconds` (PostgreSQL)."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def database_answers(seconds: float) -> bool:
    """Whether the database answers a trivial query within `seconds` (the health check)."""
    try:
        with deadline(seconds):
            db.session.execute(text("SELECT 1"))
    except (SQLAlchemyError, psycopg.Error):
        db.session.rollback()
        return False
    return True


@dataclass(frozen=True)
class _Timeouts:
    connect: float
    client: float
    session: dict[str, str]  # web requests' server settings, in milliseconds
    socket: dict[str, Any]

    @classmethod
    def from_config(cls, config: Any) -> "_Timeouts":
        statement = config["DB_STATEMENT_TIMEOUT"]
        client = config["DB_CLIENT_TIMEOUT"]
        if statement > 0 and client > 0:
            # The server cancels a slow statement first, cleanly; the client bound is for a
            # server that cannot answer at all.
            client = max(client, statement + 1)
        session = {
            "statement_timeout": statement,
            "lock_timeout": config["DB_LOCK_TIMEOUT"],
            "idle_in_transaction_session_timeout": config["DB_IDLE_IN_TRANSACTION_TIMEOUT"],
        }
        socket = {
            "keepalives": 1,
            "keepalives_idle": config["DB_KEEPALIVES_IDLE"],
            "keepalives_interval": config["DB_KEEPALIVES_INTERVAL"],
            "keepalives_count": config["DB_KEEPALIVES_COUNT"],
            "tcp_user_timeout": int(config["DB_TCP_USER_TIMEOUT"] * 1000),
        }
        return cls(
            connect=config["DB_CONNECT_TIMEOUT"],
            client=client,
            session={name: str(int(value * 1000)) for name, value in session.items()},
            socket=socket,
        )

    def options(self, web: bool) -> str:
        return " ".join(f"-c {name}={ms if web else 0}" for name, ms in self.session.items())


def engine_options(config: Any) -> dict[str, Any]:
    """The engine options for the configured database: what the config says, plus a connector
    that opens each connection the way this module's docstring says (PostgreSQL), or with
    foreign keys, WAL so readers never block the writer, and a bounded wait for the write lock
    (SQLite). configure_engine() hands it the engine's dialect once the engine exists."""
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    url = make_url(config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        options["creator"] = _Connector(_sqlite_connect, int(config["SQLITE_BUSY_TIMEOUT"] * 1000))
    elif url.get_backend_name() == "postgresql" and url.get_driver_name() == "psycopg":
        options["creator"] = _Connector(_postgres_connect, _Timeouts.from_config(config))
        # configure_engine() pings a connection only after it lay idle (_ping_if_idle).
        options["pool_pre_ping"] = False
    return options


def configure_engine(engine: Engine, app: Flask | None = None) -> None:
    """Give the engine's connector the dialect and URL it connects with."""
    config = (app or current_app).config
    creator = config.get("SQLALCHEMY_ENGINE_OPTIONS", {}).get("creator")
    if isinstance(creator, _Connector):
        creator.dialect, creator.url = engine.dialect, engine.url
        if is_postgres(engine) and engine not in _pinged_engines:
            _pinged_engines.add(engine)
            ping = functools.partial(
                _ping_if_idle, engine.dialect, float(config.get("DB_PING_AFTER_IDLE", 1.0))
            )
            event.listen(engine, "connect", _note_returned)
            event.listen(engine, "checkin", _note_returned)
            event.listen(engine, "checkout", ping)
    if is_postgres(engine) and not _CAN_BOUND:
        log.warning(
            "psycopg %s cannot bound a wait for the database: a frozen server would hold "
            "every worker (upgrade psycopg)",
            psycopg.__version__,
        )


def _note_returned(_dbapi_connection: Any, record: Any) -> None:
    record.info["cocreate_returned_at"] = time.monotonic()


_pinged_engines: "weakref.WeakSet[Engine]" = weakref.WeakSet()


def _ping_if_idle(
    dialect: Any, idle_seconds: float, dbapi_connection: Any, record: Any, _proxy: Any
) -> None:
    """SQLAlchemy's pre-ping, but only for a connection that lay idle in the pool longer than
    DB_PING_AFTER_IDLE seconds. A busy worker's connection comes back within milliseconds and is
    used again at once: pinging it was one round trip in four of a signed-in page. A server that
    restarted (or a connection dropped) since an idle spell is found by the ping and replaced;
    one that restarted under load costs a worker's next request (503), after which the pool
    starts anew."""
    returned = record.info.get("cocreate_returned_at")
    if returned is not None and time.monotonic() - returned < idle_seconds:
        return
    try:
        dialect.do_ping(dbapi_connection)
    except dialect.loaded_dbapi.Error as error:
        if dialect.is_disconnect(error, dbapi_connection, None):
            raise DisconnectionError() from error  # the pool connects anew and tries again
        raise


class _Connector:
    """The engine's `creator`: opens a DBAPI connection from the URL's arguments, as the dialect
    would, through `connect(settings, *cargs, **cparams)`."""

    def __init__(self, connect: Callable[..., Any], settings: Any) -> None:
        self.connect, self.settings = connect, settings
        self.dialect: Any = None
        self.url: Any = None

    def __call__(self) -> Any:
        if self.dialect is None:
            raise RuntimeError("configure_engine() was not called for this engine")
        cargs, cparams = self.dialect.create_connect_args(self.url)
        return self.connect(self.settings, *cargs, **cparams)


def _sqlite_connect(busy_ms: int, *cargs: Any, **cparams: Any) -> Any:
    connection = sqlite3.connect(*cargs, **cparams)
    for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL"):
        connection.execute(f"PRAGMA {pragma}")
    connection.execute(f"PRAGMA busy_timeout={busy_ms}")
    return connection


def _postgres_connect(timeouts: _Timeouts, *cargs: Any, **cparams: Any) -> TimedConnection:
    web = has_request_context()
    params = {**timeouts.socket, **cparams}  # what the URL says wins
    params["options"] = f"{timeouts.options(web)} {cparams.get('options', '')}".strip()
    connect_timeout = _connect_timeout(timeouts.connect)
    if connect_timeout is not None and "connect_timeout" not in cparams:
        params["connect_timeout"] = connect_timeout
    kind = BoundedConnection if _CAN_BOUND else TimedConnection
    connection = kind.connect(*cargs, **params)
    connection.web_settings = timeouts.session
    connection.serves_web = web
    if isinstance(connection, BoundedConnection):
        connection.client_timeout = timeouts.client
    # The server's own default level (a database or role may set another): ReadFirstCursor
    # reads outside a transaction only at READ COMMITTED.
    connection.autocommit = True
    try:
        row = connection.execute("SHOW default_transaction_isolation").fetchone()
    finally:
        connection.autocommit = False
    connection.server_reads_committed = row is not None and row[0] == "read committed"
    connection.cursor_factory = ReadFirstCursor
    return connection


def _connect_timeout(configured: float) -> int | None:
    """Whole seconds for libpq (at least 2, as libpq rounds up to that), within a deadline."""
    seconds = configured if configured > 0 else None
    end = _deadline.get()
    if end is not None:
        remaining = end - time.monotonic()
        if remaining < 2:
            raise DatabaseTimeout("no time left to connect to the database")
        seconds = remaining if seconds is None else min(seconds, remaining)
    if seconds is None:
        return None
    return max(2, math.floor(seconds))


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def conflict_insert(table: Table, dialect: str) -> Any:
    """INSERT into `table` with ON CONFLICT (the dialect's own construct: PostgreSQL's or
    SQLite's), for upserts and inserts that may find their row already there."""
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(table)


def migration_include_object(obj, name, type_, reflected, compare_to) -> bool:
    """What Alembic compares: not the hand-written search indexes (SQLite's FTS5 tables, and the
    PostgreSQL expression index, which PostgreSQL stores in a normalised form Alembic can't match);
    tests check those directly."""
    if type_ == "table" and name and name.startswith(("ideas_fts", "search_")):
        return False
    if type_ == "index" and name and name.startswith("ix_search_"):
        return False  # the site search's (cocreate/search/index.py)
    return not (type_ == "index" and name == "ix_ideas_search_nb")


# --- One commit per request, and what happens after it ------------------------------------------
#
# Services flush and queue what must happen once their change is committed: "hand the outbox to
# the worker", "this municipality's pages changed". Routes, the CLI and jobs end with commit(),
# which runs the actions queued for the transaction inside it (before) and after it; a rollback
# drops them, so nothing is announced of a change that never happened (Indico's
# flush_email_queue() after the one commit of a request).

_BEFORE, _AFTER = "cocreate.before_commit", "cocreate.after_commit"
T = TypeVar("T")


def pending(name: str, factory: Callable[[], T]) -> T:
    """What the session's current transaction holds under `name` (made by `factory` for a new
    transaction, so nothing carries over from a committed or rolled-back one)."""
    session = db.session()
    transaction = session.get_transaction() or session.begin()
    held = session.info.get(name)
    if held is None or held[0] is not transaction:
        held = (transaction, factory())
        session.info[name] = held
    return held[1]


def _actions(name: str) -> dict[Hashable, Callable[[], None]]:
    """The actions queued for the session's current transaction (a new one's list is empty)."""
    return pending(name, dict)


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
    try:
        db.session.flush()  # before-actions see every write of the transaction
        while before := _take(_BEFORE):  # a before-action may queue more
            for action in before:
                action()
        after = _take(_AFTER)
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
