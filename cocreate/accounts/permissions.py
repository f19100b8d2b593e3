"""Role predicates per municipality; every feature's can_<action>() is built from these."""

from typing import Any

from flask import g, has_request_context
from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..municipalities.models import Municipality
from .models import Membership, Role, User

STAFF_ROLES = frozenset({Role.facilitator, Role.admin})


def _is_user(user: Any) -> bool:
    return isinstance(user, User) and user.is_authenticated and user.is_active


def membership_in(user: Any, municipality: Municipality | int | None) -> Membership | None:
    """The person's membership in that municipality, looked up once per request."""
    if not _is_user(user) or municipality is None:
        return None
    municipality_id = municipality if isinstance(municipality, int) else municipality.id
    if not has_request_context():
        return _read_membership(user.id, municipality_id)
    # A page asks many can_...() questions; the membership is read once per request.
    cache = g.setdefault("membership_cache", {})
    key = (user.id, municipality_id)
    if key not in cache:
        cache[key] = _read_membership(user.id, municipality_id)
    return cache[key]


def _read_membership(user_id: int, municipality_id: int) -> Membership | None:
    return db.session.scalar(
        select(Membership).where(
            Membership.user_id == user_id, Membership.municipality_id == municipality_id
        )
    )


def role_in(user: Any, municipality: Municipality | int | None) -> Role | None:
    membership = membership_in(user, municipality)
    return membership.role if membership else None


def is_admin(user: Any, municipality: Municipality | int | None) -> bool:
    return role_in(user, municipality) is Role.admin


def is_staff(user: Any, municipality: Municipality | int | None) -> bool:
    """Facilitator or admin of this municipality."""
    return role_in(user, municipality) in STAFF_ROLES


def is_suspended(user: Any, municipality: Municipality | int | None) -> bool:
    membership = membership_in(user, municipality)
    return bool(membership and membership.suspended_at)


def why_not_participate(user: Any, municipality: Municipality | int | None) -> str | None:
    """A verified, active person not suspended in this municipality may post, vote and comment;
    otherwise the reason, in plain words."""
    if not _is_user(user):
        return _("Logg inn for å delta.")
    if not user.is_verified:
        return _("Bekreft e-postadressen din før du deltar. Se lenken i e-posten vi sendte deg.")
    if is_suspended(user, municipality):
        return _("Du kan ikke delta i denne kommunen for øyeblikket.")
    return None


def can_participate(user: Any, municipality: Municipality | int | None) -> bool:
    return why_not_participate(user, municipality) is None


def staff_municipalities(user: Any) -> list[Municipality]:
    """Municipalities where the person is facilitator or admin (for the header menu)."""
    return municipalities_with_role(user, STAFF_ROLES)


def municipalities_with_role(user: Any, roles: frozenset[Role]) -> list[Municipality]:
    """Municipalities where the person has one of `roles`, by name. The person's roles above
    citizen are read once per request: the header asks for them in several ways on every page."""
    return [municipality for municipality, role in _working_roles(user) if role in roles]


def _working_roles(user: Any) -> list[tuple[Municipality, Role]]:
    if not _is_user(user):
        return []
    if has_request_context() and user.id in g.setdefault("working_roles", {}):
        return g.working_roles[user.id]
    rows = [
        (municipality, role)
        for municipality, role in db.session.execute(
            select(Municipality, Membership.role)
            .join(Membership, Membership.municipality_id == Municipality.id)
            .where(Membership.user_id == user.id, Membership.role != Role.citizen)
            .order_by(Municipality.name)
        )
    ]
    if has_request_context():
        g.working_roles[user.id] = rows
    return rows
