"""`flask --app cocreate search reindex`: rebuild the search index from the rows."""

import click
from flask.cli import with_appcontext

from ..extensions import db
from .index import create_search_index, rebuild_search_index


@click.group("search", help="The site search's index.")
def search_cli() -> None:
    pass


@search_cli.command("reindex")
@with_appcontext
def reindex_command() -> None:
    """Make any missing index structure and rebuild every index from its rows."""
    with db.engine.begin() as connection:
        create_search_index(connection)
        rebuild_search_index(connection)
    click.echo("search index rebuilt")
