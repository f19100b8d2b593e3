"""Structured JSON logs: security events appear as one JSON object per line, with the request."""

import json

import pytest
from sqlalchemy import select

from cocreate.accounts.models import Role
from cocreate.accounts.services import create_user, set_role
from cocreate.audit.models import AuditEvent
from cocreate.extensions import db
from cocreate.municipalities.services import create_municipality
from cocreate.security.logs import log_format
from tests.factories import PASSWORD
from tests.security.apps import build_app, dispose, sqlite_url


def json_lines(text: str) -> list[dict]:
    lines = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines


@pytest.fixture
def json_app(tmp_path):
    app = build_app(sqlite_url(tmp_path), LOG_FORMAT="json")
    with app.app_context():
        user = create_user("logg@example.no", "Logg", PASSWORD, verified=True)
        municipality = create_municipality(
            name="Loggby", slug="loggby", number="9901", kind="kommune"
        )
        db.session.commit()
        app.config["_ids"] = (user.id, municipality.id)
    yield app
    dispose(app)


def test_failed_login_is_a_json_line_and_an_audit_row(json_app, capsys):
    client = json_app.test_client()
    client.post(
        "/logg-inn",
        data={"email": "logg@example.no", "password": "feil"},
        headers={"X-Request-ID": "test-request-0001"},
    )
    lines = json_lines(capsys.readouterr().err)
    failed = [line for line in lines if line.get("event") == "auth.login_failed"]
    assert len(failed) == 1, lines
    line = failed[0]
    assert line["level"] == "INFO" and line["logger"] == "cocreate.audit"
    assert line["request_id"] == "test-request-0001"
    assert line["path"] == "/logg-inn" and line["method"] == "POST"
    assert "time" in line
    assert "logg@example.no" not in json.dumps(line)  # only a hash of the address
    with json_app.app_context():
        row = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "auth.login_failed"))
        assert row is not None and row.ip == "127.0.0.1"


def test_role_change_export_and_deletion_are_logged(json_app, capsys):
    user_id, municipality_id = json_app.config["_ids"]
    from cocreate.accounts.models import User
    from cocreate.municipalities.models import Municipality

    with json_app.app_context():
        user = db.session.get(User, user_id)
        set_role(user, db.session.get(Municipality, municipality_id), Role.facilitator, actor=None)
        db.session.commit()
    client = json_app.test_client()
    client.post("/logg-inn", data={"email": "logg@example.no", "password": PASSWORD})
    assert client.post("/konto/personvern/last-ned").status_code == 200
    client.post("/konto/slett", data={"password": PASSWORD, "confirm": "y"})
    events = [line.get("event") for line in json_lines(capsys.readouterr().err)]
    for expected in ("role.changed", "privacy.exported", "account.deleted"):
        assert expected in events, events
    with json_app.app_context():
        rows = set(db.session.scalars(select(AuditEvent.event)))
    assert {"role.changed", "privacy.exported", "account.deleted"} <= rows


def test_every_response_carries_a_request_id(json_app):
    response = json_app.test_client().get("/")
    assert len(response.headers["X-Request-ID"]) >= 8
    forged = json_app.test_client().get("/", headers={"X-Request-ID": "bad id <script>"})
    assert forged.headers["X-Request-ID"] != "bad id <script>"


def test_json_is_the_default_in_production_and_text_in_development():
    class Fake:
        debug = False
        testing = False

        def __init__(self, **config):
            self.config = config

    assert log_format(Fake(ENV_NAME="production")) == "json"
    assert log_format(Fake(ENV_NAME="development")) == "text"
    assert log_format(Fake(ENV_NAME="development", LOG_FORMAT="json")) == "json"


def test_moderation_act_is_a_json_line_and_an_audit_row(json_app, capsys):
    from cocreate.accounts.models import User
    from cocreate.challenges.services import (
        advance_phase,
        create_challenge,
        principles_by_numbers,
    )
    from cocreate.ideas.services import submit_idea
    from cocreate.municipalities.models import Municipality

    user_id, municipality_id = json_app.config["_ids"]
    with json_app.app_context():
        user = db.session.get(User, user_id)
        municipality = db.session.get(Municipality, municipality_id)
        set_role(user, municipality, Role.facilitator, actor=None)
        challenge = create_challenge(
            municipality,
            title="Hva trenger parken?",
            description="Si fra.",
            principles=principles_by_numbers([1]),
            actor=None,
        )
        advance_phase(challenge, actor=None)
        idea_id = submit_idea(challenge, title="Kjøp min bil", body="Reklame", author=None).id
        db.session.commit()
    client = json_app.test_client()
    client.post("/logg-inn", data={"email": "logg@example.no", "password": PASSWORD})
    response = client.post(
        f"/k/loggby/moderering/innspill/{idea_id}/skjul",
        data={"hide-reason": "spam", "hide-note": "Reklame for en bil."},
    )
    assert response.status_code in (302, 303)
    lines = [x for x in json_lines(capsys.readouterr().err) if x.get("event") == "moderation.hide"]
    assert len(lines) == 1
    assert lines[0]["actor_id"] == user_id and lines[0]["subject_id"] == idea_id
    with json_app.app_context():
        row = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "moderation.hide"))
        assert row.actor_id == user_id and row.data["reason"] == "spam"
