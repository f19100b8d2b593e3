"""`flask --app cocreate members add|list|remove`: the platform operator's staff commands."""

import click
from flask.cli import AppGroup
from flask_babel import format_date

from ..accounts.models import Role
from ..accounts.services import find_user_by_email, normalise_email
from ..database import commit, rollback
from ..extensions import db
from ..municipalities.models import Municipality
from ..municipalities.services import get_by_slug
from ..refusals import Refusal
from .queries import pending_invitations, staff, staff_membership
from .services import invite_member, remove_member, set_role_directly

members_cli = AppGroup("members", help="Ansatte i en kommune: roller og invitasjoner.")

MUNICIPALITY = click.option("--municipality", "slug", required=True, help="Kommunens kortnavn")
ROLES = {"case_officer": Role.case_officer, "facilitator": Role.facilitator, "admin": Role.admin}


def _municipality(slug: str) -> Municipality:
    municipality = get_by_slug(slug)
    if municipality is None:
        raise click.ClickException(f"Fant ingen kommune med kortnavnet «{slug}».")
    return municipality


def _refused(refusal: Refusal) -> click.ClickException:
    rollback()
    return click.ClickException(refusal.reason)


@members_cli.command("add")
@MUNICIPALITY
@click.option("--email", required=True, help="Personens e-postadresse")
@click.option("--role", type=click.Choice(sorted(ROLES)), required=True)
def add(slug: str, email: str, role: str) -> None:
    """Give an existing account the role at once, or e-mail an invitation to a new address."""
    municipality = _municipality(slug)
    user = find_user_by_email(email)
    try:
        if user is not None and user.is_active:
            set_role_directly(municipality, user, ROLES[role], actor=None)
            message = f"{user.email} er nå {role} i {municipality.name}."
        else:
            invitation = invite_member(municipality, email, ROLES[role], actor=None)
            message = (
                f"Invitasjon som {role} i {municipality.name} er sendt til {invitation.email} "
                f"(gyldig til {invitation.expires_at:%Y-%m-%d %H:%M} UTC)."
            )
    except Refusal as refusal:
        raise _refused(refusal) from None
    commit()
    click.echo(message)


@members_cli.command("list")
@MUNICIPALITY
def list_members(slug: str) -> None:
    """Print the staff (name, e-mail, role, since, last active) and the pending invitations."""
    municipality = _municipality(slug)
    members = db.session.scalars(staff(municipality)).unique().all()
    click.echo(f"Ansatte i {municipality.name}:")
    if not members:
        click.echo("  (ingen)")
    for m in members:
        since = format_date(m.role_since or m.created_at, "yyyy-MM-dd")
        seen = format_date(m.user.last_seen_at, "yyyy-MM-dd") if m.user.last_seen_at else "aldri"
        click.echo(
            f"  {m.user.display_name}\t{m.user.email}\t{m.role.value}\tsiden {since}"
            f"\tsist aktiv {seen}"
        )
    invitations = db.session.scalars(pending_invitations(municipality)).unique().all()
    if invitations:
        click.echo("Invitasjoner som venter:")
        for inv in invitations:
            state = "utløpt" if inv.is_expired else f"gyldig til {inv.expires_at:%Y-%m-%d}"
            click.echo(f"  {inv.email}\t{inv.role.value}\t{state}")


@members_cli.command("remove")
@MUNICIPALITY
@click.option("--email", required=True, help="Personens e-postadresse")
def remove(slug: str, email: str) -> None:
    """Take the person's staff role away (they stay a citizen); never the last administrator."""
    municipality = _municipality(slug)
    user = find_user_by_email(email)
    membership = staff_membership(municipality, user.id) if user is not None else None
    if membership is None:
        raise click.ClickException(
            f"{normalise_email(email)} har ingen rolle i {municipality.name}."
        )
    try:
        remove_member(membership, actor=None)
    except Refusal as refusal:
        raise _refused(refusal) from None
    commit()
    click.echo(f"{normalise_email(email)} har ikke lenger en rolle i {municipality.name}.")
