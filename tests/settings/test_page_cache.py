"""The page cache never shows an old description, logo or district: a settings change declares
the municipality's pages changed (page_generations.changed), the commit bumps its page
generation, so the next visitor gets the page rendered anew."""

import io

import pytest
import redis

from cocreate.extensions import db
from tests.factories import PASSWORD
from tests.performance.redis_config import with_private_redis

from .conftest import image_bytes

# The page cache checks its generation on a connection of its own: real commits.
pytestmark = pytest.mark.real_commits


@pytest.fixture
def cached_app(app, private_redis):
    with with_private_redis(app, private_redis, PAGE_CACHE_SECONDS=60) as server:
        yield app, redis.Redis.from_url(server.url)


def _visit(app, path: str):
    return app.test_client().get(path)  # a visitor who is not signed in


def test_a_cached_page_shows_the_new_description_right_after_the_edit(
    cached_app, world, client, uploads
):
    app, _store = cached_app
    first = _visit(app, "/k/heimby/")
    assert first.headers["X-Page-Cache"] == "miss"
    assert _visit(app, "/k/heimby/").headers["X-Page-Cache"] == "hit"

    client.post("/logg-inn", data={"email": world.admin.email, "password": PASSWORD})
    saved = client.post(
        "/k/heimby/innstillinger",
        data={"description": "Nå med **ny** beskrivelse.", "contact_email": ""},
    )
    assert saved.status_code == 302
    page = _visit(app, "/k/heimby/")
    assert page.headers["X-Page-Cache"] == "miss"
    assert "<strong>ny</strong> beskrivelse" in page.get_data(as_text=True)
    assert _visit(app, "/k/heimby/").headers["X-Page-Cache"] == "hit"

    upload = client.post(
        "/k/heimby/innstillinger/logo",
        data={"logo-logo": (io.BytesIO(image_bytes()), "logo.png")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 302
    db.session.expire_all()
    page = _visit(app, "/k/heimby/")
    assert page.headers["X-Page-Cache"] == "miss"
    assert f"/k/heimby/logo/{world.municipality.logo[:16]}.png" in page.get_data(as_text=True)
