"""`flask --app cocreate archive export <municipality> [--challenge ID] [--from DATE --to DATE]
--output DIR`: the same package as the admin download, written as files."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from ..challenges.models import Challenge
from ..database import commit
from ..extensions import db
from ..municipalities.services import get_by_slug
from ..refusals import Refusal
from .package import export
from .queries import Selection

archive_cli = click.Group("archive", help="Noark 5-arkivuttrekk.")


@archive_cli.command("export")
@click.argument("municipality")
@click.option("--challenge", "challenge_id", type=int, default=None, help="Bare én utfordring.")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Mappen pakken skrives til (lages om den mangler).",
)
@with_appcontext
def export_command(municipality, challenge_id, start, end, output: Path) -> None:
    """Write the archive package of a municipality (or a challenge, or a period) to OUTPUT and
    mark everything in it archived."""
    found = get_by_slug(municipality)
    if found is None:
        raise click.ClickException(f"Fant ingen kommune med kortnavnet «{municipality}».")
    if start and end and end < start:
        raise click.ClickException("--to kan ikke være før --from.")
    if challenge_id is not None:
        challenge = db.session.get(Challenge, challenge_id)
        if challenge is None or challenge.municipality_id != found.id:
            raise click.ClickException(f"Fant ingen utfordring {challenge_id} i {found.name}.")
    selection = Selection(
        found, challenge_id, start.date() if start else None, end.date() if end else None
    )
    try:
        package = export(selection, actor=None)
    except Refusal as refusal:
        raise click.ClickException(refusal.reason) from refusal
    output.mkdir(parents=True, exist_ok=True)
    package.write(output)
    commit()
    click.echo(
        f"Skrev {len(package.files)} filer til {output}: "
        f"{len(package.ideas)} innspill og {len(package.changes)} svar."
    )
