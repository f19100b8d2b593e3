"""Workshop fixtures: a workshop factory, participant clients, and an app with rate limits on."""

from datetime import UTC, datetime, timedelta

import pytest

from cocreate import create_app
from cocreate.extensions import db, limiter
from cocreate.workshops.models import Workshop, WorkshopFormat, WorkshopStatus
from cocreate.workshops.services import create_workshop, set_status
from tests.conftest import make_config
from tests.factories import PASSWORD
from tests.isolation import share_transaction

START = datetime(2031, 5, 6, 16, 0, tzinfo=UTC)


@pytest.fixture
def create_workshop_f(app_ctx):
    """create(challenge, status=live, **fields) -> Workshop, made through the services."""

    def _create(challenge, *, status=WorkshopStatus.live, actor=None, **fields) -> Workshop:
        values = {
            "title": "Verksted om sentrum",
            "format": WorkshopFormat.hybrid,
            "starts_at": START,
            "ends_at": START + timedelta(hours=2),
            "place": "Rådhuset, sal 2",
            "link": "https://meet.example.no/sentrum",
            "dots_per_person": 3,
        }
        values.update(fields)
        workshop = create_workshop(challenge, actor=actor, **values)
        if status is not WorkshopStatus.planned:
            set_status(workshop, status, actor=actor)
        db.session.commit()
        return workshop

    return _create


@pytest.fixture
def heimby_challenge(world, create_challenge_f):
    return create_challenge_f(world.municipality)


@pytest.fixture
def new_client(app):
    """new_client(email=None): a separate browser with its own cookies, logged in if asked."""

    def _new(email: str | None = None):
        browser = app.test_client()
        if email:
            response = browser.post("/logg-inn", data={"email": email, "password": PASSWORD})
            assert response.status_code == 302
        return browser

    return _new


@pytest.fixture
def limited_app(app):
    """A second app on the same database with rate limits switched on (the suite has them off)."""
    config = make_config(app.config["SQLALCHEMY_DATABASE_URI"], RATELIMIT_ENABLED=True)
    config.RATELIMIT_STORAGE_URI = "memory://"
    limited = create_app(config)
    limiter.reset()
    with share_transaction(limited, app):
        yield limited
    limiter.reset()
    limiter.enabled = False  # the limiter is one object shared by every app in the process
    with limited.app_context():
        db.engine.dispose()
