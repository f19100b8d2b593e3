"""The assignee's e-mail leaves through a real SMTP server (aiosmtpd) via the outbox."""

import pytest

from tests.cases.conftest import login
from tests.smtp import SMTPServer, part, subject


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


def test_the_assignee_gets_one_mail_for_a_bulk_assignment(smtp, client, runner, cases):
    login(client, cases.world.admin)
    response = client.post(
        "/k/heimby/tildel",
        data={
            "idea_ids": [str(cases.idea.id), str(cases.other_idea.id)],
            "department_id": str(cases.transport.id),
            "assignee_id": str(cases.officer.id),
        },
    )
    assert response.status_code == 303
    assert smtp.messages == []  # nothing leaves before the sender runs
    assert "sent 1" in runner.invoke(args=["outbox", "send"]).output
    (message,) = smtp.messages
    assert message["To"] == "saksbehandler@heimby.no"
    assert subject(message) == "Du har fått 2 innspill til behandling"
    text = part(message)
    assert "Ny busslomme ved skolen" in text and "Lengre friminutt" in text
    assert f"/k/heimby/innspill/{cases.idea.id}/sak" in text
