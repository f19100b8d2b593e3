"""Every moderation permission for every role, as a function and as a page."""

import pytest
from flask_login import AnonymousUserMixin

from cocreate.extensions import db
from cocreate.moderation.permissions import can_moderate, can_read_moderation_log, can_report
from cocreate.moderation.services import hide_content, suspend_user
from tests.factories import PASSWORD

ROLES = ["anonymous", "citizen", "author", "other_facilitator", "facilitator", "admin"]
# role: (can_moderate, can_read_moderation_log, can_report someone else's idea/comment)
MATRIX = {
    "anonymous": (False, False, False),
    "citizen": (False, False, True),
    "author": (False, False, False),  # the fixture content is the author's own
    "other_facilitator": (False, False, True),  # a citizen here, staff elsewhere
    "facilitator": (True, False, False),  # staff act directly instead of reporting
    "admin": (True, True, False),
}


def _user(world, role):
    return world.roles()[role] or AnonymousUserMixin()


@pytest.mark.parametrize("role", ROLES)
def test_permission_functions(world, idea, comment, role):
    user = _user(world, role)
    moderate, read_log, report = MATRIX[role]
    assert can_moderate(user, world.municipality) is moderate
    assert can_read_moderation_log(user, world.municipality) is read_log
    assert can_report(user, idea) is report
    assert can_report(user, comment) is report


@pytest.mark.parametrize("role", ROLES)
def test_roles_count_only_in_their_own_municipality(world, other_idea, role):
    user = _user(world, role)
    assert can_moderate(user, world.other) is (role == "other_facilitator")
    assert not can_read_moderation_log(user, world.other)
    assert not can_read_moderation_log(world.admin, world.other)
    assert can_read_moderation_log(world.other_admin, world.other)
    # The home municipality's staff are ordinary citizens in Bortby: they may report there.
    expected = role in {"citizen", "facilitator", "admin"}
    assert can_report(user, other_idea) is expected


def test_hidden_or_suspended_cannot_be_reported(
    world, idea, comment, create_user_f, citizen_took_part
):
    hide_content(comment, reason="spam", note="Spam.", actor=world.facilitator)
    assert not can_report(world.citizen, comment)
    unverified = create_user_f("ny@example.no", verified=False)
    assert not can_report(unverified, idea)
    suspend_user(world.citizen, world.municipality, note="Hets.", actor=world.facilitator)
    db.session.commit()
    assert not can_report(world.citizen, idea)


def _login(client, world, role):
    user = world.roles()[role]
    if user is not None:
        response = client.post("/logg-inn", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302


# role: expected status for (queue, log, subject page, report page, hide POST)
PAGES = {
    "anonymous": (302, 302, 302, 302, 302),
    "citizen": (403, 403, 403, 200, 403),
    "author": (403, 403, 403, 403, 403),
    "other_facilitator": (403, 403, 403, 200, 403),
    "facilitator": (200, 403, 200, 403, 302),
    "admin": (200, 200, 200, 403, 302),
}


@pytest.mark.parametrize("role", ROLES)
def test_page_matrix(client, world, idea, role):
    _login(client, world, role)
    base = "/k/heimby/moderering"
    statuses = (
        client.get(base).status_code,
        client.get(f"{base}/logg").status_code,
        client.get(f"{base}/innspill/{idea.id}").status_code,
        client.get(f"/k/heimby/rapporter/innspill/{idea.id}").status_code,
        client.post(
            f"{base}/innspill/{idea.id}/skjul", data={"hide-reason": "spam", "hide-note": "Spam."}
        ).status_code,
    )
    assert statuses == PAGES[role]


@pytest.mark.parametrize("role", ["facilitator", "admin"])
def test_staff_get_403_in_another_municipality(client, world, other_idea, role):
    _login(client, world, role)
    base = "/k/bortby/moderering"
    assert client.get(base).status_code == 403
    assert client.get(f"{base}/logg").status_code == 403
    assert client.get(f"{base}/innspill/{other_idea.id}").status_code == 403
    response = client.post(
        f"{base}/innspill/{other_idea.id}/skjul", data={"hide-reason": "spam", "hide-note": "x"}
    )
    assert response.status_code == 403
    assert (
        client.post(
            f"{base}/personer/{world.citizen.id}/utesteng", data={"person-note": "x"}
        ).status_code
        == 403
    )


def test_content_of_another_municipality_is_not_found_through_this_one(client, world, other_idea):
    _login(client, world, "facilitator")
    assert client.get(f"/k/heimby/moderering/innspill/{other_idea.id}").status_code == 404
    client.post("/logg-ut")
    _login(client, world, "citizen")
    assert client.get(f"/k/heimby/rapporter/innspill/{other_idea.id}").status_code == 404
