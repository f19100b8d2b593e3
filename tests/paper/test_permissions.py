"""Who may print: facilitators and admins of the challenge's municipality, until it concludes."""

import pytest

from cocreate.challenges.models import Phase
from cocreate.extensions import db
from cocreate.paper.permissions import can_print_paper

STAFF = {"facilitator", "admin"}
ROLES = [
    "anonymous",
    "citizen",
    "author",
    "other_facilitator",
    "other_admin",
    "facilitator",
    "admin",
]
SHEETS = ["plakat", "innspillsskjema"]


def _user(world, role):
    return world.other_admin if role == "other_admin" else world.roles()[role]


@pytest.mark.parametrize("phase", list(Phase), ids=lambda p: p.value)
@pytest.mark.parametrize("role", ROLES)
def test_rule(world, create_challenge_f, role, phase):
    challenge = create_challenge_f(world.municipality, phase=phase)
    expected = role in STAFF and phase is not Phase.concluded
    assert can_print_paper(_user(world, role), challenge) is expected


@pytest.mark.parametrize("role", ROLES)
def test_downloads_by_role(world, new_client, paper_challenge, role):
    user = _user(world, role)
    browser = new_client(user.email if user else None)
    for name in SHEETS:
        url = f"/k/heimby/utfordringer/{paper_challenge.id}/{name}.pdf?lang=nb"
        response = browser.get(url)
        if role in STAFF:
            assert response.status_code == 200, (url, response.status_code)
            assert response.data.startswith(b"%PDF-")
        elif role == "anonymous":
            assert response.status_code == 302, url
            assert response.headers["Location"].startswith("/logg-inn"), url
        else:
            assert response.status_code == 403, (url, response.status_code)
            assert not response.data.startswith(b"%PDF-")


def test_a_concluded_challenge_gets_no_paper(world, new_client, create_challenge_f):
    challenge = create_challenge_f(world.municipality, phase=Phase.concluded)
    response = new_client(world.admin.email).get(
        f"/k/heimby/utfordringer/{challenge.id}/plakat.pdf"
    )
    assert response.status_code == 403
    assert "avsluttet" in response.get_data(as_text=True)


def test_slug_must_match_the_municipality(world, new_client, paper_challenge):
    browser = new_client(world.other_admin.email)
    assert browser.get(f"/k/bortby/utfordringer/{paper_challenge.id}/plakat.pdf").status_code == 404
    assert browser.get("/k/heimby/utfordringer/999999/plakat.pdf").status_code == 404


def test_a_draft_is_printed_ahead_of_opening(world, new_client, create_challenge_f):
    challenge = create_challenge_f(world.municipality, phase=Phase.draft)
    db.session.flush()
    response = new_client(world.facilitator.email).get(
        f"/k/heimby/utfordringer/{challenge.id}/innspillsskjema.pdf"
    )
    assert response.status_code == 200
