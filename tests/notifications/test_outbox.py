"""The outbox delivers through a real SMTP server (aiosmtpd): retries with backoff, each message
exactly once, also with parallel senders and when the server was down during the move."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cocreate.database import utcnow
from cocreate.extensions import db
from cocreate.ideas.stages import Stage
from cocreate.notifications.models import OutboxMessage
from cocreate.notifications.outbox import backoff, send_pending
from cocreate.notifications.services import notify
from cocreate.pipeline.services import move_idea
from tests.smtp import SMTPServer, part

ANSWER = "Vi har vurdert forslaget og tar det med i planen for neste år."


@pytest.fixture
def smtp(app):
    """A real SMTP server and the app configured to send through it."""
    server = SMTPServer().start()
    old = dict(app.config)
    app.config.update(
        MAIL_BACKEND="smtp",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=server.port,
        MAIL_TIMEOUT=3,
        OUTBOX_BACKOFF_SECONDS=60,
    )
    yield server
    server.stop()
    app.config.clear()
    app.config.update(old)


@pytest.fixture
def moved(world, create_challenge_f, create_idea_f, create_user_f):
    """Move an idea with an author and a follower: two e-mails in the outbox."""
    from cocreate.ideas.services import follow_idea

    def _move():
        challenge = create_challenge_f(world.municipality)
        idea = create_idea_f(challenge, world.author)
        follow_idea(idea, create_user_f("folger@example.no"))
        move_idea(idea, Stage.assessed, answer=ANSWER, actor=world.facilitator)
        db.session.commit()
        return idea

    return _move


def _rows():
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_cli_send_delivers_through_smtp(smtp, moved, runner):
    idea = moved()
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert "sent 2" in result.output
    assert sorted(m["To"] for m in smtp.messages) == ["folger@example.no", "forfatter@example.no"]
    message = smtp.messages[0]
    assert message["List-Unsubscribe"].startswith("<http://127.0.0.1:5000/varsler/avmeld/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    body = part(message, "text/plain")
    assert ANSWER in body
    assert f"/k/heimby/innspill/{idea.id}" in body
    assert "Slutt å få slike e-poster" in body
    assert all(row.sent_at is not None and row.attempts == 1 for row in _rows())
    # Nothing is left: a second run sends nothing.
    assert "sent 0" in runner.invoke(args=["outbox", "send"]).output
    assert len(smtp.messages) == 2


def test_a_move_made_while_smtp_is_down_is_delivered_once_it_is_back(smtp, moved):
    smtp.stop()  # the mail server is down when the facilitator answers
    moved()
    first = send_pending()
    assert (first.sent, first.failed) == (0, 2)
    rows = _rows()
    assert all(r.attempts == 1 and r.sent_at is None and r.last_error for r in rows)
    assert all(r.next_attempt_at > utcnow() + timedelta(seconds=50) for r in rows)
    # Backoff: an immediate second run does not hammer the server.
    assert send_pending().failed == 0
    smtp.start()  # the server is back, on the same port
    later = utcnow() + timedelta(minutes=2)
    assert send_pending(now=later).sent == 2
    assert send_pending(now=later).sent == 0  # run the sender twice after: exactly once
    assert send_pending(now=later + timedelta(hours=1)).sent == 0
    assert len(smtp.messages) == 2
    assert all(r.sent_at is not None and r.attempts == 2 for r in _rows())


def test_retry_now_flag_after_an_outage(smtp, moved, runner):
    smtp.stop()
    moved()
    assert "failed 2" in runner.invoke(args=["outbox", "send"]).output
    smtp.start()
    assert "sent 0" in runner.invoke(args=["outbox", "send"]).output  # still backing off
    assert "sent 2" in runner.invoke(args=["outbox", "send", "--retry-now"]).output
    assert "sent 0" in runner.invoke(args=["outbox", "send", "--retry-now"]).output
    assert len(smtp.messages) == 2
    assert "waiting 0, sent 2" in runner.invoke(args=["outbox", "status"]).output


def test_backoff_doubles_and_gives_up_after_max_attempts(app, smtp, create_user_f):
    smtp.stop()
    app.config.update(OUTBOX_MAX_ATTEMPTS=4, OUTBOX_BACKOFF_SECONDS=60)
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    notify(create_user_f(), kind="survey", subject="s", text="t", link="/")
    db.session.commit()
    now = utcnow()
    waits = []
    for _ in range(4):
        result = send_pending(now=now)
        assert result.failed == 1
        [row] = _rows()
        if row.failed_at is None:
            waits.append(round((row.next_attempt_at - now).total_seconds()))
            now = row.next_attempt_at
    assert waits == [60, 120, 240]
    assert result.given_up == 1
    assert row.attempts == 4 and row.failed_at is not None
    assert send_pending(now=now + timedelta(days=1)).failed == 0  # given up: never tried again


@pytest.mark.real_commits  # other threads or another app on the same database
def test_parallel_senders_never_send_a_message_twice(app, smtp, create_user_f):
    users = [create_user_f(f"p{i}@example.no") for i in range(24)]
    for user in users:
        notify(user, kind="survey", subject="Ble du hørt?", text="t", link="/")
    db.session.commit()
    errors = []

    def sender():
        try:
            with app.app_context():
                send_pending()
                db.session.remove()
        except Exception as error:  # pragma: no cover - shown by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=sender) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    addresses = [m["To"] for m in smtp.messages]
    assert sorted(addresses) == sorted(u.email for u in users)  # each exactly once
    assert (
        db.session.scalar(
            select(func.count(OutboxMessage.id)).where(OutboxMessage.sent_at.is_(None))
        )
        == 0
    )
