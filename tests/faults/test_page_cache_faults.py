"""The page cache never serves a page older than a committed write, also when Redis goes back
in time: restarted from its last dump (Redis's default persistence), replaced by a replica
that lags behind (a failover), or never told, because the writer runs without REDIS_URL (the
CLI, cron, a process with another environment). On SQLite and on PostgreSQL (DATABASE_URL)."""

import shutil

import pytest
from sqlalchemy import event

from cocreate import create_app, pagecache
from cocreate.accounts.services import update_settings
from cocreate.database import commit
from cocreate.extensions import db
from cocreate.ideas.services import support_idea
from tests.conftest import database_url, make_config
from tests.faults.redis_server import DUMP, DumpedRedis

# Other apps, the CLI and a private Redis read what the test wrote: real commits.
pytestmark = pytest.mark.real_commits


@pytest.fixture
def scene(world, create_challenge_f, create_idea_f):
    challenge = create_challenge_f(world.municipality, title="Trygg skolevei")
    idea = create_idea_f(challenge, world.author, title="Gangfelt ved skolen")
    return challenge, idea


@pytest.fixture
def primary(app, tmp_path):
    server = DumpedRedis(tmp_path / "primary")
    server.start()
    saved = {key: app.config.get(key) for key in ("REDIS_URL", "PAGE_CACHE_SECONDS")}
    app.config.update(REDIS_URL=server.url, PAGE_CACHE_SECONDS=60)
    yield server
    app.config.update(saved)
    server.stop()


def _path(challenge) -> str:
    return f"/k/{challenge.municipality.slug}/utfordringer/{challenge.id}"


def _page_keys(server: DumpedRedis) -> list[bytes]:
    return server.client().keys(pagecache.PREFIX + "*")


def _cache_the_page_and_dump_it(client, challenge, server: DumpedRedis) -> None:
    first = client.get(_path(challenge))
    assert first.headers["X-Page-Cache"] == "miss" and "0 støtter" in first.text
    assert client.get(_path(challenge)).headers["X-Page-Cache"] == "hit"
    server.dump()


def _support(idea, world) -> None:
    support_idea(idea, world.citizen)
    commit()
    db.session.expire_all()  # the tests share one session; a real request starts afresh


def test_redis_restarted_from_an_older_dump(primary, scene, world, client):
    challenge, idea = scene
    _cache_the_page_and_dump_it(client, challenge, primary)
    _support(idea, world)
    fresh = client.get(_path(challenge))
    assert fresh.headers["X-Page-Cache"] == "miss" and "1 støtte" in fresh.text
    primary.crash()
    primary.start()  # back from the dump: the page with 0 supporters is there again
    assert len(_page_keys(primary)) == 1
    page = client.get(_path(challenge))
    assert page.headers["X-Page-Cache"] == "miss" and "1 støtte" in page.text
    assert client.get(_path(challenge)).headers["X-Page-Cache"] == "hit"


def test_failover_to_a_replica_that_lags(app, primary, scene, world, client, tmp_path):
    challenge, idea = scene
    _cache_the_page_and_dump_it(client, challenge, primary)
    replica = DumpedRedis(tmp_path / "replica")  # it last heard from the primary here
    shutil.copy(primary.folder / DUMP, replica.folder / DUMP)
    _support(idea, world)
    assert "1 støtte" in client.get(_path(challenge)).text  # stored in the primary
    replica.start()
    try:
        assert len(_page_keys(replica)) == 1  # the page with 0 supporters
        primary.crash()
        app.config["REDIS_URL"] = replica.url  # the failover
        page = client.get(_path(challenge))
        assert page.headers["X-Page-Cache"] == "miss" and "1 støtte" in page.text
    finally:
        replica.stop()


def test_a_writer_without_redis(primary, scene, world, client, _db_dir):
    challenge, idea = scene
    _cache_the_page_and_dump_it(client, challenge, primary)
    elsewhere = create_app(make_config(database_url(_db_dir), REDIS_URL=""))  # cron, the CLI
    idea_id, citizen_id = idea.id, world.citizen.id
    with elsewhere.app_context():
        from cocreate.accounts.models import User
        from cocreate.ideas.models import Idea

        support_idea(db.session.get(Idea, idea_id), db.session.get(User, citizen_id))
        commit()
        db.session.remove()
    db.session.expire_all()
    page = client.get(_path(challenge))
    assert page.headers["X-Page-Cache"] == "miss" and "1 støtte" in page.text


def test_a_cli_command_without_redis(primary, world, client, _db_dir):
    first = client.get("/")
    assert first.headers["X-Page-Cache"] == "miss" and "Nyby kommune" not in first.text
    assert client.get("/").headers["X-Page-Cache"] == "hit"
    elsewhere = create_app(make_config(database_url(_db_dir), REDIS_URL=""))
    result = elsewhere.test_cli_runner().invoke(
        args=[
            "municipality",
            "create",
            "--name",
            "Nyby kommune",
            "--slug",
            "nyby",
            "--number",
            "9998",
        ]
    )
    assert result.exit_code == 0, result.output
    with elsewhere.app_context():
        db.session.remove()
    page = client.get("/")
    assert page.headers["X-Page-Cache"] == "miss" and "Nyby kommune" in page.text


def test_a_write_in_one_municipality_leaves_the_others_cached(primary, scene, world, client):
    """Per municipality: a support in Heimby makes Heimby's pages and the front page misses,
    Bortby's pages stay in the cache."""
    challenge, idea = scene
    other = f"/k/{world.other.slug}/"
    for path in (_path(challenge), other, "/"):
        assert client.get(path).headers["X-Page-Cache"] == "miss"
        assert client.get(path).headers["X-Page-Cache"] == "hit"
    _support(idea, world)
    assert client.get(other).headers["X-Page-Cache"] == "hit"
    assert client.get(_path(challenge)).headers["X-Page-Cache"] == "miss"
    assert client.get("/").headers["X-Page-Cache"] == "miss"
    # A change every page may show (a person's name): everything is drawn again.
    author = world.author
    update_settings(
        author, display_name="Forfatter Nyttnavn", show_name=author.show_name, locale=None
    )
    commit()
    assert client.get(other).headers["X-Page-Cache"] == "miss"
    assert client.get(_path(challenge)).headers["X-Page-Cache"] == "miss"


def test_the_generation_is_read_once_per_page(primary, scene, client, app):
    """Serving from the cache costs one query: the generations of the page's scopes."""
    challenge, _ = scene
    client.get(_path(challenge))
    statements = []
    with app.app_context():
        engine = db.engine

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(_path(challenge)).headers["X-Page-Cache"] == "hit"
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 1 and "page_generations" in statements[0]
