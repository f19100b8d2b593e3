"""The tilgjengelighetserklæring: the statement page and each municipality's uustatus.no link."""

import pytest
from sqlalchemy import select

from cocreate.audit.models import AuditEvent
from cocreate.extensions import db
from cocreate.site.permissions import can_edit_accessibility_statement
from cocreate.site.services import set_uustatus_url

STATEMENT = "https://uustatus.no/nb/erklaringer/publisert/0a1b2c3d-4e5f-6789-abcd-ef0123456789"


def test_statement_page_describes_conformance_and_reporting(client, world):
    html = client.get("/tilgjengelighet").get_data(as_text=True)
    assert "WCAG 2.1" in html
    assert "Meld fra om et problem" in html
    assert "uutilsynet.no" in html
    assert "Heimby kommune" in html and "ikke lagt inn ennå" in html
    assert 'href="/tilgjengelighet"' in client.get("/").get_data(as_text=True)  # in the footer


def test_municipality_page_shows_its_statement_link(client, world, app_ctx):
    set_uustatus_url(world.municipality, STATEMENT, actor=world.admin)
    db.session.commit()
    html = client.get("/k/heimby/tilgjengelighet").get_data(as_text=True)
    assert f'href="{STATEMENT}"' in html
    assert "Bortby kommune" not in html
    assert STATEMENT in client.get("/tilgjengelighet").get_data(as_text=True)
    other = client.get("/k/bortby/tilgjengelighet").get_data(as_text=True)
    assert "har ikke lagt inn lenke" in other
    assert client.get("/k/finnes-ikke/tilgjengelighet").status_code == 404


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("citizen", False),
        ("facilitator", False),
        ("other_facilitator", False),
        ("admin", True),
    ],
)
def test_only_the_municipality_admin_edits_the_link(world, role, allowed, client, auth):
    user = world.roles()[role]
    assert can_edit_accessibility_statement(user, world.municipality) is allowed
    assert can_edit_accessibility_statement(world.other_admin, world.municipality) is False
    if user is not None:
        auth.login(user.email)
    response = client.get("/k/heimby/tilgjengelighet/innstillinger")
    expected = 200 if allowed else (302 if user is None else 403)
    assert response.status_code == expected
    response = client.post("/k/heimby/tilgjengelighet/innstillinger", data={"uustatus_url": ""})
    assert response.status_code == (302 if allowed or user is None else 403)


def test_admin_sets_changes_and_clears_the_link(world, client, auth, app_ctx):
    auth.login(world.admin.email)
    url = "/k/heimby/tilgjengelighet/innstillinger"
    response = client.post(url, data={"uustatus_url": STATEMENT})
    assert response.status_code == 302
    db.session.refresh(world.municipality)
    assert world.municipality.uustatus_url == STATEMENT
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.event == "municipality.uustatus_url_set")
    ).all()
    assert [e.actor_id for e in events] == [world.admin.id]
    assert f'value="{STATEMENT}"' in client.get(url).get_data(as_text=True)
    client.post(url, data={"uustatus_url": "  "})
    db.session.refresh(world.municipality)
    assert world.municipality.uustatus_url is None


@pytest.mark.parametrize(
    "bad",
    [
        "http://uustatus.no/nb/erklaringer/publisert/1",  # not https
        "https://example.com/erklaring",  # not uustatus.no
        "https://uustatus.no.example.com/nb/erklaringer/1",  # look-alike host
        "https://uustatus.no/",  # no statement
        "uustatus.no/nb/erklaringer/publisert/1",  # no scheme
        "javascript:alert(1)",
        "https://uustatus.no/" + "a" * 300,  # too long
    ],
)
def test_bad_links_are_refused_with_what_was_typed_kept(world, client, auth, app_ctx, bad):
    auth.login(world.admin.email)
    response = client.post("/k/heimby/tilgjengelighet/innstillinger", data={"uustatus_url": bad})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "error-summary" in html
    assert 'aria-invalid="true"' in html
    assert bad[:40] in html
    db.session.refresh(world.municipality)
    assert world.municipality.uustatus_url is None


def test_municipality_page_links_the_statement_and_asks_admins_for_the_link(
    world, client, auth, app_ctx
):
    html = client.get("/k/heimby/").get_data(as_text=True)
    assert 'href="/k/heimby/tilgjengelighet"' in html
    assert "/k/heimby/tilgjengelighet/innstillinger" not in html
    auth.login(world.admin.email)
    assert "/k/heimby/tilgjengelighet/innstillinger" in client.get("/k/heimby/").get_data(
        as_text=True
    )
    set_uustatus_url(world.municipality, STATEMENT, actor=world.admin)
    db.session.commit()
    html = client.get("/k/heimby/").get_data(as_text=True)
    assert "/k/heimby/tilgjengelighet/innstillinger" not in html
