"""Fixtures in the flaskr shape (app, client, runner) plus factories that go through services.

The database is real: a temporary SQLite file, or PostgreSQL when DATABASE_URL says so. Tables are
created once per session from the models (a separate test proves the migrations give the same
schema). Each test runs in one outer transaction that is rolled back at its end
(tests/isolation.py); the app's commits inside it release savepoints. Tests that need real
commits (threads, live servers, other processes or apps on the same database) are marked
`real_commits`: their tables are emptied afterwards instead.
"""

import os
import tempfile
from pathlib import Path

import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import delete, insert, text

from cocreate import create_app, fragments, generation_cache
from cocreate.config import TestConfig
from cocreate.extensions import db
from cocreate.models import create_all, drop_all
from cocreate.reference.data import GOALS, PRINCIPLES, TARGET_IMAGES
from cocreate.reference.models import Goal, Principle, TargetImage
from tests import factories, pages_net
from tests.isolation import outer_transaction

REFERENCE_TABLES = {"principles", "target_images", "goals"}
pages_net.install()
STRICT = os.environ.get("REQUIRE_POSTGRES") == "1" or os.environ.get("REQUIRE_BROWSER") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (REQUIRE_POSTGRES/REQUIRE_BROWSER) a skipped test is a failed test."""
    outcome = yield
    report = outcome.get_result()
    if STRICT and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped, which is not allowed here: {report.longrepr}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    """What the fixtures built (factories only flush) is committed before the test body runs, as
    data made by earlier requests would be; in a rolled-back test that releases a savepoint."""
    if has_app_context() and db.session.registry.has():
        db.session.commit()
    yield


def database_url(tmp_dir: Path) -> str:
    """The run's database: DATABASE_URL, or a SQLite file of the run. Under pytest-xdist each
    worker has its own: a SQLite file in its own folder, or `<database>_<worker>` on the same
    PostgreSQL server (made on first use, dropped at the end of the worker's run)."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_dir / 'test.sqlite'}"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker and url.startswith("postgresql"):
        return _worker_database(url, worker)
    return url


def _worker_database(url: str, worker: str) -> str:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).first()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    _WORKER_DATABASES.add((base.render_as_string(hide_password=False), name))
    return base.set(database=name).render_as_string(hide_password=False)


_WORKER_DATABASES: set[tuple[str, str]] = set()


def pytest_sessionfinish(session, exitstatus):
    """Drop the worker's own PostgreSQL database (see database_url)."""
    from sqlalchemy import create_engine

    for url, name in _WORKER_DATABASES:
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        finally:
            admin.dispose()
    _WORKER_DATABASES.clear()


def make_config(url: str, **overrides) -> TestConfig:
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = url
    for key, value in overrides.items():
        setattr(config, key, value)
    return config


@pytest.fixture(scope="session")
def _db_dir():
    with tempfile.TemporaryDirectory(prefix="cocreate-test-") as tmp:
        yield Path(tmp)


@pytest.fixture(scope="session")
def private_redis(tmp_path_factory):
    """One throw-away redis-server for the run (tests/performance/redis_config.py)."""
    from tests.security.processes import PrivateRedis

    server = PrivateRedis(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def app(_db_dir):
    app = create_app(make_config(database_url(_db_dir)))
    app.test_client_class = CommittingClient
    # Tests hold an app context open, which Flask reuses for each test request; in production every
    # request has a fresh one. Start each request with an empty `g`, as it would be there.
    app.before_request_funcs.setdefault(None, []).insert(0, lambda: g.__dict__.clear())
    with app.app_context():
        drop_all()
        create_all()
        db.session.execute(insert(Principle), PRINCIPLES)
        db.session.execute(insert(TargetImage), TARGET_IMAGES)
        db.session.execute(insert(Goal), GOALS)
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        drop_all()
        db.engine.dispose()


class CommittingClient(FlaskClient):
    """A test client that commits what the test built before each request, as earlier requests
    would have: factories only flush, and a route that rolls back must not undo the test's data.
    Inside a test's outer transaction the commit only releases a savepoint."""

    def open(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if has_app_context() and db.session.registry.has():
            db.session.commit()
        return super().open(*args, **kwargs)


@pytest.fixture(autouse=True)
def _isolated(request):
    """Roll back after each test; or, for `real_commits` tests, empty the tables after it."""
    # Rolled-back worlds repeat page generation numbers: no value may outlive its test.
    generation_cache.clear()
    fragments.clear()
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    if request.node.get_closest_marker("real_commits") is None:
        with outer_transaction(app):
            yield
        _clear_mail()
        return
    factories.REAL_COMMITS = True
    try:
        yield
    finally:
        factories.REAL_COMMITS = False
    _empty_tables(app)
    _clear_mail()


@pytest.fixture(autouse=True)
def _pages_declared():
    """A committed write to rows public pages show, of a municipality no service declared
    changed, fails the test (tests/pages_net.py): the cached pages would have stayed stale."""
    pages_net.misses.clear()
    yield
    misses = list(pages_net.misses)
    pages_net.misses.clear()
    assert not misses, "pages changed without a declaration:\n" + "\n".join(misses)


def _clear_mail() -> None:
    from cocreate import mail

    mail.outbox.clear()


def _empty_tables(app) -> None:
    with app.app_context():
        db.session.remove()
        tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in REFERENCE_TABLES]
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                # Only the tables that hold rows, children first: a DELETE of a few rows costs a
                # fraction of a TRUNCATE of every table (~0.5 s a test). Every id sequence starts
                # again, as TRUNCATE ... RESTART IDENTITY would.
                held = " UNION ALL ".join(
                    f"SELECT '{t.name}' FROM (SELECT 1 FROM \"{t.name}\" LIMIT 1) AS r"
                    for t in tables
                )
                full = set(conn.execute(text(held)).scalars())
                for table in tables:
                    if table.name in full:
                        conn.execute(delete(table))
                conn.execute(
                    text(
                        "SELECT setval(s.oid, 1, false) FROM pg_class s "
                        "JOIN pg_namespace n ON n.oid = s.relnamespace "
                        "WHERE s.relkind = 'S' AND n.nspname = current_schema()"
                    )
                )
        else:
            with db.engine.begin() as conn:
                for table in tables:
                    conn.execute(delete(table))


@pytest.fixture(scope="module")
def demo_seeded(app):
    """`flask seed demo` once for a whole test module (it takes seconds): seeded in an outer
    transaction rolled back after the module; each test of the module runs in a savepoint of it
    (tests/isolation.py). Only for modules whose every test wants the demo. Gives the output."""
    with outer_transaction(app):
        with app.app_context():
            result = app.test_cli_runner().invoke(args=["seed", "demo"])
            assert result.exit_code == 0, result.output
        _clear_mail()
        yield result.output


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    """Log in and out through the real forms, as flaskr's tests do."""

    def __init__(self, client) -> None:
        self._client = client

    def login(self, email: str, password: str = "riktig-hest-batteri"):  # noqa: S107
        return self._client.post("/logg-inn", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/logg-ut")


@pytest.fixture
def auth(client):
    return AuthActions(client)


from tests.factories import *  # noqa: E402, F403 - factory fixtures
