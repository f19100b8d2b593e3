"""Every challenge action for every role in every phase: the functions and the routes agree.

Roles come from the `world` fixture; the author has an idea in the challenge (when it has been
open), so "author of an input" is a real role here, not a second citizen.
"""

import pytest
from sqlalchemy import func, select

from cocreate.challenges.models import Challenge, Phase
from cocreate.challenges.permissions import (
    can_change_phase,
    can_create_challenge,
    can_edit_challenge,
    can_view_challenge,
)
from cocreate.extensions import db

ROLES = ("anonymous", "citizen", "author", "other_facilitator", "facilitator", "admin")
STAFF = {"facilitator", "admin"}
PHASES = list(Phase)
SUMMARY = "Vi hørte mange gode innspill og gjør dette videre."


@pytest.fixture
def challenge_in(world, create_challenge_f, create_idea_f):
    def _make(phase: Phase) -> Challenge:
        challenge = create_challenge_f(world.municipality, phase=phase)
        if phase is not Phase.draft:
            create_idea_f(challenge, world.author)
        return challenge

    return _make


def _login(auth, world, role: str) -> None:
    user = world.roles()[role]
    if user is not None:
        response = auth.login(user.email)
        assert response.status_code == 302


# --- the permission functions -------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_can_create_challenge(world, role):
    user = world.roles()[role]
    assert can_create_challenge(user, world.municipality) is (role in STAFF)
    # Staff of Heimby have no power in Bortby, and Bortby's facilitator none in Heimby.
    assert can_create_challenge(user, world.other) is (role == "other_facilitator")


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(world, challenge_in, role, phase):
    user = world.roles()[role]
    challenge = challenge_in(phase)
    staff = role in STAFF
    still_running = phase is not Phase.concluded
    assert can_edit_challenge(user, challenge) is (staff and still_running)
    assert can_change_phase(user, challenge) is (staff and still_running)
    assert can_view_challenge(user, challenge) is (staff or phase is not Phase.draft)


# --- the same rules at the routes --------------------------------------------------------


def _challenge_count() -> int:
    return db.session.scalar(select(func.count(Challenge.id)))


@pytest.mark.parametrize("role", ROLES)
def test_create_route(client, auth, world, role):
    _login(auth, world, role)
    page = client.get("/k/heimby/utfordringer/ny")
    posted = client.post(
        "/k/heimby/utfordringer/ny",
        data={"title": "Ny sak", "description": "Tekst", "principles": "1", "level": "involvere"},
    )
    if role == "anonymous":
        assert page.status_code == posted.status_code == 302
        assert "/logg-inn" in page.headers["Location"]
        assert _challenge_count() == 0
    elif role in STAFF:
        assert page.status_code == 200
        assert posted.status_code == 302
        assert _challenge_count() == 1
    else:
        assert page.status_code == posted.status_code == 403
        assert _challenge_count() == 0


def _expected(role: str, phase: Phase, *, allowed: bool) -> int:
    """Status for a staff action: log in first, drafts do not exist for others, then 403."""
    if role == "anonymous":
        return 302
    if phase is Phase.draft and role not in STAFF:
        return 404
    return 200 if allowed else 403


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_view_route(client, auth, world, challenge_in, role, phase):
    challenge = challenge_in(phase)
    _login(auth, world, role)
    response = client.get(f"/k/heimby/utfordringer/{challenge.id}")
    visible = role in STAFF or phase is not Phase.draft
    assert response.status_code == (200 if visible else 404)
    # The challenge lives in Heimby; Bortby's address for it does not exist.
    assert client.get(f"/k/bortby/utfordringer/{challenge.id}").status_code == 404


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_edit_route(client, auth, world, challenge_in, role, phase):
    challenge = challenge_in(phase)
    challenge_id = challenge.id
    _login(auth, world, role)
    allowed = role in STAFF and phase is not Phase.concluded
    url = f"/k/heimby/utfordringer/{challenge_id}/rediger"
    page = client.get(url)
    assert page.status_code == _expected(role, phase, allowed=allowed)
    posted = client.post(
        url, data={"title": "Endret tittel", "description": "Ny tekst", "principles": "2"}
    )
    expected_post = 302 if allowed else _expected(role, phase, allowed=False)
    assert posted.status_code == expected_post
    db.session.expire_all()
    title = db.session.get(Challenge, challenge_id).title
    assert (title == "Endret tittel") is allowed


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_phase_route(client, auth, world, challenge_in, role, phase):
    challenge = challenge_in(phase)
    challenge_id = challenge.id
    _login(auth, world, role)
    allowed = role in STAFF and phase is not Phase.concluded
    url = f"/k/heimby/utfordringer/{challenge_id}/fase"
    page = client.get(url)
    assert page.status_code == _expected(role, phase, allowed=allowed)
    if role in STAFF and phase is Phase.concluded:  # the 403 says why, in plain words
        assert "Utfordringen er avsluttet" in page.get_data(as_text=True)
    # Concluding a challenge without inputs breaks its promise: that takes a confirmation.
    posted = client.post(url, data={"summary": SUMMARY, "confirm_promise": "y"})
    assert posted.status_code == (302 if allowed else _expected(role, phase, allowed=False))
    db.session.expire_all()
    moved = db.session.get(Challenge, challenge_id).phase
    assert (moved is not phase) is allowed
    if allowed:
        assert PHASES.index(moved) == PHASES.index(phase) + 1
