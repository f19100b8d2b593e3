"""Two app processes (gunicorn with gunicorn.conf.py, production settings) on one fresh PostgreSQL
database and one Redis: a write through either is read through the other, a session made by one
is valid in the other, the metrics snapshot's refresh and the rate limits are shared.

PostgreSQL comes from the suite's DATABASE_URL when that is PostgreSQL, else from the machine's
server at 127.0.0.1:5432; the test creates its own database and drops it afterwards.
"""

import os
import re
import secrets
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
import redis
import requests
from rq import Queue
from rq.registry import ScheduledJobRegistry
from sqlalchemy.engine import make_url

from cocreate import create_app
from cocreate.accounts.models import Role
from cocreate.accounts.services import create_user, set_role
from cocreate.challenges.services import advance_phase, create_challenge, principles_by_numbers
from cocreate.extensions import db
from cocreate.ideas.services import submit_idea
from cocreate.metrics.snapshots import refresh_snapshot
from cocreate.municipalities.services import add_district, create_municipality
from tests.conftest import make_config
from tests.factories import PASSWORD
from tests.security.apps import build_app, dispose
from tests.security.processes import PrivateRedis, free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')
VALUE = re.compile(r'value="([^"]+)"')


@pytest.fixture(scope="module")
def pg_url():
    """A new, empty PostgreSQL database on the suite's server (dropped at the end)."""
    given = os.environ.get("DATABASE_URL", "")
    server = make_url(given if given.startswith("postgresql") else DEFAULT_SERVER)
    name = f"cocreate_deploy_{secrets.token_hex(4)}"
    admin = server.set(drivername="postgresql", database="postgres")
    libpq = admin.render_as_string(hide_password=False)
    with psycopg.connect(libpq, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(libpq, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def seeded(pg_url):
    """Tables from the models, and one open challenge with one idea, a citizen and an admin."""
    app = build_app(pg_url)
    with app.app_context():
        municipality = create_municipality(
            name="Delby kommune", slug="delby", number="9321", kind="kommune", population=5000
        )
        add_district(municipality, "Sentrum", 1000)
        citizen = create_user("innbygger@delby.no", "Ine Innbygger", PASSWORD, verified=True)
        author = create_user("forfatter@delby.no", "Frida Forfatter", PASSWORD, verified=True)
        admin = create_user("admin@delby.no", "Ada Admin", PASSWORD, verified=True)
        set_role(admin, municipality, Role.admin, actor=None)
        challenge = create_challenge(
            municipality,
            title="Hvordan får vi flere til å sykle?",
            description="Fortell oss hva som hindrer deg.",
            principles=principles_by_numbers([1]),
            actor=None,
        )
        advance_phase(challenge, actor=None)  # draft -> open
        idea = submit_idea(
            challenge, title="Sykkelparkering ved skolen", body="Tak over.", author=author
        )
        db.session.commit()
        ids = {"idea": idea.id, "citizen": citizen.id, "municipality": municipality.id}
    dispose(app)
    return pg_url, ids


def _gunicorn(database_url: str, redis_url: str, secret_key: str, port: int, log: Path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "RATELIMIT_STORAGE_URI", "SECRET_KEY"}
    }
    env.update(
        COCREATE_ENV="production",
        SECRET_KEY=secret_key,
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        WEB_CONCURRENCY="1",
        LOG_LEVEL="WARNING",
    )
    command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")]
    command += ["--bind", f"127.0.0.1:{port}", "wsgi:app"]
    with open(log, "wb") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


@pytest.fixture(scope="module")
def two_processes(seeded, tmp_path_factory):
    """(base URL of A, base URL of B, Redis client, ids) with both processes answering; started
    once for the module, which takes a few seconds."""
    database_url, ids = seeded
    tmp_path = tmp_path_factory.mktemp("two-processes")
    cache = PrivateRedis(tmp_path)
    cache.start()
    secret_key = secrets.token_hex(32)  # shared, as on every host of one deployment
    ports = [free_port(), free_port()]
    processes = [
        _gunicorn(database_url, cache.url, secret_key, port, tmp_path / f"app{i}.log")
        for i, port in enumerate(ports)
    ]
    try:
        for port, process in zip(ports, processes, strict=True):
            try:
                wait_for_port(port, timeout=60)
            except TimeoutError:
                process.terminate()
                pytest.fail(f"gunicorn did not start: {process.poll()}")
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base in bases:
            assert requests.get(f"{base}/healthz", timeout=30).json()["database"] == "ok"
        yield bases[0], bases[1], redis.Redis.from_url(cache.url), ids
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        cache.stop()


class Visitor:
    """A browser against any of the processes: the session cookie is sent explicitly, because
    in production it is Secure and this talks plain HTTP to 127.0.0.1."""

    def __init__(self) -> None:
        self.cookie = ""

    def _remember(self, response: requests.Response) -> None:
        if "session" in response.cookies:
            self.cookie = response.cookies["session"]

    def get(self, base: str, path: str) -> requests.Response:
        response = requests.get(
            base + path, cookies={"session": self.cookie}, allow_redirects=False, timeout=60
        )
        self._remember(response)
        return response

    def post(self, base: str, path: str, data: dict, token_from: str) -> requests.Response:
        page = self.get(base, token_from)
        token = VALUE.search(CSRF.search(page.text).group(0)).group(1)
        response = requests.post(
            base + path,
            data={**data, "csrf_token": token},
            cookies={"session": self.cookie},
            allow_redirects=False,
            timeout=60,
        )
        self._remember(response)
        return response


def test_a_write_through_one_process_is_read_through_the_other(two_processes):
    a, b, _, ids = two_processes
    idea_page = f"/k/delby/innspill/{ids['idea']}"
    citizen = Visitor()

    # Logged in by A; B accepts the signed session (no session state on the app hosts).
    response = citizen.post(
        a, "/logg-inn", {"email": "innbygger@delby.no", "password": PASSWORD}, "/logg-inn"
    )
    assert response.status_code == 302
    assert "Logg ut" in citizen.get(b, idea_page).text

    # Support through B, read through A (page and API).
    response = citizen.post(b, f"{idea_page}/stott", {}, idea_page)
    assert response.status_code == 303
    assert requests.get(f"{a}/api/v1/ideas/{ids['idea']}", timeout=30).json()["supports"] == 1
    assert "Trekk støtten" in citizen.get(a, idea_page).text

    # Comment through A, read through B by an anonymous visitor.
    comment = "Tak over sykkelstativet hadde hjulpet mye."
    response = citizen.post(a, f"{idea_page}/kommentarer", {"body": comment}, idea_page)
    assert response.status_code == 303
    assert comment in requests.get(b + idea_page, timeout=30).text


def test_the_metrics_refresh_is_asked_once_and_both_read_the_snapshot(two_processes, seeded):
    a, b, cache, ids = two_processes
    admin = Visitor()
    response = admin.post(
        a, "/logg-inn", {"email": "admin@delby.no", "password": PASSWORD}, "/logg-inn"
    )
    assert response.status_code == 302
    # No snapshot yet: each process computes the figures it shows and asks for the refresh
    # through the shared Redis, where the second finds the first one's job.
    assert admin.get(a, "/k/delby/effekt").status_code == 200
    assert admin.get(b, "/k/delby/effekt").status_code == 200
    queue = Queue("samskap-metrics", connection=cache)
    waiting = ScheduledJobRegistry(queue=queue).get_job_ids() + queue.get_job_ids()
    assert waiting == [f"samskap-metrics-{ids['municipality']}-none"]
    # What the worker stores, marked with its time; both processes show it instead of computing.
    app = create_app(make_config(seeded[0]))  # the same database, as the worker has it
    with app.app_context():
        refresh_snapshot(ids["municipality"], now=datetime(2001, 2, 3, 4, 5, 6, tzinfo=UTC))
        db.session.commit()
    dispose(app)
    for base in (a, b):
        assert "Tall per 3. februar 2001 kl. 05:05." in admin.get(base, "/k/delby/effekt").text


def test_rate_limits_count_across_both_processes(two_processes):
    a, b, cache, _ = two_processes
    for key in cache.scan_iter(match="LIMITS*"):  # earlier tests' log-ins count too
        cache.delete(key)
    login = {"email": "innbygger@delby.no", "password": "feil-passord-helt-sikkert"}
    visitor = Visitor()
    statuses = [
        visitor.post(base, "/logg-inn", login, "/logg-inn").status_code
        for base in [a, b] * 5  # ten attempts, five through each: the limit is 10 a minute
    ]
    assert statuses == [200] * 10
    # The eleventh is refused whichever process gets it: the count lives in Redis.
    assert visitor.post(a, "/logg-inn", login, "/logg-inn").status_code == 429
    assert visitor.post(b, "/logg-inn", login, "/logg-inn").status_code == 429
