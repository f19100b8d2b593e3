"""Following a whole challenge, a district or a principle: the buttons, the POSTs (CSRF on),
and the rules (drafts, other municipalities). The route-by-role matrix is in
tests/security/test_authorization_matrix.py."""

import re

import pytest
from sqlalchemy import select

from cocreate import create_app
from cocreate.challenges.models import Phase, TopicFollow
from cocreate.extensions import db
from cocreate.municipalities.models import District
from tests.conftest import make_config
from tests.factories import PASSWORD
from tests.isolation import joined


def _follows(user):
    return db.session.scalars(select(TopicFollow).where(TopicFollow.user_id == user.id)).all()


def _district(municipality, name="Sentrum"):
    return db.session.scalar(
        select(District).where(District.municipality_id == municipality.id, District.name == name)
    )


@pytest.fixture
def challenge(world, create_challenge_f):
    challenge = create_challenge_f(world.municipality, title="Et grønnere sentrum")
    challenge.districts = [_district(world.municipality)]
    db.session.flush()
    return challenge


def test_follow_and_unfollow_a_challenge_from_its_page(client, auth, world, challenge):
    auth.login(world.citizen.email, PASSWORD)
    url = f"/k/heimby/utfordringer/{challenge.id}"
    page = client.get(url).get_data(as_text=True)
    assert f'action="{url}/folg"' in page and "Følg utfordringen" in page
    response = client.post(f"{url}/folg", data={"next": url})
    assert response.status_code == 302 and response.location.endswith(url)
    [follow] = _follows(world.citizen)
    assert follow.challenge_id == challenge.id and follow.district_id is None
    page = client.get(url).get_data(as_text=True)
    assert "Du følger utfordringen – slutt å følge" in page and f'action="{url}/avfolg"' in page
    client.post(f"{url}/folg")  # twice is once
    assert len(_follows(world.citizen)) == 1
    client.post(f"{url}/avfolg")
    assert _follows(world.citizen) == []


def test_follow_a_district_from_the_challenge_page(client, auth, world, challenge):
    auth.login(world.citizen.email, PASSWORD)
    sentrum = _district(world.municipality)
    page = client.get(f"/k/heimby/utfordringer/{challenge.id}").get_data(as_text=True)
    assert f'action="/k/heimby/bydeler/{sentrum.id}/folg"' in page
    assert "Følg bydelen Sentrum" in page
    assert client.post(f"/k/heimby/bydeler/{sentrum.id}/folg").status_code == 302
    assert [f.district_id for f in _follows(world.citizen)] == [sentrum.id]
    client.post(f"/k/heimby/bydeler/{sentrum.id}/avfolg")
    assert _follows(world.citizen) == []


def test_follow_a_principle_from_its_page(client, auth, world):
    auth.login(world.citizen.email, PASSWORD)
    url = "/veikartet/prinsipper/innbyggerne-i-sentrum"
    assert "Følg prinsippet" in client.get(url).get_data(as_text=True)
    assert client.post(f"{url}/folg").status_code == 302
    [follow] = _follows(world.citizen)
    assert follow.principle is not None and follow.principle.slug == "innbyggerne-i-sentrum"
    assert "Du følger prinsippet – slutt å følge" in client.get(url).get_data(as_text=True)
    client.post(f"{url}/avfolg")
    assert _follows(world.citizen) == []


def test_visitors_are_asked_to_log_in(client, world, challenge):
    page = client.get(f"/k/heimby/utfordringer/{challenge.id}").get_data(as_text=True)
    assert "Logg inn for å følge utfordringen" in page and "/folg" not in page
    response = client.post(f"/k/heimby/utfordringer/{challenge.id}/folg")
    assert response.status_code == 302 and "/logg-inn" in response.location


def test_a_draft_cannot_be_followed(client, auth, world, create_challenge_f):
    draft = create_challenge_f(world.municipality, phase=Phase.draft)
    auth.login(world.facilitator.email, PASSWORD)  # staff see the draft, still cannot follow it
    assert client.post(f"/k/heimby/utfordringer/{draft.id}/folg").status_code == 403
    auth.logout()
    auth.login(world.citizen.email, PASSWORD)
    assert client.post(f"/k/heimby/utfordringer/{draft.id}/folg").status_code == 404
    assert _follows(world.citizen) == [] and _follows(world.facilitator) == []


def test_another_municipalitys_district_or_challenge_is_not_found(
    client, auth, world, create_challenge_f
):
    theirs = create_challenge_f(world.other)
    bortby_sentrum = _district(world.other)
    auth.login(world.citizen.email, PASSWORD)
    assert client.post(f"/k/heimby/utfordringer/{theirs.id}/folg").status_code == 404
    assert client.post(f"/k/heimby/bydeler/{bortby_sentrum.id}/folg").status_code == 404
    assert client.post("/veikartet/prinsipper/finnes-ikke/folg").status_code == 404
    assert _follows(world.citizen) == []


def _token(page: str) -> str:
    for tag in re.findall(r"<input[^>]+>", page):
        if 'name="csrf_token"' in tag:
            return re.search(r'value="([^"]+)"', tag).group(1)
    raise AssertionError("no csrf_token field on the page")


def test_follow_needs_the_csrf_token(app, world, challenge):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    client = joined(create_app(make_config(url, WTF_CSRF_ENABLED=True)), app).test_client()
    login_page = client.get("/logg-inn").get_data(as_text=True)
    client.post(
        "/logg-inn",
        data={"email": world.citizen.email, "password": PASSWORD, "csrf_token": _token(login_page)},
    )
    page = client.get(f"/k/heimby/utfordringer/{challenge.id}").get_data(as_text=True)
    action = f"/k/heimby/utfordringer/{challenge.id}/folg"
    assert client.post(action).status_code == 400
    assert _follows(world.citizen) == []
    assert client.post(action, data={"csrf_token": _token(page)}).status_code == 302
    assert len(_follows(world.citizen)) == 1
