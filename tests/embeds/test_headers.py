"""Only the embed routes may be framed, and only by their municipality's allowlist
(Content-Security-Policy frame-ancestors, no X-Frame-Options); every other route of the app keeps
frame-ancestors 'none' and X-Frame-Options DENY. Also when the page cache serves the embed."""

import re

import pytest
from flask import url_for

from cocreate.embeds.registry import EMBEDS, is_embed
from cocreate.embeds.services import add_embed_origin
from cocreate.extensions import db
from tests.security.isolation import rolled_back
from tests.security.scene import MissingArgument, build_scene, route_args

from .conftest import login

ALLOWED = ("https://www.heimby.kommune.no", "http://localhost:8000")
ANCESTORS = re.compile(r"frame-ancestors ([^;]+)")


def ancestors(response) -> str | None:
    match = ANCESTORS.search(response.headers["Content-Security-Policy"])
    return match.group(1).strip() if match else None


def test_an_embed_carries_its_municipalitys_allowlist(client, embeds):
    embeds.allow(*ALLOWED)
    for path in (
        f"/embed/k/heimby/utfordringer/{embeds.challenge.id}",
        "/embed/k/heimby/fra-ord-til-handling",
        "/embed/k/heimby/resultater",
    ):
        response = client.get(path)
        assert response.status_code == 200
        assert ancestors(response) == " ".join(ALLOWED), path
        assert "X-Frame-Options" not in response.headers
        # The rest of the policy is the site's own.
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "unsafe-inline" not in csp


def test_an_embed_of_a_municipality_with_an_empty_list_cannot_be_framed(client, embeds):
    embeds.allow(*ALLOWED)  # Heimby's list: not Bortby's
    response = client.get("/embed/k/bortby/resultater")
    assert response.status_code == 200
    assert ancestors(response) == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_every_embed_is_on_the_staff_page(embeds, world, client):
    login(client, world.admin)
    html = client.get("/k/heimby/innbygging").get_data(as_text=True)
    assert len(EMBEDS) >= 3
    for item in EMBEDS:
        assert str(item.label) in html


def _get(app, user_id, url):
    client = app.test_client()
    if user_id is not None:
        with client.session_transaction() as session:
            session["_user_id"] = user_id
            session["_fresh"] = True
    with rolled_back(app):
        response = client.get(url)
        response.close()
    return response


@pytest.mark.parametrize("role", ["anonymous", "admin"])
def test_every_other_route_refuses_framing(app, world, create_challenge_f, create_idea_f, role):
    """Every GET route of the app (app.url_map), with the scene's objects, as a visitor and as
    the municipality's administrator: 'none', whatever Heimby's list holds."""
    scene = build_scene(world, create_challenge_f, create_idea_f)
    add_embed_origin(world.municipality, ALLOWED[0], actor=world.admin)
    db.session.commit()  # a savepoint of the test's transaction: the requests below see it
    user_id = world.admin.get_id() if role == "admin" else None
    wrong, seen, framed = [], 0, 0
    rules = [rule for rule in app.url_map.iter_rules() if "GET" in rule.methods]
    for rule in rules:
        try:
            args = route_args(rule, scene)
        except MissingArgument as missing:
            wrong.append(str(missing))
            continue
        with app.test_request_context():
            url = url_for(rule.endpoint, **args)
        response = _get(app, user_id, url)
        got = ancestors(response)
        if is_embed(rule.endpoint):
            framed += 1
            if got != ALLOWED[0] or "X-Frame-Options" in response.headers:
                wrong.append(f"{url}: {got}")
            continue
        seen += 1
        # A chart (SVG) has a policy of its own, without frame-ancestors: X-Frame-Options holds.
        if got not in ("'none'", None) or response.headers.get("X-Frame-Options") != "DENY":
            wrong.append(f"{url} ({rule.endpoint}): frame-ancestors {got}")
    assert not wrong, "\n".join(wrong)
    assert framed == len(EMBEDS)
    assert seen + framed == len(rules) > 100  # the whole app, not a sample
