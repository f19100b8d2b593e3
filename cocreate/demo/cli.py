import click
from flask.cli import AppGroup

from ..database import commit
from .seed import DEMO_PASSWORD, seed_demo

seed_cli = AppGroup("seed", help="Demodata.")


@seed_cli.command("demo")
def demo() -> None:
    """Load the demo municipality (idempotent)."""
    world = seed_demo()
    commit()
    if world.created:
        click.echo(f"Demodata lagt inn: /k/{world.municipality.slug}/")
        click.echo(f"Logg inn som admin@demo.samskap.no med passordet {DEMO_PASSWORD}")
    else:
        click.echo("Demodata finnes allerede; ingenting endret.")
