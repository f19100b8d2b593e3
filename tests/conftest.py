"""Fixtures in the flaskr shape (app, client, runner) plus factories that go through services.

The database is real: a temporary SQLite file, or PostgreSQL when DATABASE_URL says so. Tables are
created once per session from the models (a separate test proves the migrations give the same
schema) and emptied after each test, which also works for tests with threads and live servers.
"""

import os
import tempfile
from pathlib import Path

import pytest
from flask import g
from sqlalchemy import delete, insert, text

from cocreate import create_app
from cocreate.config import TestConfig
from cocreate.extensions import db
from cocreate.reference.data import GOALS, PRINCIPLES, TARGET_IMAGES
from cocreate.reference.models import Goal, Principle, TargetImage

REFERENCE_TABLES = {"principles", "target_images", "goals"}
STRICT = os.environ.get("REQUIRE_POSTGRES") == "1" or os.environ.get("REQUIRE_BROWSER") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (REQUIRE_POSTGRES/REQUIRE_BROWSER) a skipped test is a failed test."""
    outcome = yield
    report = outcome.get_result()
    if STRICT and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped, which is not allowed here: {report.longrepr}"


def database_url(tmp_dir: Path) -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_dir / 'test.sqlite'}"


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
def app(_db_dir):
    app = create_app(make_config(database_url(_db_dir)))
    # Tests hold an app context open, which Flask reuses for each test request; in production every
    # request has a fresh one. Start each request with an empty `g`, as it would be there.
    app.before_request_funcs.setdefault(None, []).insert(0, lambda: g.__dict__.clear())
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.session.execute(insert(Principle), PRINCIPLES)
        db.session.execute(insert(TargetImage), TARGET_IMAGES)
        db.session.execute(insert(Goal), GOALS)
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_tables(request):
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in REFERENCE_TABLES]
        if db.engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            with db.engine.begin() as conn:
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            with db.engine.begin() as conn:
                for table in tables:
                    conn.execute(delete(table))
    from cocreate import mail

    mail.outbox.clear()


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
