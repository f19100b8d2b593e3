"""`flask --app cocreate population import --municipality SLUG FILE [--kind ssb07459|district]`
and `flask --app cocreate metrics warm [--municipality SLUG]`."""

import time
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..extensions import db
from ..municipalities.models import Municipality
from ..municipalities.services import get_by_slug
from .dashboard import clear_cache, refresh_dashboard
from .population import KINDS, PopulationImportError, import_reference, parse_file
from .scope import Scope

population_cli = AppGroup("population", help="Referansebefolkning (SSB 07459 eller bydelsfil).")
metrics_cli = AppGroup("metrics", help="Effektmålinger.")


@metrics_cli.command("warm")
@click.option("--municipality", "slug", help="Bare denne kommunen (kortnavn).")
def warm(slug: str | None) -> None:
    """Compute each municipality's dashboard figures into the cache, so nobody waits for them.

    Run it from cron more often than the cache lasts (METRICS_CACHE_SECONDS, 300 s), e.g.
    `*/4 * * * * flask --app cocreate metrics warm`.
    """
    query = select(Municipality).order_by(Municipality.id)
    if slug:
        query = query.where(Municipality.slug == slug)
    municipalities = db.session.scalars(query).all()
    if slug and not municipalities:
        raise click.ClickException(f"Fant ingen kommune med kortnavnet «{slug}».")
    for municipality in municipalities:
        started = time.monotonic()
        refresh_dashboard(Scope(municipality.id))
        db.session.rollback()  # ends the read transaction (and its working tables)
        click.echo(f"{municipality.slug}: {time.monotonic() - started:.1f} s")


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
