"""The senders' e-mails about an assessment leave through a real SMTP server (aiosmtpd) via the
outbox: the signed-in author's and the registered letter's, and again for a correction."""

import pytest

from cocreate.hearings.models import Assessment
from tests.smtp import SMTPServer, part, subject

from . import test_assess_scene as _scene
from .test_assess_scene import LETTER_EMAIL, login

scene = _scene.scene  # the fixture

REASON = "Parken beholdes som den er i planforslaget."


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


def _post(client, scene, statement, assessment: Assessment, reason: str = REASON):
    prefix = f"s{statement.id}-"
    response = client.post(
        f"/k/heimby/horinger/{scene.hearing.id}/merknader/{statement.id}",
        data={
            prefix + "summary": "Vil beholde parken.",
            prefix + "assessment": assessment.value,
            prefix + "reason": reason,
        },
    )
    assert response.status_code == 303


def test_author_and_letter_sender_get_the_assessment_by_mail(smtp, client, runner, scene):
    login(client, scene.world.facilitator)
    _post(client, scene, scene.web, Assessment.not_adopted)
    _post(client, scene, scene.letter, Assessment.adopted)
    assert smtp.messages == []  # nothing leaves before the sender runs
    assert "sent 2" in runner.invoke(args=["outbox", "send"]).output
    by_address = {m["To"]: m for m in smtp.messages}
    assert set(by_address) == {scene.resident.email, LETTER_EMAIL}
    author_mail = by_address[scene.resident.email]
    assert scene.hearing.title in subject(author_mail)
    assert "Ikke tatt til følge" in part(author_mail) and REASON in part(author_mail)
    letter_mail = by_address[LETTER_EMAIL]
    assert "Tatt til følge" in part(letter_mail)
    assert f"/k/heimby/horinger/{scene.hearing.id}" in part(letter_mail)


def test_a_correction_mails_the_sender_again(smtp, client, runner, scene):
    login(client, scene.world.facilitator)
    _post(client, scene, scene.letter, Assessment.not_adopted)
    _post(client, scene, scene.letter, Assessment.partly, reason="En del av parken utvides.")
    assert "sent 2" in runner.invoke(args=["outbox", "send"]).output
    subjects = [subject(m) for m in smtp.messages]
    assert len(subjects) == 2
    assert any(s.startswith("Rettet vurdering") for s in subjects)
    assert "Delvis tatt til følge" in part(smtp.messages[-1])
