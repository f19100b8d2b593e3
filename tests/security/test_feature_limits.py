"""The limits each feature declared really refuse, with the Norwegian 429 page: posting ideas,
comments and workshop notes, supporting, reporting, and guessing join codes."""

import pytest

from tests.security.apps import build_app, dispose, isolated_limiter, sqlite_url
from tests.security.scene import build_scene


@pytest.fixture
def limits_on(app, tmp_path):
    """Switch limits on for the suite's app for one test (memory storage, fresh counters)."""
    with isolated_limiter():
        helper = build_app(sqlite_url(tmp_path), RATELIMIT_ENABLED=True)
        app.config["RATELIMIT_ENABLED"] = True
        try:
            yield
        finally:
            app.config["RATELIMIT_ENABLED"] = False
            dispose(helper)


@pytest.fixture
def scene(world, create_challenge_f, create_idea_f):
    return build_scene(world, create_challenge_f, create_idea_f)


def _as(client, user):
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


def _limited_after(client, method: str, url: str, allowed: int, data=None) -> None:
    statuses = [
        client.open(url, method=method, data=data or {}).status_code for _ in range(allowed)
    ]
    assert 429 not in statuses, statuses
    response = client.open(url, method=method, data=data or {})
    assert response.status_code == 429
    assert "For mange forsøk" in response.get_data(as_text=True)


def test_posting_ideas_is_limited(limits_on, client, scene):
    url = f"/k/heimby/utfordringer/{scene.challenge.id}/nytt-innspill"
    _limited_after(_as(client, scene.world.citizen), "POST", url, 5, {"title": ""})


def test_comments_are_limited(limits_on, client, scene):
    url = f"/k/heimby/innspill/{scene.idea.id}/kommentarer"
    _limited_after(_as(client, scene.world.citizen), "POST", url, 10, {"body": ""})


def test_supports_are_limited(limits_on, client, scene):
    url = f"/k/heimby/innspill/{scene.idea.id}/stott"
    _limited_after(_as(client, scene.world.citizen), "POST", url, 60)


def test_workshop_notes_are_limited(limits_on, client, scene):
    code = scene.workshop.join_code
    assert client.get(f"/w/{code}").status_code == 200  # the device gets its participant cookie
    _limited_after(client, "POST", f"/w/{code}/lapper", 6, {"text": "Mer lys i parken"})


def test_guessing_join_codes_is_limited(tmp_path):
    """Only misses count (deducted after the response), so this needs a fully limited app."""
    with isolated_limiter():
        limited = build_app(sqlite_url(tmp_path), RATELIMIT_ENABLED=True)
        try:
            _limited_after(limited.test_client(), "GET", "/w/ZZZZZZ", 15)
        finally:
            dispose(limited)


def test_reports_are_limited(limits_on, client, scene):
    url = f"/k/heimby/rapporter/innspill/{scene.idea.id}"
    _limited_after(_as(client, scene.world.citizen), "POST", url, 5, {"reason": ""})
