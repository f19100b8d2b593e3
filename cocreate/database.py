"""Engine set-up per backend and small helpers shared by all features."""

from datetime import UTC, datetime

from sqlalchemy import event
from sqlalchemy.engine import Engine


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
