"""Who may manage a municipality's staff, and the one rule no change may break: a municipality
always keeps at least one administrator. Each rule is written once; services raise its reason,
routes, templates and the CLI show it."""

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..accounts.models import Membership, Role
from ..accounts.permissions import is_admin
from ..extensions import db
from ..municipalities.models import Municipality

# The roles the staff page gives: case officers (cocreate/cases) answer the inputs of their
# departments; facilitators and administrators are staff.
STAFF_CHOICES = (Role.case_officer, Role.facilitator, Role.admin)


def can_manage_members(user: Any, municipality: Municipality) -> bool:
    """Only the municipality's administrators see and change its staff and invitations."""
    return is_admin(user, municipality)


def admin_count(municipality_id: int, *, lock: bool = False) -> int:
    """How many administrators the municipality has; `lock` holds their rows (PostgreSQL) until
    the transaction ends, so two admins demoting each other at once cannot leave none."""
    if lock:
        ids = db.session.scalars(
            select(Membership.id)
            .where(Membership.municipality_id == municipality_id, Membership.role == Role.admin)
            .with_for_update()
        ).all()
        return len(ids)
    return (
        db.session.scalar(
            select(func.count(Membership.id)).where(
                Membership.municipality_id == municipality_id, Membership.role == Role.admin
            )
        )
        or 0
    )


def why_not_change_role(membership: Membership, role: Role, *, lock: bool = False) -> str | None:
    """A role may change to any other, except the last administrator's: someone else must be
    made administrator first."""
    if role not in (Role.citizen, *STAFF_CHOICES):
        return _("Ukjent rolle.")
    demoted = membership.role is Role.admin and role is not Role.admin
    if demoted and admin_count(membership.municipality_id, lock=lock) <= 1:
        return _(
            "%(name)s er kommunens eneste administrator. Gjør en annen person til "
            "administrator først, så kan du endre eller fjerne denne rollen.",
            name=membership.user.display_name,
        )
    return None


def can_change_role(membership: Membership, role: Role) -> bool:
    return why_not_change_role(membership, role) is None


def why_not_remove_member(membership: Membership, *, lock: bool = False) -> str | None:
    """Removing a staff role makes the person a citizen again; never the last administrator."""
    if membership.role not in STAFF_CHOICES:
        return _("Personen har ingen rolle i kommunen å fjerne.")
    return why_not_change_role(membership, Role.citizen, lock=lock)


def can_remove_member(membership: Membership) -> bool:
    return why_not_remove_member(membership) is None
