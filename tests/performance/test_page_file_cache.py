"""The page cache without Redis (the embedded default): pages kept as files, shared by the
processes of one host, and never older than a committed write of any of them. The other
processes here are real ones (subprocess), as gunicorn's workers are."""

import pytest

from cocreate.database import commit
from cocreate.ideas.services import support_idea
from tests.performance.workers import run_worker

# The page cache checks its generation on a connection of its own: real commits.
pytestmark = pytest.mark.real_commits


@pytest.fixture
def file_cached(app, tmp_path):
    folder = tmp_path / "page-cache"
    saved = {key: app.config.get(key) for key in ("PAGE_CACHE_SECONDS", "PAGE_CACHE_DIR")}
    saved_redis = app.config.get("REDIS_URL")
    app.config.update(PAGE_CACHE_SECONDS=60, PAGE_CACHE_DIR=str(folder), REDIS_URL=None)
    app.extensions.pop("page_file_store", None)
    yield folder
    app.config.update(saved, REDIS_URL=saved_redis)
    app.extensions.pop("page_file_store", None)


@pytest.fixture
def scene(world, create_challenge_f, create_idea_f):
    challenge = create_challenge_f(world.municipality, title="Trygg skolevei")
    idea = create_idea_f(challenge, world.author, title="Gangfelt ved skolen")
    return challenge, idea


def _path(challenge) -> str:
    return f"/k/{challenge.municipality.slug}/utfordringer/{challenge.id}"


def test_pages_are_kept_as_files_without_redis(file_cached, scene, world, client):
    challenge, idea = scene
    first = client.get(_path(challenge))
    assert first.headers["X-Page-Cache"] == "miss"
    assert any(file_cached.iterdir())  # a file in the folder, no Redis anywhere
    second = client.get(_path(challenge))
    assert second.headers["X-Page-Cache"] == "hit" and second.data == first.data
    support_idea(idea, world.citizen)
    commit()
    third = client.get(_path(challenge))
    assert third.headers["X-Page-Cache"] == "miss" and "1 støtte" in third.text


def test_another_process_serves_the_stored_page_until_a_write(
    file_cached, scene, world, client, _db_dir
):
    challenge, idea = scene
    path = _path(challenge)
    assert client.get(path).headers["X-Page-Cache"] == "miss"
    # A second worker reads the page this one stored.
    other = run_worker(_db_dir, "get", path, cache_dir=file_cached)
    assert other["cache"] == "hit" and "0 støtter" in other["text"]
    # This process writes: the other worker never serves the page from before the write.
    support_idea(idea, world.citizen)
    commit()
    other = run_worker(_db_dir, "get", path, cache_dir=file_cached)
    assert other["cache"] == "miss" and "1 støtte" in other["text"]


def test_a_write_in_another_process_is_seen_at_once(file_cached, scene, world, client, _db_dir):
    challenge, idea = scene
    path = _path(challenge)
    client.get(path)
    assert client.get(path).headers["X-Page-Cache"] == "hit"
    run_worker(_db_dir, "support", idea.id, world.citizen.id, cache_dir=file_cached)
    from cocreate.extensions import db

    db.session.expire_all()  # the tests share one session; a real request starts afresh
    page = client.get(path)
    assert page.headers["X-Page-Cache"] == "miss" and "1 støtte" in page.text
