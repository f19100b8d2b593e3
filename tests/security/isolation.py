"""Run requests inside an outer transaction that is rolled back afterwards, so a test can send
state-changing requests (an empty POST that advances a phase, logs out, suspends…) and the next
request still sees the same data. The app's own commits become savepoints."""

from contextlib import contextmanager

from sqlalchemy import event

from cocreate.extensions import db


def _emit_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN")


@contextmanager
def rolled_back(app):
    engines = db._app_engines[app]
    engine = engines[None]
    factory_kw = dict(db.session.session_factory.kw)
    db.session.remove()
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
    db.session.configure(join_transaction_mode="create_savepoint")
    try:
        yield
    finally:
        db.session.remove()
        engines[None] = engine
        db.session.session_factory.kw.clear()
        db.session.session_factory.kw.update(factory_kw)
        if outer.is_active:
            outer.rollback()
        if sqlite:
            event.remove(connection, "begin", _emit_begin)
            driver.isolation_level = ""
        connection.close()
