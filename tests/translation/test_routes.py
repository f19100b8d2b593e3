"""What readers see: a nynorsk reader gets the translation of bokmål content, labelled, with the
original one link away; bokmål and English readers get the original; a stale or, with Apertium
off, a machine translation is never shown. The staff's pages, for every role."""

import re

import pytest
from sqlalchemy import select

from cocreate.extensions import db
from cocreate.ideas.services import edit_comment
from cocreate.translation.models import ContentKind, ContentTranslation
from cocreate.translation.services import translate_municipality
from tests.translation.conftest import ANSWER


def _idea_page(client, content, lang: str | None, query: str = "") -> str:
    if lang is not None:
        client.set_cookie("lang", lang)
    response = client.get(f"/k/heimby/innspill/{content.idea.id}{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_nynorsk_reader_sees_the_labelled_translation(apertium_on, client, world, content):
    translate_municipality(world.municipality.id)
    page = _idea_page(client, content, "nn")
    answer = db.session.scalar(
        select(ContentTranslation.text).where(ContentTranslation.kind == ContentKind.answer)
    )
    assert answer and answer in page and ANSWER not in page
    assert "Dette er eit godt forslag." in page
    assert "Maskinomsett frå bokmål" in page
    assert "Sjå originalen" in page and "original=1" in page
    original = _idea_page(client, content, None, "?original=1")
    assert ANSWER in original and "Du les originalen." in original
    assert "Vis omsetjinga" in original
    # The links carry the query on, but never url_for()'s own names (a 500 before).
    crafted = _idea_page(client, content, "nn", "?endpoint=x&_method=POST&_external=1&sort=ny")
    link = re.search(r'href="([^"]*original=1[^"]*)"', crafted).group(1)
    assert "sort=ny" in link and "endpoint" not in link and "_method" not in link


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_bokmal_and_english_readers_see_the_original(apertium_on, client, world, content, lang):
    translate_municipality(world.municipality.id)
    page = _idea_page(client, content, lang)
    assert ANSWER in page and "Dette er et godt forslag." in page
    assert "Maskin" not in page and "Machine" not in page


def test_stale_translation_is_not_shown(apertium_on, client, world, content):
    translate_municipality(world.municipality.id)
    edit_comment(content.comment, body="Et tre gir skygge.", actor=world.citizen)
    page = _idea_page(client, content, "nn")
    assert "Et tre gir skygge." in page and "Dette er eit godt forslag." not in page


def test_machine_translation_hidden_while_apertium_is_off(apertium_on, app, client, world, content):
    translate_municipality(world.municipality.id)
    app.config["APERTIUM_BIN"] = "/nonexistent/apertium"
    page = _idea_page(client, content, "nn")
    assert ANSWER in page and "Maskinomsett" not in page


def test_challenge_page_and_cached_pages_follow_the_translation(
    apertium_on, client, world, content
):
    """Pages are kept per generation and language: the nb page, then the nn page before and
    after the job, each in its own language."""
    url = f"/k/heimby/utfordringer/{content.challenge.id}"
    client.set_cookie("lang", "nb")
    assert "Hvordan gjør vi sentrum grønnere?" in client.get(url).get_data(as_text=True)
    client.set_cookie("lang", "nn")
    before = client.get(url).get_data(as_text=True)
    assert "Maskinomsett" not in before
    translate_municipality(world.municipality.id)
    db.session.commit()
    after = client.get(url).get_data(as_text=True)
    assert "Korleis gjer vi sentrum grønare?" in after and "Maskinomsett frå bokmål" in after
    client.set_cookie("lang", "nb")
    again = client.get(url).get_data(as_text=True)
    assert "Hvordan gjør vi sentrum grønnere?" in again and "Maskin" not in again


ROLES = ["anonymous", "citizen", "other_facilitator", "facilitator", "admin"]
STAFF = {"facilitator", "admin"}


@pytest.mark.parametrize("role", ROLES)
def test_staff_pages_by_role(apertium_on, client, auth, world, content, role):
    translate_municipality(world.municipality.id)
    row = db.session.scalar(
        select(ContentTranslation).where(ContentTranslation.kind == ContentKind.comment)
    )
    assert row is not None
    user = getattr(world, role, None)
    if user is not None:
        auth.login(user.email)
    index = client.get("/k/heimby/oversettelser")
    check = client.post(f"/k/heimby/oversettelser/{row.id}", data={"text": "Godt framlegg."})
    malform = client.post("/k/heimby/oversettelser/malform", data={"malform": "nn"})
    if user is None:
        assert index.status_code == 302 and "/logg-inn" in index.headers["Location"]
        return
    if role not in STAFF:
        assert (index.status_code, check.status_code, malform.status_code) == (403, 403, 403)
        return
    assert index.status_code == 200 and "Maskinoversettelse" in index.get_data(as_text=True)
    assert check.status_code == 303
    db.session.refresh(row)
    assert row.checked and row.text == "Godt framlegg."
    assert malform.status_code == (303 if role == "admin" else 403)


def test_checked_translation_is_labelled(apertium_on, client, auth, world, content):
    translate_municipality(world.municipality.id)
    auth.login(world.facilitator.email)
    for row in db.session.scalars(
        select(ContentTranslation).where(
            ContentTranslation.kind.in_([ContentKind.comment, ContentKind.answer])
        )
    ):
        client.post(f"/k/heimby/oversettelser/{row.id}", data={"text": "Sjekka tekst."})
    page = _idea_page(client, content, "nn")
    assert "Kontrollert omsetjing frå bokmål" in page and "Sjekka tekst." in page


def test_empty_translation_is_refused_in_norwegian(apertium_on, client, auth, world, content):
    translate_municipality(world.municipality.id)
    row = db.session.scalar(select(ContentTranslation))
    assert row is not None
    auth.login(world.facilitator.email)
    response = client.post(f"/k/heimby/oversettelser/{row.id}", data={"text": "  "})
    assert response.status_code == 400
    assert "Skriv oversettelsen." in response.get_data(as_text=True)


def test_another_municipalitys_translation_is_not_found(apertium_on, client, auth, world, content):
    translate_municipality(world.municipality.id)
    row = db.session.scalar(select(ContentTranslation))
    assert row is not None
    auth.login(world.other_facilitator.email)
    assert client.get(f"/k/bortby/oversettelser/{row.id}").status_code == 404


def test_off_state_says_how_to_turn_it_on(app, client, auth, world):
    app.config["APERTIUM_BIN"] = "/nonexistent/apertium"
    try:
        auth.login(world.admin.email)
        page = client.get("/k/heimby/oversettelser").get_data(as_text=True)
    finally:
        app.config["APERTIUM_BIN"] = ""
    assert "Apertium ikke er installert" in page
    assert "apt-get install apertium apertium-nno-nob" in page


def test_settings_link_on_the_municipality_page(client, auth, world):
    auth.login(world.admin.email)
    page = client.get("/k/heimby/").get_data(as_text=True)
    assert "/k/heimby/oversettelser" in page
