"""`flask --app cocreate population import --municipality SLUG FILE [--kind ssb07459|district]`."""

from pathlib import Path

import click
from flask.cli import AppGroup

from ..extensions import db
from ..municipalities.services import get_by_slug
from .dashboard import clear_cache
from .population import KINDS, PopulationImportError, import_reference, parse_file

population_cli = AppGroup("population", help="Referansebefolkning (SSB 07459 eller bydelsfil).")


@population_cli.command("import")
@click.option("--municipality", "slug", required=True, help="Kommunens kortnavn, f.eks. bodo")
@click.option("--kind", type=click.Choice(KINDS), default="ssb07459", show_default=True)
@click.option("--demo", is_flag=True, help="Merk tallene som demodata.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_population(slug: str, kind: str, demo: bool, file: Path) -> None:
    """Load a reference population; a file with any error changes nothing."""
    municipality = get_by_slug(slug)
    if municipality is None:
        raise click.ClickException(f"Fant ingen kommune med kortnavnet «{slug}».")
    try:
        parsed = parse_file(file.read_bytes(), kind, municipality, file.name)
    except PopulationImportError as error:
        db.session.rollback()
        for message in error.errors:
            click.echo(message, err=True)
        raise click.ClickException("Fila ble ikke lastet inn. Ingenting er endret.") from error
    written = import_reference(municipality, parsed, is_demo=demo)
    db.session.commit()
    clear_cache(municipality.id)
    click.echo(f"Lastet inn {written} grupper for {municipality.name} ({parsed.year}).")
