"""The hearing letters leave through a real SMTP server (aiosmtpd) via the outbox: one to each
consultee when staff send the hearing out, with a link to the hearing page, and none again."""

import pytest

from tests.hearings.conftest import login
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


def test_each_consultee_gets_the_letter_once(smtp, client, runner, hearings):
    h = hearings
    runner.invoke(args=["outbox", "send"])  # the fixture's opened hearing's letter
    smtp.messages.clear()
    login(client, h.world.admin)
    client.post(
        f"/k/heimby/horinger/{h.draft.id}/instanser",
        data={"consultee_ids": [str(h.council.id), str(h.organisation.id)]},
    )
    assert client.post(f"/k/heimby/horinger/{h.draft.id}/send-ut").status_code == 303
    assert smtp.messages == []  # nothing leaves before the sender runs
    assert "sent 2" in runner.invoke(args=["outbox", "send"]).output
    by_address = {message["To"]: message for message in smtp.messages}
    assert set(by_address) == {"eldreradet@heimby.no", "post@naturvern-heimby.no"}
    for message in by_address.values():
        assert subject(message) == "Høring: Reguleringsplan for sentrum – Heimby kommune"
        text = part(message)
        assert f"/k/heimby/horinger/{h.draft.id}" in text
        assert "Frist for uttalelse" in text
    assert "Til Eldrerådet" in part(by_address["eldreradet@heimby.no"])
    # Sending out again is refused and sends nothing.
    client.post(f"/k/heimby/horinger/{h.draft.id}/send-ut")
    runner.invoke(args=["outbox", "send"])
    assert len(smtp.messages) == 2
