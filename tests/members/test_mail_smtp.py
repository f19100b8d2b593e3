"""The invitation leaves through a real SMTP server (aiosmtpd) via the outbox, and the link in
the delivered message, followed as it stands, creates the account with the role."""

import re
from email.header import decode_header, make_header

import pytest

from cocreate.accounts.permissions import is_staff
from cocreate.accounts.services import find_user_by_email
from tests.members.conftest import login
from tests.smtp import SMTPServer

NEW = "ny.fasilitator@heimby.kommune.no"
NEW_PASSWORD = "lang-og-trygg-frase-42"


@pytest.fixture
def smtp(app):
    server = SMTPServer().start()
    old = dict(app.config)
    app.config.update(
        MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TIMEOUT=3
    )
    yield server
    server.stop()
    app.config.clear()
    app.config.update(old)


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _body(message) -> str:
    return message.get_payload(decode=True).decode()


def test_invitation_acceptance_and_removal_mails_arrive_through_smtp(smtp, client, runner, world):
    login(client, world.admin)
    response = client.post(
        "/k/heimby/medlemmer/inviter", data={"email": NEW, "role": "facilitator"}
    )
    assert response.status_code == 303
    assert smtp.messages == []  # nothing leaves before the sender runs
    assert "sent 1" in runner.invoke(args=["outbox", "send"]).output
    (invitation,) = smtp.messages
    assert invitation["To"] == NEW
    assert _subject(invitation) == "Invitasjon: bli fasilitator for Heimby kommune i Samskap"
    link = re.search(r"http://127\.0\.0\.1:5000(/k/heimby/invitasjon/\S+)", _body(invitation))
    assert link, _body(invitation)

    visitor = client.application.test_client()
    response = visitor.post(
        link.group(1),
        data={"display_name": "Nora Ny", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 303
    user = find_user_by_email(NEW)
    assert is_staff(user, world.municipality)
    assert "sent 1" in runner.invoke(args=["outbox", "send"]).output
    welcome = smtp.messages[-1]
    assert welcome["To"] == NEW and "Du er nå fasilitator" in _subject(welcome)
    assert "Hei Nora Ny," in _body(welcome)

    response = client.post(f"/k/heimby/medlemmer/{user.id}/fjern")
    assert response.status_code == 303
    assert "sent 1" in runner.invoke(args=["outbox", "send"]).output
    removed = smtp.messages[-1]
    assert removed["To"] == NEW and "ikke lenger en rolle" in _subject(removed)
    assert "Test Testesen har tatt bort rollen din som fasilitator" in _body(removed)
    assert [m["To"] for m in smtp.messages] == [NEW] * 3
