"""The log-in routes are rate limited like the other auth routes, and take no form posts."""

import pytest

from cocreate import create_app
from cocreate.extensions import db, limiter
from tests.conftest import make_config
from tests.isolation import share_transaction


@pytest.fixture
def guarded_app(app, provider):
    """A second app on the same database with rate limits and CSRF on, using the provider."""
    config = make_config(
        app.config["SQLALCHEMY_DATABASE_URI"], RATELIMIT_ENABLED=True, WTF_CSRF_ENABLED=True
    )
    config.RATELIMIT_STORAGE_URI = "memory://"
    for key, value in provider.config("IDPORTEN").items():
        setattr(config, key, value)
    guarded = create_app(config)
    limiter.reset()
    with share_transaction(guarded, app):
        yield guarded
    limiter.reset()
    limiter.enabled = False  # the limiter is one object shared by every app in the process
    with guarded.app_context():
        db.engine.dispose()


def test_the_callback_is_rate_limited(guarded_app):
    client = guarded_app.test_client()
    url = "/logg-inn/id-porten/tilbake?code=x&state=y"
    codes = [client.get(url).status_code for _ in range(11)]
    assert codes == [302] * 10 + [429]


def test_the_log_in_routes_take_no_form_posts(guarded_app):
    """Both are links (GET); with CSRF on, nothing of them is exempted or needed."""
    client = guarded_app.test_client()
    assert client.post("/logg-inn/id-porten").status_code == 405
    assert client.post("/logg-inn/id-porten/tilbake").status_code == 405
    response = client.get("/logg-inn/id-porten")
    assert response.status_code == 302 and "/authorize?" in response.headers["Location"]
