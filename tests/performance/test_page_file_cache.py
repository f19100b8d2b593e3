"""The page cache without Redis (the embedded default): pages kept as files, shared by the
processes of one host, and never older than a committed write of any of them. The other
processes here are real ones (subprocess), as gunicorn's workers are."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cocreate.database import commit
from cocreate.ideas.services import support_idea
from tests.conftest import database_url

# The page cache checks its generation on a connection of its own: real commits.
pytestmark = pytest.mark.real_commits
ROOT = Path(__file__).resolve().parents[2]

# One request, or one support, in a process of its own: what a second gunicorn worker does.
WORKER = """
import json, sys
from cocreate import create_app
from cocreate.database import commit
from cocreate.extensions import db
from tests.conftest import make_config

url, folder, action, path, idea_id, user_id = sys.argv[1:7]
app = create_app(make_config(url, PAGE_CACHE_SECONDS=60, PAGE_CACHE_DIR=folder, REDIS_URL=None))
if action == "get":
    response = app.test_client().get(path)
    print(json.dumps({"cache": response.headers.get("X-Page-Cache"), "text": response.text}))
else:
    from cocreate.accounts.models import User
    from cocreate.ideas.models import Idea
    from cocreate.ideas.services import support_idea
    with app.app_context():
        support_idea(db.session.get(Idea, int(idea_id)), db.session.get(User, int(user_id)))
        commit()
    print(json.dumps({"done": True}))
"""


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


def _worker(_db_dir, folder, action, path="", idea_id=0, user_id=0) -> dict:
    args = [database_url(_db_dir), str(folder), action, path, str(idea_id), str(user_id)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTEST_XDIST_WORKER", None)  # database_url() above already named this worker's
    done = subprocess.run(
        [sys.executable, "-c", WORKER, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


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
    other = _worker(_db_dir, file_cached, "get", path)
    assert other["cache"] == "hit" and "0 støtter" in other["text"]
    # This process writes: the other worker never serves the page from before the write.
    support_idea(idea, world.citizen)
    commit()
    other = _worker(_db_dir, file_cached, "get", path)
    assert other["cache"] == "miss" and "1 støtte" in other["text"]


def test_a_write_in_another_process_is_seen_at_once(file_cached, scene, world, client, _db_dir):
    challenge, idea = scene
    path = _path(challenge)
    client.get(path)
    assert client.get(path).headers["X-Page-Cache"] == "hit"
    _worker(_db_dir, file_cached, "support", idea_id=idea.id, user_id=world.citizen.id)
    from cocreate.extensions import db

    db.session.expire_all()  # the tests share one session; a real request starts afresh
    page = client.get(path)
    assert page.headers["X-Page-Cache"] == "miss" and "1 støtte" in page.text
