"""`flask --app cocreate cases remind`: today's reminders of cases due soon or overdue."""

import click
from flask.cli import with_appcontext

from ..database import commit
from .reminders import send_reminders


@click.group("cases", help="Case handling: deadlines and reminders.")
def cases_cli() -> None:
    pass


@cases_cli.command("remind")
@with_appcontext
def remind_command() -> None:
    """Send today's reminders (once a day per person; a second run the same day sends none)."""
    result = send_reminders()
    commit()
    click.echo(f"reminded {len(result.reminded)} people of {result.cases} cases")
