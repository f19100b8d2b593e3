"""Consistent backups while the app runs: SQLite's online backup API, pg_dump for PostgreSQL."""

import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine, make_url


class BackupError(RuntimeError):
    """The backup could not be made; the message says why."""


def default_path(instance_path: str, dialect: str) -> Path:
    suffix = "sqlite" if dialect == "sqlite" else "dump"
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path(instance_path) / "backups" / f"cocreate-{stamp}.{suffix}"


def backup_database(engine: Engine, output: Path) -> Path:
    """Write a backup of the app's database to `output` (written to a temp name, then renamed)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    partial.unlink(missing_ok=True)
    if engine.dialect.name == "sqlite":
        backup_sqlite(engine, partial)
    elif engine.dialect.name == "postgresql":
        backup_postgres(engine, partial)
    else:
        raise BackupError(f"Ukjent database: {engine.dialect.name}")
    partial.replace(output)
    return output


def backup_sqlite(engine: Engine, target: Path) -> None:
    """Page-by-page copy with sqlite3's backup API: readers and writers carry on meanwhile."""
    if not engine.url.database or engine.url.database == ":memory:":
        raise BackupError("En database i minnet kan ikke sikkerhetskopieres.")
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)  # the DBAPI connection of an SQLite engine
        destination = sqlite3.connect(target)
        try:
            source.backup(destination, pages=1024)
            check = destination.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            destination.close()
    finally:
        raw.close()
    if check != "ok":
        target.unlink(missing_ok=True)
        raise BackupError(f"Kopien er skadet: {check}")


def backup_postgres(engine: Engine, target: Path) -> None:
    """pg_dump in its custom format (restore with pg_restore); the password goes by environment."""
    pg_dump = os.environ.get("PG_DUMP") or shutil.which("pg_dump")
    if not pg_dump:
        raise BackupError("Fant ikke pg_dump. Installer PostgreSQL-klienten eller sett PG_DUMP.")
    url = make_url(str(engine.url.render_as_string(hide_password=False)))
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    command = [pg_dump, "--format=custom", "--no-owner", f"--file={target}"]
    if url.host:
        command.append(f"--host={url.host}")
    if url.port:
        command.append(f"--port={url.port}")
    if url.username:
        command.append(f"--username={url.username}")
    command.append(str(url.database))
    result = subprocess.run(  # noqa: S603 - fixed program, arguments from our own config
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        target.unlink(missing_ok=True)
        raise BackupError(f"pg_dump feilet: {result.stderr.strip()}")
