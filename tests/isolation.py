"""Each test runs inside one outer transaction that is rolled back afterwards.

Every session the app opens during the test joins that transaction through a SAVEPOINT
(`join_transaction_mode="create_savepoint"`), so the app's own commits and rollbacks behave as in
production, while nothing outlives the test. Tests that need real commits (threads, live servers,
other processes, a second app on the same database) are marked `real_commits` and get emptied
tables instead (conftest.py).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, has_app_context
from sqlalchemy import event
from sqlalchemy.engine import Connection

from cocreate.extensions import db


def _remove_sessions(app: Flask) -> None:
    """End the current context's session (or a fresh context's), so the next one binds anew."""
    if has_app_context():
        db.session.remove()
    else:
        with app.app_context():
            db.session.remove()


def _emit_begin(connection) -> None:  # type: ignore[no-untyped-def]
    connection.exec_driver_sql("BEGIN")


@contextmanager
def outer_transaction(app: Flask) -> Iterator[Connection]:
    """Bind every session of `app` to one connection in a transaction rolled back at the end.
    Inside one already, a SAVEPOINT of it plays the outer transaction (nested use)."""
    engines = db._app_engines[app]
    current = engines[None]
    _remove_sessions(app)
    if isinstance(current, Connection):
        savepoint = current.begin_nested()
        try:
            yield current
        finally:
            _remove_sessions(app)
            if savepoint.is_active:
                savepoint.rollback()
        return
    engine = current
    factory_kw = dict(db.session.session_factory.kw)
    connection = engine.connect()
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        # pysqlite's own transaction handling breaks SAVEPOINT; take it over for this connection
        # (the recipe from SQLAlchemy's SQLite dialect documentation).
        driver = connection.connection.driver_connection
        driver.isolation_level = None
        event.listen(connection, "begin", _emit_begin)
    outer = connection.begin()
    # Flask-SQLAlchemy picks the bind from this mapping; a Connection here makes every session
    # join the outer transaction, and commits inside only release savepoints.
    engines[None] = connection
    db.session.session_factory.configure(join_transaction_mode="create_savepoint")
    try:
        yield connection
    finally:
        _remove_sessions(app)
        engines[None] = engine
        db.session.session_factory.kw.clear()
        db.session.session_factory.kw.update(factory_kw)
        if outer.is_active:
            outer.rollback()
        if sqlite:
            event.remove(connection, "begin", _emit_begin)
            driver.isolation_level = ""
        connection.close()


@contextmanager
def share_transaction(other: Flask, app: Flask) -> Iterator[Flask]:
    """Let a second app on the same database (rate limits or CSRF switched on) work inside the
    test's outer transaction, so it sees the test's data and leaves nothing behind."""
    engines = db._app_engines[other]
    own = engines[None]
    current = db._app_engines[app][None]
    if isinstance(current, Connection):
        engines[None] = current
    try:
        yield other
    finally:
        engines[None] = own


def joined(other: Flask, app: Flask) -> Flask:
    """share_transaction() for a second app the test throws away afterwards."""
    current = db._app_engines[app][None]
    if isinstance(current, Connection):
        db._app_engines[other][None] = current
    return other


HARNESS_STATEMENTS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def counts_as_query(statement: str) -> bool:
    """Whether a statement is the app's own, not the savepoints the test's transaction adds."""
    return not statement.lstrip().upper().startswith(HARNESS_STATEMENTS)


@contextmanager
def recorded_statements(*, commit_first: bool = True) -> Iterator[list[str]]:
    """The SQL the app sends while the block runs, leaving out the test transaction's savepoints.
    What the test built is committed first, as earlier requests would have left it (not with
    commit_first=False: a block inside one request, whose loaded rows a commit would expire)."""
    if commit_first:
        db.session.commit()
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if counts_as_query(statement):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
