"""The local OpenID provider (tests/oidc/provider.py) and the app configured to use it."""

from urllib.parse import urlsplit

import pytest
import requests

from tests.oidc.provider import Provider


@pytest.fixture(scope="session")
def provider():
    running = Provider().start()
    yield running
    running.stop()


@pytest.fixture
def idp(app_ctx, provider):
    app = app_ctx
    """The provider as this app's ID-porten (auto-approving), with the residence claim read;
    the app's configuration and the provider's knobs are put back afterwards."""
    saved = dict(app.config)
    app.config.update(provider.config("IDPORTEN"))
    app.config["OIDC_IDPORTEN_RESIDENCE_CLAIM"] = "kommunenummer"
    provider.reset()
    provider.auto_approve = True
    yield provider
    provider.reset()
    provider.auto_approve = False
    app.config.clear()
    app.config.update(saved)


def start_login(client, slug: str = "id-porten", **data: str):
    """Press the log-in button: the app's redirect to the provider's /authorize."""
    response = client.get(f"/logg-inn/{slug}", query_string=data)
    assert response.status_code == 302, response.text
    return response.headers["Location"]


def approve(authorize_url: str) -> str:
    """The person's browser at the provider: the path and query it is sent back to."""
    answer = requests.get(authorize_url, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    return f"{back.path}?{back.query}"


def log_in_through(client, slug: str = "id-porten", **data: str):
    """The whole round trip; the app's answer to the callback."""
    return client.get(approve(start_login(client, slug, **data)))
