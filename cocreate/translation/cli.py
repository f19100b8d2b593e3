"""`flask --app cocreate translation run [--municipality SLUG]` and `flask --app cocreate
translation worker [--burst]`."""

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from ..database import commit
from ..extensions import db
from ..municipalities.models import Municipality
from ..workers import simple_worker
from . import apertium
from .jobs import get_queue
from .services import translate_municipality

translation_cli = AppGroup("translation", help="Bokmål ↔ nynorsk for innholdet (Apertium).")


@translation_cli.command("run")
@click.option("--municipality", "slug", help="Bare denne kommunen (kortnavn).")
@with_appcontext
def run(slug: str | None) -> None:
    """Make every missing or stale translation now (cron, or after installing Apertium)."""
    if not apertium.enabled():
        raise click.ClickException(f"Apertium is not installed: {apertium.INSTALL_HINT}")
    query = select(Municipality.id).order_by(Municipality.id)
    if slug:
        query = query.where(Municipality.slug == slug)
    total = 0
    for municipality_id in list(db.session.scalars(query)):
        more = True
        while more:
            done, more = translate_municipality(municipality_id)
            commit()
            total += done
    click.echo(f"translation: {total} texts translated")


@translation_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty (for tests and cron).")
@with_appcontext
def worker(burst: bool) -> None:
    """Run an RQ worker for the translation queue (needs REDIS_URL)."""
    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException(
            "REDIS_URL is not set; use `flask --app cocreate translation run` from cron."
        )
    simple_worker([get_queue()], burst=burst).work(burst=burst, with_scheduler=True)
