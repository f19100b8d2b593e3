"""Every workshop action for every role and challenge phase; routes enforce the same rules."""

import pytest

from cocreate.challenges.models import Phase
from cocreate.challenges.services import advance_phase
from cocreate.extensions import db
from cocreate.workshops.codes import participant_hash
from cocreate.workshops.models import WorkshopStatus
from cocreate.workshops.permissions import (
    can_create_workshop,
    can_manage_workshop,
    can_post_notes,
    can_publish_workshop,
    can_register_offline_input,
    why_not_post_notes,
)
from cocreate.workshops.services import WorkshopError
from cocreate.workshops.wall import post_note

STAFF = {"facilitator", "admin"}
ROLES = ["anonymous", "citizen", "author", "other_facilitator", "facilitator", "admin"]
PHASES = list(Phase)


def _expected(action: str, role: str, phase: Phase) -> bool:
    if role not in STAFF:
        return False
    return {
        "create": phase in (Phase.draft, Phase.open),
        "manage": True,
        "publish": phase in (Phase.open, Phase.assessing),
        # Late inputs are registered on challenges under assessment or concluded.
        "offline": phase is not Phase.draft,
    }[action]


@pytest.mark.parametrize("phase", PHASES, ids=lambda p: p.value)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(world, create_challenge_f, create_workshop_f, role, phase):
    challenge = create_challenge_f(world.municipality, phase=Phase.open)
    workshop = create_workshop_f(challenge)
    challenge.phase = phase
    db.session.commit()
    user = world.roles()[role]
    assert can_create_workshop(user, challenge) is _expected("create", role, phase)
    assert can_manage_workshop(user, workshop) is _expected("manage", role, phase)
    assert can_publish_workshop(user, workshop) is _expected("publish", role, phase)
    assert can_register_offline_input(user, challenge) is _expected("offline", role, phase)


def test_staff_of_another_municipality_has_no_power(world, create_challenge_f, create_workshop_f):
    theirs = create_workshop_f(create_challenge_f(world.other))
    assert can_manage_workshop(world.other_facilitator, theirs)
    assert not can_manage_workshop(world.facilitator, theirs)
    assert not can_manage_workshop(world.admin, theirs)


def _facilitator_requests(workshop, challenge, note_id):
    base = f"/k/heimby/verksteder/{workshop.id}"
    return [
        ("get", f"/k/heimby/utfordringer/{challenge.id}/verksteder/ny", None),
        ("get", f"/k/heimby/utfordringer/{challenge.id}/registrer-innspill", None),
        ("get", base, None),
        ("get", f"{base}/rediger", None),
        ("get", f"{base}/qr.svg", None),
        ("get", f"{base}/vegg", None),
        ("get", f"{base}/vegg?projektor=1", None),
        ("get", f"{base}/vegg.json", None),
        ("get", f"{base}/publiser", None),
        ("post", f"{base}/status", {"status": "closed"}),
        ("post", f"{base}/oppmote", {"headcount": "12"}),
        ("post", f"{base}/lapper/{note_id}/skjul", {"reason": "spam"}),
        ("post", f"{base}/postit", {"text": "Post-it"}),
        ("post", f"{base}/temaer", {"title": "Tema"}),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_facilitator_pages_by_role(world, new_client, heimby_challenge, create_workshop_f, role):
    workshop = create_workshop_f(heimby_challenge)
    note = post_note(workshop, participant_hash(workshop.id, "a" * 43), "Lapp")
    db.session.commit()
    user = world.roles()[role]
    browser = new_client(user.email if user else None)
    for method, url, data in _facilitator_requests(workshop, heimby_challenge, note.id):
        response = getattr(browser, method)(url, data=data)
        if role in STAFF:
            assert response.status_code in (200, 302), (url, response.status_code)
            if response.status_code == 302:
                assert "/logg-inn" not in response.headers["Location"]
        elif role == "anonymous":
            assert response.status_code == 302, url
            assert response.headers["Location"].startswith("/logg-inn"), url
        else:
            assert response.status_code == 403, (url, response.status_code)
    db.session.refresh(note)
    db.session.refresh(workshop)
    changed = note.hidden or workshop.headcount is not None
    assert changed is (role in STAFF)


def test_slug_must_match_the_municipality(world, new_client, heimby_challenge, create_workshop_f):
    workshop = create_workshop_f(heimby_challenge)
    browser = new_client(world.other_facilitator.email)
    assert browser.get(f"/k/bortby/verksteder/{workshop.id}").status_code == 404
    assert browser.get(f"/k/bortby/verksteder/{workshop.id}/vegg.json").status_code == 404


def test_participant_pages_need_no_account(client, heimby_challenge, create_workshop_f):
    workshop = create_workshop_f(heimby_challenge)
    assert client.get(f"/w/{workshop.join_code}").status_code == 200
    assert client.post(f"/w/{workshop.join_code}/lapper", data={"text": "Hei"}).status_code == 302
    assert client.get(f"/w/{workshop.join_code}/innsjekk").status_code == 200


@pytest.mark.parametrize("phase", PHASES, ids=lambda p: p.value)
@pytest.mark.parametrize("status", list(WorkshopStatus), ids=lambda s: s.value)
def test_notes_go_on_the_wall_only_live_while_the_challenge_takes_inputs(
    world, create_challenge_f, create_workshop_f, status, phase
):
    challenge = create_challenge_f(world.municipality, phase=Phase.draft)
    workshop = create_workshop_f(challenge, status=status)
    while challenge.phase is not phase:
        advance_phase(challenge, actor=None, summary="Vi hørte mye og gjør tre tiltak nå.")
    expected = status is WorkshopStatus.live and phase in (Phase.draft, Phase.open)
    assert can_post_notes(workshop) is expected
    reason = why_not_post_notes(workshop)
    if expected:
        assert reason is None
        assert post_note(workshop, participant_hash(workshop.id, "b" * 43), "En lapp").id
    else:
        assert reason is not None
        with pytest.raises(WorkshopError) as refused:
            post_note(workshop, participant_hash(workshop.id, "b" * 43), "En lapp")
        assert refused.value.reason == reason
