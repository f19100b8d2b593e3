"""A database that accepts connections and never answers (a frozen host, a black-holed network):
the whole private cluster is stopped with SIGSTOP, so the kernel still takes connections and
acknowledges what is sent. Served by gunicorn as in production, /healthz answers 503 within 5 s
and reports Redis, every page answers the Norwegian 503 within the configured bound (also pages
in the page cache and a signed-in person's, without "Logg inn" or an old flash), no worker is
killed, and the site recovers by itself when the server runs again."""

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.factories import PASSWORD
from tests.faults.http import Reply, csrf_token, request
from tests.faults.seed import seed_supports_scene
from tests.security.apps import build_app, dispose
from tests.security.processes import PrivateRedis, free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
SECRET = "frozen-database-test-secret-" + "x" * 40
# Short bounds keep the test quick; production defaults are in cocreate/config.py.
TIMEOUTS = {
    "DB_CONNECT_TIMEOUT": 2,
    "DB_STATEMENT_TIMEOUT": 1,
    "DB_LOCK_TIMEOUT": 1,
    "DB_CLIENT_TIMEOUT": 2,
    "HEALTHZ_TIMEOUT": 3,
}
# A page waits at most for one answer (DB_CLIENT_TIMEOUT) and one new connection
# (DB_CONNECT_TIMEOUT); the rest is slack for a loaded test machine.
PAGE_BOUND = TIMEOUTS["DB_CLIENT_TIMEOUT"] + TIMEOUTS["DB_CONNECT_TIMEOUT"] + 2
UNAVAILABLE = "Tjenesten er midlertidig utilgjengelig"


@pytest.fixture
def site(pg_cluster, tmp_path):
    """The scene's database on the private cluster, a private Redis, one gunicorn master with
    two threaded workers; yields (scene, port)."""
    url = pg_cluster.create_database("cocreate_frozen")
    app = build_app(url, SECRET_KEY=SECRET)
    scene = seed_supports_scene(app, ideas=1, users=2)
    dispose(app)
    redis_server = PrivateRedis(tmp_path)
    redis_server.start()
    config = {
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": SECRET,
        "ENV_NAME": "development",  # plain-http cookies; nothing else differs here
        "MAIL_BACKEND": "memory",
        "RATELIMIT_ENABLED": False,
        "FAST_PASSWORD_HASHING": True,
        "LOG_FORMAT": "json",
        "REDIS_URL": redis_server.url,
        "PAGE_CACHE_SECONDS": 60,
        **TIMEOUTS,
    }
    env = {**os.environ, "COCREATE_TEST_CONFIG": json.dumps(config), "PYTHONPATH": str(ROOT)}
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "2",
            "--threads",
            "4",
            "--timeout",
            "20",  # a worker stuck that long would be killed: the fault this test is about
            "--bind",
            f"127.0.0.1:{port}",
            "tests.faults.wsgi_app:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(port)
        yield scene, port
    finally:
        pg_cluster.thaw()
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        redis_server.stop()
        log = server.stderr.read().decode() if server.stderr else ""
        assert "WORKER TIMEOUT" not in log, log[-3000:]
        assert "Traceback" not in log, log[-3000:]


def _timed(port: int, path: str, cookie: str | None = None) -> tuple[Reply, float]:
    start = time.monotonic()
    reply = request(port, "GET", path, cookie=cookie)
    return reply, time.monotonic() - start


def _log_in(port: int, email: str) -> str:
    """The real form; the redirect is not followed, so "Du er logget inn." is still waiting."""
    page = request(port, "GET", "/logg-inn")
    form = {"csrf_token": csrf_token(page.body), "email": email, "password": PASSWORD}
    reply = request(port, "POST", "/logg-inn", cookie=page.cookies["session"], form=form)
    assert reply.status in (302, 303), reply.status
    return reply.cookies["session"]


def _assert_unavailable(reply: Reply, seconds: float) -> None:
    assert reply.status == 503, (reply.status, reply.body[:300])
    assert seconds < PAGE_BOUND, f"the 503 took {seconds:.1f} s"
    assert UNAVAILABLE in reply.body
    assert "Traceback" not in reply.body and "psycopg" not in reply.body


def test_a_frozen_database_gives_quick_503s_and_the_site_recovers(site, pg_cluster):
    scene, port = site
    municipality = f"/k/{scene['slug']}/"
    idea = f"{municipality}innspill/{scene['ideas'][0]}"
    assert request(port, "GET", municipality).status == 200
    assert request(port, "GET", municipality).headers.get("X-Page-Cache") == "hit"
    cookie = _log_in(port, next(iter(scene["emails"].values())))
    health = request(port, "GET", "/healthz")
    assert health.status == 200
    assert json.loads(health.body) == {"status": "ok", "database": "ok", "redis": "ok"}

    with pg_cluster.frozen():
        # Several at once, as visitors come: each worker thread meets the frozen server.
        with ThreadPoolExecutor(max_workers=4) as pool:
            healthz = pool.submit(_timed, port, "/healthz")
            cached = pool.submit(_timed, port, municipality)
            signed_in = pool.submit(_timed, port, idea, cookie)
            other = pool.submit(_timed, port, idea)
            results = {
                "healthz": healthz.result(),
                "cached": cached.result(),
                "signed_in": signed_in.result(),
                "other": other.result(),
            }
        reply, seconds = results["healthz"]
        assert reply.status == 503 and seconds < 5, (reply.status, seconds)
        assert json.loads(reply.body) == {"status": "error", "database": "error", "redis": "ok"}
        for name in ("cached", "signed_in", "other"):
            _assert_unavailable(*results[name])
        page = results["signed_in"][0].body
        assert "Logg inn" not in page and "Registrer deg" not in page and "Logg ut" not in page
        assert "Du er logget inn." not in page  # kept for the next page that can be drawn
        # Later requests connect afresh (the pools dropped what they had): still bounded.
        with ThreadPoolExecutor(max_workers=3) as pool:
            paths = ("/healthz", municipality, idea)
            for path, (reply, seconds) in zip(
                paths, pool.map(lambda p: _timed(port, p), paths), strict=True
            ):
                assert reply.status == 503 and seconds < PAGE_BOUND, (path, reply.status, seconds)

    deadline = time.monotonic() + 15
    while request(port, "GET", "/healthz").status != 200:
        assert time.monotonic() < deadline, "the site did not recover after the thaw"
        time.sleep(0.2)
    assert request(port, "GET", municipality).status == 200
    page = request(port, "GET", idea, cookie=cookie)
    assert page.status == 200 and "Logg ut" in page.body
