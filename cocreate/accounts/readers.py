"""Who may share a page kept by shells.kept_page, and the stand-in it is drawn for."""

from collections.abc import Callable, Hashable
from types import SimpleNamespace
from typing import Any

from flask import g
from flask_login import current_user

from .. import shells
from .models import Membership, Role, User
from .permissions import membership_by_slug, remember_memberships

STAND_IN_ID = 0  # no account has it: a query for the stand-in's own rows finds none


def reader_class(slug: str, roles: frozenset[str]) -> Hashable | None:
    """What a shared page may vary by for this reader in the municipality of this slug: their
    role there (citizen when they are no member) and whether they are verified; or None when
    the page is theirs alone: not signed in (the page cache's readers), a role the page is not
    shared by (staff see their tools), or suspended there."""
    if not current_user.is_authenticated:
        return None
    membership = membership_by_slug(current_user, slug)
    role = membership.role.value if membership is not None else Role.citizen.value
    if role not in roles or (membership is not None and membership.suspended_at):
        return None
    return (role, bool(current_user.is_verified))


def as_stand_in(slug: str, draw: Callable[[], Any]) -> Any:
    """The page drawn for a stand-in of the reader's class: a person with the same role in the
    municipality and no supports, follows, memberships elsewhere or writing of their own, never
    saved. What a template forgot to make a hole then shows the stand-in's empty state to
    everyone, never this reader's own (the tests compare the shared page with the page drawn
    for each reader)."""
    reader = g._login_user  # Flask-Login's user of this request
    stand_in = User(
        id=STAND_IN_ID,
        display_name="",
        show_name=False,
        email_verified_at=reader.email_verified_at,
        locale=reader.locale,
    )
    membership = membership_by_slug(reader, slug)
    role = [] if membership is None else [_same_role(membership)]
    remember_memberships(STAND_IN_ID, role)  # type: ignore[arg-type]
    g._login_user = stand_in
    try:
        return draw()
    finally:
        g._login_user = reader


def _same_role(membership: Membership) -> SimpleNamespace:
    """The reader's membership for the stand-in: a plain value, never added to the session."""
    return SimpleNamespace(
        municipality_id=membership.municipality_id,
        municipality=membership.municipality,
        role=membership.role,
        suspended_at=None,
        user_id=STAND_IN_ID,
    )


def reader_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


shells.use_readers(shells.Readers(reader_class, as_stand_in, reader_id))
