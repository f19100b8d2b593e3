"""Role predicates per municipality; every feature's can_<action>() is built from these."""

from typing import Any

from flask import g, has_request_context
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..municipalities.models import Municipality
from .models import Membership, Role, User

STAFF_ROLES = frozenset({Role.facilitator, Role.admin})


def _is_user(user: Any) -> bool:
    return isinstance(user, User) and user.is_authenticated and user.is_active


def membership_in(user: Any, municipality: Municipality | int | None) -> Membership | None:
    """The person's membership in that municipality (memberships are read once per request)."""
    if not _is_user(user) or municipality is None:
        return None
    municipality_id = municipality if isinstance(municipality, int) else municipality.id
    return _memberships(user).get(municipality_id)


def membership_by_slug(user: Any, slug: str) -> Membership | None:
    """The person's membership in the municipality of this slug (no query of its own)."""
    if not _is_user(user):
        return None
    for membership in _memberships(user).values():
        if membership.municipality.slug == slug:
            return membership
    return None


def _memberships(user: Any) -> dict[int, Membership]:
    """All of the person's memberships, by municipality id: one query per request, since a page
    asks many can_...() questions and the header lists the municipalities where they work."""
    if has_request_context():
        cache = g.setdefault("memberships", {})
        if user.id not in cache:
            cache[user.id] = _read_memberships(user.id)
        memberships: dict[int, Membership] = cache[user.id]
        return memberships
    return _read_memberships(user.id)


def remember_memberships(user_id: int, memberships: list[Membership]) -> None:
    """Memberships read along with the person at the request's log-in check (sessions.py):
    the page's permission checks and header then need no query of their own."""
    if has_request_context():
        cache = g.setdefault("memberships", {})
        cache[user_id] = {membership.municipality_id: membership for membership in memberships}


def _read_memberships(user_id: int) -> dict[int, Membership]:
    rows = db.session.scalars(
        select(Membership)
        .where(Membership.user_id == user_id)
        .options(joinedload(Membership.municipality))
    )
    return {membership.municipality_id: membership for membership in rows}


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
    rows = [
        (membership.municipality, membership.role)
        for membership in _memberships(user).values()
        if membership.role is not Role.citizen
    ]
    return sorted(rows, key=lambda row: row[0].name)
