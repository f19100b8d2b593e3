"""Posting ideas, comments and supports is rate limited per person."""

import pytest

from cocreate import create_app
from cocreate.extensions import db, limiter
from tests.conftest import make_config
from tests.ideas.conftest import login
from tests.isolation import share_transaction


@pytest.fixture
def limited_app(app):
    """A second app on the same database with rate limits on (the suite runs with them off)."""
    config = make_config(app.config["SQLALCHEMY_DATABASE_URI"], RATELIMIT_ENABLED=True)
    config.RATELIMIT_STORAGE_URI = "memory://"
    limited = create_app(config)
    limiter.reset()
    with share_transaction(limited, app):
        yield limited
    limiter.reset()
    limiter.enabled = False  # the limiter is one object shared by every app in the process
    with limited.app_context():
        db.engine.dispose()


def _codes(client, url: str, times: int, data=None) -> list[int]:
    return [client.post(url, data=data or {}).status_code for _ in range(times)]


def test_posting_ideas_is_limited(limited_app, world, create_challenge_f):
    challenge = create_challenge_f(world.municipality)
    client = limited_app.test_client()
    login(client, world.author)
    url = f"/k/heimby/utfordringer/{challenge.id}/nytt-innspill"
    # "likevel": past the preview step that offers the first "Forslag" to the later ones.
    codes = _codes(client, url, 6, {"title": "Forslag", "body": "Tekst", "likevel": "1"})
    assert codes == [303] * 5 + [429]
    assert "For mange forsøk" in client.post(url, data={"title": "x", "body": "y"}).text
    other = limited_app.test_client()
    login(other, world.citizen)  # the limit is per person
    assert other.post(url, data={"title": "Mitt", "body": "Tekst"}).status_code == 303


def test_comments_and_supports_are_limited(limited_app, world, create_challenge_f, create_idea_f):
    idea = create_idea_f(create_challenge_f(world.municipality), world.author)
    client = limited_app.test_client()
    login(client, world.citizen)
    base = f"/k/heimby/innspill/{idea.id}"
    assert _codes(client, f"{base}/kommentarer", 11, {"body": "Hei"}) == [303] * 10 + [429]
    assert _codes(client, f"{base}/stott", 61) == [303] * 60 + [429]
