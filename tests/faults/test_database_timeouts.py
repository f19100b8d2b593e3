"""The database timeouts on a private PostgreSQL cluster: web requests run with the statement,
lock and idle-in-transaction timeouts and TCP keepalives; the CLI and jobs (no request) run
without the three timeouts and without the client bound, so a migration or a long export is
never cut off; a request that waits for a lock gets the Norwegian 503 after DB_LOCK_TIMEOUT."""

import os
import socket
import time

import psycopg
import pytest
from sqlalchemy import text

from cocreate.extensions import db
from tests.faults.seed import seed_supports_scene
from tests.security.apps import build_app, dispose

TIMEOUTS = {
    "DB_CONNECT_TIMEOUT": 2,
    "DB_STATEMENT_TIMEOUT": 1,
    "DB_LOCK_TIMEOUT": 0.5,
    "DB_IDLE_IN_TRANSACTION_TIMEOUT": 20,
    "DB_CLIENT_TIMEOUT": 2,
    "DB_KEEPALIVES_IDLE": 7,
}
SETTINGS = "SELECT current_setting('statement_timeout'), current_setting('lock_timeout'), "
SETTINGS += "current_setting('idle_in_transaction_session_timeout')"


@pytest.fixture
def app_on_cluster(pg_cluster):
    url = pg_cluster.create_database("cocreate_timeouts")
    app = build_app(url, PROPAGATE_UNEXPECTED=False, **TIMEOUTS)
    yield app
    dispose(app)


def _settings() -> tuple:
    return tuple(db.session.execute(text(SETTINGS)).one())


def test_web_requests_have_the_timeouts_and_jobs_do_not(app_on_cluster):
    app = app_on_cluster
    with app.app_context():
        db.engine.dispose()
        assert _settings() == ("0", "0", "0")  # opened by a job: no limits
        db.session.commit()
        with app.test_request_context("/"):
            # The same pooled connection, now serving a request: switched before its next use.
            assert _settings() == ("1s", "500ms", "20s")
            db.session.commit()
        assert _settings() == ("0", "0", "0")  # and back for a job
        db.session.remove()
        db.engine.dispose()
        with app.test_request_context("/"):
            assert _settings() == ("1s", "500ms", "20s")  # opened by a request
            raw = db.session.connection().connection.dbapi_connection
            with socket.socket(fileno=os.dup(raw.pgconn.socket)) as sock:
                assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
                assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE) == 7
                assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT) == 30_000
            db.session.remove()


def test_a_job_is_never_cut_off_a_request_is(app_on_cluster):
    app = app_on_cluster
    with app.app_context():
        start = time.monotonic()
        db.session.execute(text("SELECT pg_sleep(2.5)"))  # longer than every web bound
        assert time.monotonic() - start >= 2.5
        db.session.remove()
        with app.test_request_context("/"):
            with pytest.raises(Exception, match="statement timeout"):
                db.session.execute(text("SELECT pg_sleep(2.5)"))
            db.session.remove()


def test_a_request_waiting_for_a_lock_gets_503(app_on_cluster, pg_cluster):
    app = app_on_cluster
    scene = seed_supports_scene(app, ideas=1, users=1)
    idea_id = scene["ideas"][0]
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = next(iter(scene["users"].values()))
    # Another transaction holds the idea's row (a long admin edit, a stuck job).
    with psycopg.connect(pg_cluster._libpq("cocreate_timeouts")) as holder:
        holder.execute("SELECT 1 FROM ideas WHERE id = %s FOR UPDATE", [idea_id])
        start = time.monotonic()
        reply = client.post(f"/k/{scene['slug']}/innspill/{idea_id}/stott")
        seconds = time.monotonic() - start
        holder.rollback()
    assert reply.status_code == 503, reply.status_code
    assert "Tjenesten er midlertidig utilgjengelig" in reply.get_data(as_text=True)
    assert seconds < 3, f"waited {seconds:.1f} s for the lock"


def test_healthz_answers_within_its_own_bound(pg_cluster):
    """Even when requests may wait long for the database, /healthz answers 503 within
    HEALTHZ_TIMEOUT from a frozen server: through a pooled connection, then a new one."""
    url = pg_cluster.create_database("cocreate_healthz")
    app = build_app(
        url,
        PROPAGATE_UNEXPECTED=False,
        DB_CONNECT_TIMEOUT=30,
        DB_STATEMENT_TIMEOUT=20,
        DB_CLIENT_TIMEOUT=30,
        HEALTHZ_TIMEOUT=3,
    )
    try:
        client = app.test_client()
        assert client.get("/healthz").status_code == 200
        with pg_cluster.frozen():
            for _ in range(2):
                start = time.monotonic()
                answer = client.get("/healthz")
                seconds = time.monotonic() - start
                assert answer.status_code == 503 and seconds < 4, (answer.status_code, seconds)
                assert answer.get_json() == {"status": "error", "database": "error"}
        assert client.get("/healthz").status_code == 200
    finally:
        dispose(app)
