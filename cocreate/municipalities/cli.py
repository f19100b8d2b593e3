import click
from flask.cli import AppGroup

from ..database import attempt
from .models import MunicipalityKind
from .services import create_municipality

municipality_cli = AppGroup("municipality", help="Kommuner og fylkeskommuner.")


@municipality_cli.command("create")
@click.option("--name", required=True, help="Navn, f.eks. Bodø kommune")
@click.option("--slug", required=True, help="Kortnavn i adressen, f.eks. bodo")
@click.option("--number", required=True, help="Kommunenummer (4 sifre) eller fylkesnummer (2)")
@click.option("--kind", type=click.Choice([k.value for k in MunicipalityKind]), default="kommune")
@click.option("--population", type=int, default=None)
def create(name: str, slug: str, number: str, kind: str, population: int | None) -> None:
    """Create a municipality."""
    done = attempt(
        lambda: create_municipality(
            name=name, slug=slug, number=number, kind=kind, population=population
        )
    )
    if done.refusal:
        raise click.ClickException(done.refusal.reason) from done.refusal
    if (municipality := done.value) is not None:
        click.echo(f"Opprettet {municipality.name} (/k/{municipality.slug}/)")
