"""`flask --app cocreate privacy …`: inactive accounts and the platform's default statement."""

from pathlib import Path

import click
from flask.cli import AppGroup

from ..database import attempt
from .inactive import purge_inactive
from .services import save_statement

privacy_cli = AppGroup("privacy", help="Personvern: inaktive kontoer og personvernerklæring.")


@privacy_cli.command("purge-inactive")
@click.option("--dry-run", is_flag=True, help="Bare tell, ikke send eller slett.")
def purge_inactive_command(dry_run: bool) -> None:
    """Delete accounts warned WARNING_DAYS ago, then warn those inactive INACTIVE_ACCOUNT_DAYS."""
    deleted, warned = purge_inactive(dry_run=dry_run)
    prefix = "Ville ha " if dry_run else ""
    click.echo(f"{prefix}slettet {deleted} inaktive kontoer, varslet {warned}.")


@privacy_cli.command("set-default-statement")
@click.argument("markdown_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--contact-email", default="", help="E-post for spørsmål om personvern")
def set_default_statement(markdown_file: Path, contact_email: str) -> None:
    """Set the platform-wide personvernerklæring from a Markdown file."""
    body = markdown_file.read_text(encoding="utf-8")
    done = attempt(lambda: save_statement(None, body=body, contact_email=contact_email, actor=None))
    if done.refusal:
        raise click.ClickException(done.refusal.reason) from done.refusal
    click.echo("Personvernerklæringen for plattformen er lagret.")
