"""The page cache for visitors who are not signed in (cocreate/pagecache.py), on a real Redis:
pages come from the cache until any write, nobody signed in gets a cached page, nothing personal
is stored, each language has its own page, and a Redis that is down only costs speed."""

import pytest
import redis

from cocreate import pagecache
from cocreate.database import commit
from cocreate.extensions import db
from cocreate.ideas.services import support_idea
from tests.conftest import make_config
from tests.ideas.conftest import login
from tests.performance.redis_config import with_private_redis

# The page cache checks its generation on a connection of its own: real commits.
pytestmark = pytest.mark.real_commits


@pytest.fixture
def cached_app(app, private_redis):
    with with_private_redis(app, private_redis, PAGE_CACHE_SECONDS=60) as server:
        yield app, redis.Redis.from_url(server.url), server


@pytest.fixture
def scene(world, create_challenge_f, create_idea_f):
    challenge = create_challenge_f(world.municipality, title="Trygg skolevei")
    idea = create_idea_f(challenge, world.author, title="Gangfelt ved skolen")
    return challenge, idea


def _path(challenge) -> str:
    return f"/k/{challenge.municipality.slug}/utfordringer/{challenge.id}"


def _page_keys(client: redis.Redis) -> list[bytes]:
    return client.keys(pagecache.PREFIX + "*")


def test_a_page_is_served_from_the_cache_until_a_write(cached_app, scene, world, client):
    _, store, _ = cached_app
    challenge, idea = scene
    first = client.get(_path(challenge))
    assert first.status_code == 200 and first.headers["X-Page-Cache"] == "miss"
    assert "Set-Cookie" not in first.headers  # no cookie for a visitor who only reads
    second = client.get(_path(challenge))
    assert second.headers["X-Page-Cache"] == "hit" and second.data == first.data
    assert second.headers["Vary"] == "Cookie"
    assert "Content-Security-Policy" in second.headers  # the headers are made per response
    assert len(_page_keys(store)) == 1
    assert "0 støtter" in second.text

    support_idea(idea, world.citizen)  # any committed write makes every cached page a miss
    commit()
    third = client.get(_path(challenge))
    assert third.headers["X-Page-Cache"] == "miss"
    assert "1 støtte" in third.text


def test_a_write_through_another_process_is_seen(cached_app, scene, world, client, _db_dir):
    from cocreate import create_app
    from tests.conftest import database_url

    _, _, server = cached_app
    challenge, idea = scene
    assert client.get(_path(challenge)).headers["X-Page-Cache"] == "miss"
    assert client.get(_path(challenge)).headers["X-Page-Cache"] == "hit"
    other = create_app(
        make_config(database_url(_db_dir), REDIS_URL=server.url, PAGE_CACHE_SECONDS=60)
    )
    idea_id, citizen_id = idea.id, world.citizen.id
    with other.app_context():
        from cocreate.accounts.models import User
        from cocreate.ideas.models import Idea

        support_idea(db.session.get(Idea, idea_id), db.session.get(User, citizen_id))
        commit()
    db.session.expire_all()  # the tests share one session; a real request starts afresh
    page = client.get(_path(challenge))
    assert page.headers["X-Page-Cache"] == "miss" and "1 støtte" in page.text


def test_signed_in_people_never_get_a_cached_page(cached_app, scene, world, app):
    _, store, _ = cached_app
    challenge, _ = scene
    visitor = app.test_client()
    visitor.get(_path(challenge))
    assert visitor.get(_path(challenge)).headers["X-Page-Cache"] == "hit"
    citizen = app.test_client()
    login(citizen, world.citizen)
    for _ in range(2):
        page = citizen.get(_path(challenge))
        assert "X-Page-Cache" not in page.headers
        assert "Logg ut" in page.text and "Støtt" in page.text
    assert "Logg ut" not in visitor.get(_path(challenge)).text
    assert len(_page_keys(store)) == 1  # the signed-in page was never stored


def test_a_flashed_message_is_shown_not_cached(cached_app, scene, app):
    challenge, idea = scene
    visitor = app.test_client()
    visitor.get(_path(challenge))  # cached without the message
    # Supporting without being signed in: sent to log in, with a message waiting.
    visitor.post(f"/k/{challenge.municipality.slug}/innspill/{idea.id}/stott")
    with visitor.session_transaction() as session:
        assert session.get("_flashes")
    page = visitor.get(_path(challenge))
    assert "X-Page-Cache" not in page.headers
    assert "Logg inn for å delta." in page.text
    assert "Logg inn for å delta." not in visitor.get(_path(challenge)).text  # shown once


def test_each_language_has_its_own_page(cached_app, scene, app):
    challenge, _ = scene
    bokmal, nynorsk = app.test_client(), app.test_client()
    nynorsk.set_cookie("lang", "nn")
    assert bokmal.get(_path(challenge)).headers["X-Page-Cache"] == "miss"
    page = nynorsk.get(_path(challenge))
    assert page.headers["X-Page-Cache"] == "miss" and 'lang="nn"' in page.text
    assert nynorsk.get(_path(challenge)).headers["X-Page-Cache"] == "hit"
    assert 'lang="nb"' in bokmal.get(_path(challenge)).text


def test_only_marked_pages_and_only_gets_are_cached(cached_app, scene, app):
    _, store, _ = cached_app
    visitor = app.test_client()
    for _ in range(2):
        assert "X-Page-Cache" not in visitor.get("/logg-inn").headers  # has a CSRF token
    long_query = _path(scene[0]) + "?q=" + "a" * (pagecache.MAX_QUERY + 1)
    for _ in range(2):
        assert "X-Page-Cache" not in visitor.get(long_query).headers
    assert _page_keys(store) == []


def test_the_idea_page_sets_no_cookie_and_is_cached(cached_app, scene, client):
    challenge, idea = scene
    path = f"/k/{challenge.municipality.slug}/innspill/{idea.id}"
    first = client.get(path)
    assert first.headers["X-Page-Cache"] == "miss" and "Set-Cookie" not in first.headers
    assert client.get(path).headers["X-Page-Cache"] == "hit"


def test_redis_down_costs_only_speed(cached_app, scene, world, client):
    _, _, server = cached_app
    challenge, idea = scene
    client.get(_path(challenge))
    server.stop()
    page = client.get(_path(challenge))
    assert page.status_code == 200 and "X-Page-Cache" not in page.headers
    support_idea(idea, world.citizen)
    commit()  # the write goes through; the invalidation is only logged
    assert "1 støtte" in client.get(_path(challenge)).text


def test_after_a_write_nobody_gets_the_old_page(cached_app, scene, world, app):
    """No stale page while another request renders the new one: every visitor after the
    commit gets a page rendered after it (tests/faults/test_page_cache_faults.py has Redis
    going back in time)."""
    _, store, _ = cached_app
    challenge, idea = scene
    first, second = app.test_client(), app.test_client()
    first.get(_path(challenge))
    support_idea(idea, world.citizen)
    commit()
    db.session.expire_all()
    fresh = first.get(_path(challenge))
    assert fresh.headers["X-Page-Cache"] == "miss" and "1 støtte" in fresh.text
    again = second.get(_path(challenge))
    assert again.headers["X-Page-Cache"] == "hit" and "1 støtte" in again.text
    assert len(_page_keys(store)) == 1


def test_a_remember_me_cookie_alone_gets_the_persons_own_page(cached_app, scene, world, app):
    challenge, _ = scene
    person = app.test_client()
    answer = person.post(
        "/logg-inn",
        data={"email": world.citizen.email, "password": "riktig-hest-batteri", "remember": "y"},
    )
    assert answer.status_code in (302, 303)
    visitor = app.test_client()
    visitor.get(_path(challenge))  # the page is in the cache for visitors (after the log-in)
    assert visitor.get(_path(challenge)).headers["X-Page-Cache"] == "hit"
    person.delete_cookie("session")  # the browser was closed: only the remember cookie is left
    page = person.get(_path(challenge))
    assert "X-Page-Cache" not in page.headers and "Logg ut" in page.text
