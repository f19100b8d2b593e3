"""`flask --app cocreate proposals remind`: the reminders of innbyggerforslag deadlines."""

import click
from flask.cli import with_appcontext

from ..database import commit
from .reminders import send_proposal_reminders


@click.group("proposals", help="Innbyggerforslag: frister og påminnelser.")
def proposals_cli() -> None:
    pass


@proposals_cli.command("remind")
@with_appcontext
def remind_command() -> None:
    """Write the reminders due today (3 months left, 1 month left, overdue), each once per
    proposal; run it daily from cron, e.g. `20 7 * * * flask --app cocreate proposals remind`."""
    result = send_proposal_reminders()
    commit()
    click.echo(f"proposals: {len(result.reminders)} reminders to {result.people} people")
