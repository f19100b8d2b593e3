"""A pooled PostgreSQL connection is pinged before use only after it lay idle longer than
DB_PING_AFTER_IDLE (database._ping_if_idle), on a private cluster: a busy connection costs no
round trip, a connection dropped while idle is replaced unseen, and one dropped under load costs
one 503 before the pool starts anew."""

import time

import psycopg
import pytest
from sqlalchemy import text

from cocreate.extensions import db
from tests.faults.seed import seed_supports_scene
from tests.security.apps import build_app, dispose

IDLE = 0.5


@pytest.fixture
def app_and_scene(pg_cluster):
    url = pg_cluster.create_database("cocreate_idle_ping")
    app = build_app(url, PROPAGATE_UNEXPECTED=False, DB_PING_AFTER_IDLE=IDLE)
    scene = seed_supports_scene(app, ideas=1, users=1)
    yield app, scene
    dispose(app)


def _pings(app) -> list[str]:  # type: ignore[no-untyped-def]
    """Record the pings (psycopg's empty statement) the app's connections send."""
    seen: list[str] = []
    original = psycopg.Cursor.execute

    def execute(self, query, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(query).strip() in ("", ";"):
            seen.append(str(query))
        return original(self, query, *args, **kwargs)

    psycopg.Cursor.execute = execute  # type: ignore[method-assign]
    return seen


def _backend_pids(app) -> tuple[set[int], str]:  # type: ignore[no-untyped-def]
    """The app's connections on the server, and the URL to reach it."""
    with app.app_context():
        url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        ).fetchall()
    return {row[0] for row in rows}, url


def _terminate_app_connections(app) -> None:  # type: ignore[no-untyped-def]
    pids, url = _backend_pids(app)
    with psycopg.connect(url, autocommit=True) as admin:
        for pid in pids:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_a_busy_connection_is_not_pinged_an_idle_one_is(app_and_scene):
    app, scene = app_and_scene
    original = psycopg.Cursor.execute
    pings = _pings(app)
    try:
        client = app.test_client()
        path = f"/k/{scene['slug']}/"
        client.get(path)
        before = len(pings)
        for _ in range(5):
            assert client.get(path).status_code == 200
        assert len(pings) == before  # back in the pool within milliseconds: no ping
        time.sleep(IDLE + 0.2)
        assert client.get(path).status_code == 200
        assert len(pings) == before + 1
    finally:
        psycopg.Cursor.execute = original  # type: ignore[method-assign]


def test_a_connection_dropped_while_idle_is_replaced_unseen(app_and_scene):
    app, scene = app_and_scene
    client = app.test_client()
    path = f"/k/{scene['slug']}/"
    assert client.get(path).status_code == 200
    _terminate_app_connections(app)  # a restart, a firewall dropping idle connections
    time.sleep(IDLE + 0.2)
    assert client.get(path).status_code == 200


def test_a_connection_dropped_under_load_costs_one_503(app_and_scene):
    app, scene = app_and_scene
    client = app.test_client()
    path = f"/k/{scene['slug']}/"
    assert client.get(path).status_code == 200
    _terminate_app_connections(app)
    responses = [client.get(path) for _ in range(3)]  # at once: no ping
    assert responses[0].status_code == 503
    assert "Tjenesten er midlertidig utilgjengelig" in responses[0].text
    assert [response.status_code for response in responses[1:]] == [200, 200]
    with app.app_context():
        assert db.session.execute(text("SELECT 1")).scalar() == 1
