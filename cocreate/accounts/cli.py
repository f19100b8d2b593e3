import os

import click
from flask.cli import AppGroup

from ..database import commit
from ..municipalities.services import get_by_slug
from .models import Role
from .passwords import MIN_LENGTH, is_common_password
from .services import create_user, find_user_by_email, set_role

users_cli = AppGroup("users", help="Brukere og roller.")


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--municipality", "slug", required=True, help="Kortnavnet til kommunen")
@click.option("--name", default="Administrator", help="Visningsnavn")
def create_admin(email: str, slug: str, name: str) -> None:
    """Make EMAIL an admin of a municipality (password from COCREATE_ADMIN_PASSWORD or a prompt)."""
    municipality = get_by_slug(slug)
    if municipality is None:
        raise click.ClickException(f"Fant ingen kommune med kortnavnet «{slug}».")
    user = find_user_by_email(email)
    if user is None:
        password = os.environ.get("COCREATE_ADMIN_PASSWORD") or click.prompt(
            "Passord", hide_input=True, confirmation_prompt=True
        )
        if len(password) < MIN_LENGTH or is_common_password(password):
            raise click.ClickException(
                f"Passordet må ha minst {MIN_LENGTH} tegn og ikke være et vanlig passord."
            )
        user = create_user(email, name, password, verified=True)
    set_role(user, municipality, Role.admin, actor=None)
    commit()
    click.echo(f"{user.email} er administrator i {municipality.name}.")
