"""`flask --app cocreate backup [--output PATH]`."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db
from .backup import BackupError, backup_database, default_path


@click.command("backup")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Fil å skrive til (standard: instance/backups/cocreate-<tid>.sqlite eller .dump).",
)
@with_appcontext
def backup_command(output: Path | None) -> None:
    """Back up the database while the app runs (SQLite online backup, or pg_dump)."""
    engine = db.engine
    output = output or default_path(current_app.instance_path, engine.dialect.name)
    try:
        path = backup_database(engine, output)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Sikkerhetskopi skrevet til {path} ({path.stat().st_size} byte).")
