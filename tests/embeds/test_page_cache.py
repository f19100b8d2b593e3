"""The page cache keeps the embeds like any public page, and the allowlist header stays right: it
is read on every request, also when the page itself comes from the cache, so a site taken off the
list can no longer frame the page, at once."""

import pytest

from cocreate.database import commit
from cocreate.embeds.services import remove_embed_origin

pytestmark = pytest.mark.real_commits

SITE = "https://www.heimby.kommune.no"


@pytest.fixture
def cached_app(app, tmp_path):
    saved = {key: app.config.get(key) for key in ("PAGE_CACHE_SECONDS", "PAGE_CACHE_DIR")}
    app.config.update(PAGE_CACHE_SECONDS=60, PAGE_CACHE_DIR=str(tmp_path / "pages"))
    app.extensions.pop("page_file_store", None)
    yield app
    app.config.update(saved)
    app.extensions.pop("page_file_store", None)


def test_a_cached_embed_keeps_the_allowlist_header(cached_app, embeds, world):
    embeds.allow(SITE)
    commit()
    path = "/embed/k/heimby/resultater"
    first = cached_app.test_client().get(path)
    assert first.headers["X-Page-Cache"] == "miss"
    hit = cached_app.test_client().get(path)
    assert hit.headers["X-Page-Cache"] == "hit"
    assert f"frame-ancestors {SITE}" in hit.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in hit.headers
    assert hit.get_data() == first.get_data()

    remove_embed_origin(world.municipality, SITE, actor=world.admin)
    commit()
    again = cached_app.test_client().get(path)
    assert again.headers["X-Page-Cache"] == "hit"  # the page did not change; its framing did
    assert "frame-ancestors 'none'" in again.headers["Content-Security-Policy"]
    assert again.headers["X-Frame-Options"] == "DENY"
