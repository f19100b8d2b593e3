"""A result's public updates reach the people behind its inputs through a real SMTP server
(aiosmtpd) via the outbox: a result linked to four inputs, one person behind two of them, moves
to 50 % and then to done; each person gets exactly one e-mail per update."""

from collections import Counter

import pytest

from tests.results.conftest import login
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


def test_one_email_per_person_per_update(smtp, client, runner, results):
    login(client, results.world.admin)
    base = f"/k/heimby/resultater/{results.result.id}"
    ideas = [str(idea.id) for idea in results.ideas]
    assert client.post(f"{base}/innspill", data={"idea_ids": ideas}).status_code == 303
    # The author wrote two of the inputs; the supporter wrote one and supports another.
    people = {
        results.world.author.email,
        results.world.citizen.email,
        results.supporter.email,
        results.follower.email,
    }

    update = {"progress": "50", "status": "under_way", "note": "Busslommen er halvveis bygget."}
    assert client.post(f"{base}/fremdrift", data=update).status_code == 303
    assert smtp.messages == []  # nothing leaves before the sender runs
    runner.invoke(args=["outbox", "send"])
    first = list(smtp.messages)
    assert Counter(m["To"] for m in first) == dict.fromkeys(people, 1)
    mail = next(m for m in first if m["To"] == results.world.author.email)
    assert subject(mail) == "Nytt om tiltaket «Trygg skolevei i sentrum»: Under arbeid, 50 %"
    text = part(mail)
    assert "Busslommen er halvveis bygget." in text and base in text

    done = {"progress": "100", "status": "done", "note": "Alt er ferdig bygget."}
    assert client.post(f"{base}/fremdrift", data=done).status_code == 303
    runner.invoke(args=["outbox", "send"])
    second = smtp.messages[len(first) :]
    assert Counter(m["To"] for m in second) == dict.fromkeys(people, 1)
    assert all("Gjennomført, 100 %" in subject(m) for m in second)
