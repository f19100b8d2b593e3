import click
from flask.cli import AppGroup

from ..extensions import db
from .models import MunicipalityKind
from .services import MunicipalityError, create_municipality

municipality_cli = AppGroup("municipality", help="Kommuner og fylkeskommuner.")


@municipality_cli.command("create")
@click.option("--name", required=True, help="Navn, f.eks. Bodø kommune")
@click.option("--slug", required=True, help="Kortnavn i adressen, f.eks. bodo")
@click.option("--number", required=True, help="Kommunenummer (4 sifre) eller fylkesnummer (2)")
@click.option("--kind", type=click.Choice([k.value for k in MunicipalityKind]), default="kommune")
@click.option("--population", type=int, default=None)
def create(name: str, slug: str, number: str, kind: str, population: int | None) -> None:
    """Create a municipality."""
    try:
        municipality = create_municipality(
            name=name, slug=slug, number=number, kind=kind, population=population
        )
    except MunicipalityError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Opprettet {municipality.name} (/k/{municipality.slug}/)")
