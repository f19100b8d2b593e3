"""`flask --app cocreate meetings remind|purge`: the reminders the day before and the purge of
sign-ups 30 days after a meeting."""

import click
from flask.cli import with_appcontext

from ..database import commit
from .jobs import purge_signups, send_meeting_reminders


@click.group("meetings", help="Møter: påminnelser og sletting av påmeldinger.")
def meetings_cli() -> None:
    pass


@meetings_cli.command("remind")
@with_appcontext
def remind_command() -> None:
    """E-mail a reminder to everyone with a place at a meeting tomorrow, each once; run it
    daily from cron, e.g. `30 7 * * * flask --app cocreate meetings remind`."""
    sent = send_meeting_reminders()
    commit()
    click.echo(f"meetings: {sent} reminders")


@meetings_cli.command("purge")
@with_appcontext
def purge_command() -> None:
    """Delete the sign-ups of meetings that ended 30 days ago or more (counts are kept)."""
    result = purge_signups()
    commit()
    click.echo(f"meetings: {result.signups} sign-ups of {result.meetings} meetings deleted")
