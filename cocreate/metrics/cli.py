"""`flask --app cocreate population import --municipality SLUG FILE [--kind ssb07459|district]`,
`flask --app cocreate metrics warm [--municipality SLUG]`, `flask --app cocreate metrics
worker` and `flask --app cocreate metrics followup`."""

import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from ..database import commit
from ..extensions import db
from ..municipalities.models import Municipality
from ..municipalities.services import get_by_slug
from ..workers import simple_worker
from .followup import invite_followups
from .jobs import get_queue
from .population import KINDS, PopulationImportError, import_reference, parse_file
from .snapshots import refresh_snapshot

population_cli = AppGroup("population", help="Referansebefolkning (SSB 07459 eller bydelsfil).")
metrics_cli = AppGroup("metrics", help="Effektmålinger.")


@metrics_cli.command("warm")
@click.option("--municipality", "slug", help="Bare denne kommunen (kortnavn).")
def warm(slug: str | None) -> None:
    """Compute each municipality's dashboard figures from the raw rows and save them.

    The app asks for this after writes (a job, at most every METRICS_REFRESH_SECONDS); from cron
    it also catches up after the worker or a process was down, and moves the 30- and 90-day
    rules on in quiet times, e.g. `*/5 * * * * flask --app cocreate metrics warm`.
    """
    query = select(Municipality.id, Municipality.slug).order_by(Municipality.id)
    if slug:
        query = query.where(Municipality.slug == slug)
    municipalities = db.session.execute(query).all()
    if slug and not municipalities:
        raise click.ClickException(f"Fant ingen kommune med kortnavnet «{slug}».")
    for municipality_id, municipality_slug in municipalities:
        started = time.monotonic()
        refresh_snapshot(municipality_id)
        commit()
        click.echo(f"{municipality_slug}: {time.monotonic() - started:.1f} s")


@metrics_cli.command("followup")
def followup_command() -> None:
    """Send the follow-up survey («Gjorde det en forskjell?») to the author and supporters of
    every input whose municipality's delay (6–12 months) since it reached gjort has passed.

    Run it daily from cron, e.g. `15 9 * * * flask --app cocreate metrics followup`. It is
    idempotent: each person is asked once per input, and gets one e-mail per run (through the
    outbox) however many inputs they are asked about.
    """
    invited = invite_followups()
    commit()
    click.echo(f"followup: invited {invited}")


@metrics_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty (for tests and cron).")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run an RQ worker for the metrics queue (needs REDIS_URL): it computes the snapshots
    the app asks for after writes."""
    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException(
            "REDIS_URL is not set; use `flask --app cocreate metrics warm` from cron."
        )
    queue = get_queue()
    simple_worker([queue], burst=burst).work(burst=burst, with_scheduler=True)


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
    commit()
    # Reach and representativeness use the reference: the snapshot now, not after a job that
    # a CLI process without Redis would not live to run.
    refresh_snapshot(municipality.id)
    commit()
    click.echo(f"Lastet inn {written} grupper for {municipality.name} ({parsed.year}).")
