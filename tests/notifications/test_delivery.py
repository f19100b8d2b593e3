"""Mail that leaves by itself, once: the sender thread after each committed request, through a
real SMTP server that is down during the moves; two sender processes racing for one outbox."""

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cocreate.database import commit
from cocreate.extensions import db
from cocreate.ideas.services import follow_idea
from cocreate.ideas.stages import Stage
from cocreate.notifications.models import OutboxMessage
from cocreate.notifications.services import notify
from cocreate.notifications.thread import running_sender, stop_sender
from cocreate.pipeline.services import move_idea
from tests.smtp import SMTPServer

ROOT = Path(__file__).resolve().parents[2]
MOVES = [
    (Stage.assessed, "Vi har vurdert forslaget og tar det med i planen for neste år."),
    (Stage.decided, "Kommunestyret vedtok benkene i sak 12/26, med penger i budsjettet."),
    (Stage.piloting, "Vi prøver ut fire benker i parken gjennom sommeren."),
]


def _wait_for(condition, seconds: float = 30.0) -> bool:
    """Poll a condition that another thread makes true (the sender works on its own clock)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def _unsent() -> int:
    db.session.rollback()  # a fresh snapshot of what the other thread committed
    return db.session.scalar(
        select(func.count(OutboxMessage.id)).where(OutboxMessage.sent_at.is_(None))
    )


def test_no_sender_thread_in_tests_unless_asked(app, client, world, create_challenge_f):
    create_challenge_f(world.municipality)
    assert client.get("/").status_code == 200
    assert running_sender(app) is None


@pytest.mark.real_commits
def test_mail_leaves_by_itself_once_the_smtp_server_is_back_each_message_once(
    app, client, real_smtp, world, create_challenge_f, create_idea_f, create_user_f
):
    app.config.update(OUTBOX_THREAD=True, OUTBOX_SWEEP_SECONDS=0.2, OUTBOX_BACKOFF_SECONDS=0.2)
    app.config["OUTBOX_BACKOFF_MAX_SECONDS"] = 0.4
    try:
        challenge = create_challenge_f(world.municipality)
        idea = create_idea_f(challenge, world.author)
        follow_idea(idea, create_user_f("folger@example.no"))
        commit()
        real_smtp.stop()  # the mail server is down while the facilitator answers
        assert client.get("/").status_code == 200  # a request starts this process's sender
        sender = running_sender(app)
        assert sender is not None and sender.alive
        for stage, answer in MOVES:
            move_idea(idea, stage, answer=answer, actor=world.facilitator, reference="PS 12/26")
            commit()  # woken after the commit: tries at once, fails, backs off
        expected = 2 * len(MOVES)
        assert _wait_for(
            lambda: (
                db.session.scalar(
                    select(func.count(OutboxMessage.id)).where(OutboxMessage.attempts >= 2)
                )
                == expected
                or bool(db.session.rollback())
            )
        ), "the sender should have retried every message while the server was down"
        assert _unsent() == expected and real_smtp.messages == []
        real_smtp.start()  # back on the same port: the periodic sweep retries
        assert _wait_for(lambda: _unsent() == 0), "every message is delivered"
        sweeps = sender.sweeps
        assert _wait_for(lambda: sender.sweeps >= sweeps + 3)  # more sweeps send nothing more
        delivered = Counter((str(m["To"]), str(m["Subject"])) for m in real_smtp.messages)
        assert len(real_smtp.messages) == expected
        assert set(delivered.values()) == {1}
        assert {to for to, _subject in delivered} == {"forfatter@example.no", "folger@example.no"}
        assert len({m["Message-ID"] for m in real_smtp.messages}) == expected
    finally:
        stop_sender(app)


@pytest.mark.real_commits
def test_two_sender_processes_never_send_a_message_twice(app, create_user_f):
    server = SMTPServer(delay=0.02).start()  # slow enough for the two to overlap
    try:
        users = [create_user_f(f"race{i}@example.no") for i in range(30)]
        for user in users:
            notify(user, kind="survey", subject="Ble du hørt?", text="Tre spørsmål.", link="/")
        db.session.commit()
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        start = time.time() + 3
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        command = [sys.executable, "-m", "tests.notifications.sender_process", url]
        processes = [
            subprocess.Popen(
                [*command, str(server.port), str(start)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [process.communicate(timeout=120) for process in processes]
        assert [p.returncode for p in processes] == [0, 0], [err for _out, err in outputs]
        counts = [int(out.strip().splitlines()[-1]) for out, _err in outputs]
    finally:
        server.stop()
    addresses = Counter(m["To"] for m in server.messages)
    assert sorted(addresses) == sorted(u.email for u in users)
    assert set(addresses.values()) == {1}  # no message went out twice
    assert sum(counts) == len(users)
    assert all(count > 0 for count in counts), f"both processes sent: {counts}"
    assert _unsent() == 0
