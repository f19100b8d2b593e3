"""Roles are per municipality: power in one gives none in another."""

import pytest

from cocreate.accounts.models import Role
from cocreate.accounts.permissions import can_participate, is_admin, is_staff
from cocreate.accounts.services import set_role
from cocreate.audit.models import AuditEvent
from cocreate.extensions import db


@pytest.mark.parametrize(
    ("who", "home_staff", "home_admin", "other_staff"),
    [
        ("citizen", False, False, False),
        ("facilitator", True, False, False),
        ("admin", True, True, False),
        ("other_facilitator", False, False, True),
    ],
)
def test_roles_per_municipality(world, who, home_staff, home_admin, other_staff):
    user = world.roles()[who]
    assert is_staff(user, world.municipality) is home_staff
    assert is_admin(user, world.municipality) is home_admin
    assert is_staff(user, world.other) is other_staff


def test_anonymous_has_no_role(world):
    from flask_login import AnonymousUserMixin

    anon = AnonymousUserMixin()
    assert not is_staff(anon, world.municipality)
    assert not can_participate(anon, world.municipality)


def test_unverified_cannot_participate(create_user_f, world):
    user = create_user_f("uverifisert@example.no", verified=False)
    assert not can_participate(user, world.municipality)
    assert can_participate(world.citizen, world.municipality)


def test_role_change_is_audited(world):
    set_role(world.citizen, world.municipality, Role.facilitator, actor=world.admin)
    db.session.commit()
    event = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.event == "role.changed")
    ).all()[-1]
    assert event.actor_id == world.admin.id and event.data == {"old": None, "new": "facilitator"}
