"""Each download lays out a whole document: a person gets 10 a minute, then the 429 page."""

import pytest

from tests.report.conftest import report_url
from tests.security.apps import build_app, dispose, isolated_limiter, sqlite_url


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


def test_downloads_are_limited_per_person(limits_on, client, seeded):
    client.post("/logg-inn", data={"email": "admin@example.no", "password": "riktig-hest-batteri"})
    url = report_url(seeded.challenge)
    # An invalid choice answers at once (400) and counts like a download.
    statuses = [client.post(url, data={"sprak": "xx"}).status_code for _ in range(10)]
    assert statuses == [400] * 10
    assert client.post(url, data={"sprak": "nb", "format": "pdf"}).status_code == 429
    assert client.get(url).status_code == 200  # the form itself is not limited
