"""Two gunicorn processes (two workers each) on one PostgreSQL database; a bounded burst of
concurrent supports from many people, every (person, idea) sent twice at once, once to each
server. The final counts equal the supports that were accepted, and nobody counts twice."""

import json
import os
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cocreate.extensions import db
from cocreate.ideas.models import Idea, Vote
from tests.factories import PASSWORD
from tests.faults.http import csrf_token, request
from tests.faults.seed import seed_supports_scene
from tests.security.apps import build_app, dispose
from tests.security.processes import free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
IDEAS, USERS, THREADS = 3, 40, 16
SECRET = "concurrency-test-secret-" + "x" * 40


@pytest.fixture
def database(pg_cluster):
    url = pg_cluster.create_database("cocreate_concurrency")
    app = build_app(url, SECRET_KEY=SECRET)
    yield app, url
    dispose(app)


@pytest.fixture
def two_servers(database):
    _app, url = database
    config = {
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": SECRET,
        "ENV_NAME": "development",  # plain-http cookies; nothing else differs here
        "MAIL_BACKEND": "memory",
        "RATELIMIT_ENABLED": False,  # 40 log-ins from one address; limits are tested elsewhere
        "FAST_PASSWORD_HASHING": True,
        "LOG_FORMAT": "json",
    }
    env = {**os.environ, "COCREATE_TEST_CONFIG": json.dumps(config), "PYTHONPATH": str(ROOT)}
    servers = []
    try:
        for _ in range(2):
            port = free_port()
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "--workers",
                    "2",
                    "--threads",
                    "4",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "tests.faults.wsgi_app:app",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            servers.append((port, process))
        for port, _process in servers:
            wait_for_port(port)
        yield [port for port, _ in servers]
    finally:
        for _port, process in servers:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
            if process.stderr:
                errors = [
                    line
                    for line in process.stderr.read().decode().splitlines()
                    if '"level": "ERROR"' in line or "Traceback" in line
                ]
                assert not errors, "\n".join(errors[:20])


def _login(port: int, email: str) -> tuple[str, str]:
    """Log in through the real form; returns the session cookie and a CSRF token for it."""
    page = request(port, "GET", "/logg-inn")
    form = {"csrf_token": csrf_token(page.body), "email": email, "password": PASSWORD}
    reply = request(port, "POST", "/logg-inn", cookie=page.cookies["session"], form=form)
    assert reply.status in (302, 303), reply.status
    return reply.cookies["session"], form["csrf_token"]


def test_concurrent_supports_on_two_servers(database, two_servers):
    app, _url = database
    scene = seed_supports_scene(app, ideas=IDEAS, users=USERS)
    ports = two_servers
    serializer = app.session_interface.get_signing_serializer(app)

    people = list(scene["emails"].items())
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        logins = pool.map(lambda n: _login(ports[n % 2], people[n][1]), range(len(people)))
        sessions = {user_id: login for (user_id, _email), login in zip(people, logins, strict=True)}

    def support(job: tuple[int, int, int]) -> tuple[int, int, int, bool]:
        user_id, idea_id, port = job
        cookie, token = sessions[user_id]
        path = f"/k/{scene['slug']}/innspill/{idea_id}/stott"
        reply = request(port, "POST", path, cookie=cookie, form={"csrf_token": token})
        flashes = serializer.loads(reply.cookies["session"]).get("_flashes", [])
        # The log-in's own "success" flash rides along in the cookie; look for this one.
        accepted = any(
            category == "success" and message.startswith("Du støtter nå")
            for category, message in flashes
        )
        return reply.status, user_id, idea_id, accepted

    jobs = [
        (user_id, idea_id, port)
        for user_id in scene["users"]
        for idea_id in scene["ideas"]
        for port in ports  # the same support sent to both servers at once
    ]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(support, jobs))

    assert {status for status, *_ in results} <= {302, 303}, Counter(r[0] for r in results)
    accepted = Counter((user_id, idea_id) for _s, user_id, idea_id, ok in results if ok)
    assert max(accepted.values()) == 1, "one support was accepted twice"
    assert len(accepted) == IDEAS * USERS  # one of each pair got in, the other was refused

    with app.app_context():
        db.session.remove()
        votes = db.session.execute(select(Vote.user_id, Vote.idea_id)).tuples().all()
        assert len(votes) == len(set(votes)), "duplicate supports in the database"
        assert set(votes) == set(accepted)
        for idea_id in scene["ideas"]:
            count = db.session.scalar(select(Idea.support_count).where(Idea.id == idea_id))
            rows = db.session.scalar(select(func.count()).where(Vote.idea_id == idea_id))
            accepted_here = sum(1 for (_u, i) in accepted if i == idea_id)
            assert count == rows == accepted_here == USERS
