"""With REDIS_URL set, a commit that wrote outbox rows puts a job on a real Redis queue, and an RQ
worker delivers the mail through a real SMTP server."""

import uuid

import pytest
from redis import Redis

from cocreate.database import commit, rollback
from cocreate.extensions import db
from cocreate.notifications.jobs import get_queue
from cocreate.notifications.services import notify
from cocreate.workers import simple_worker
from tests.smtp import SMTPServer

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_smtp(app):
    server = SMTPServer().start()
    old = dict(app.config)
    app.config.update(
        MAIL_BACKEND="smtp",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=server.port,
        REDIS_URL=REDIS_URL,
        OUTBOX_QUEUE=f"samskap-outbox-test-{uuid.uuid4().hex[:8]}",
    )
    Redis.from_url(REDIS_URL).ping()  # a real Redis is part of the test set-up
    with app.app_context():
        queue = get_queue()
    yield server, queue
    queue.empty()
    queue.delete(delete_jobs=True)
    server.stop()
    app.config.clear()
    app.config.update(old)


def test_commit_enqueues_a_job_and_the_worker_sends(redis_smtp, create_user_f):
    server, queue = redis_smtp
    user = create_user_f("kari@example.no")
    assert queue.count == 0
    notify(user, kind="survey", subject="Ble du hørt?", text="Tre spørsmål.", link="/")
    assert queue.count == 0  # nothing before the commit
    commit()  # the one commit of a request, which runs what the services queued
    assert queue.count == 1
    simple_worker([queue], burst=True).work(burst=True)
    assert [m["To"] for m in server.messages] == ["kari@example.no"]


def test_rolled_back_rows_enqueue_nothing(redis_smtp, create_user_f):
    _server, queue = redis_smtp
    user = create_user_f()
    notify(user, kind="survey", subject="s", text="t", link="/")
    rollback()
    commit()
    assert queue.count == 0


def test_cli_worker_delivers_what_was_written_without_a_worker(redis_smtp, app, create_user_f):
    server, _queue = redis_smtp
    user = create_user_f("ola@example.no")
    app.config["REDIS_URL"] = ""  # written while Redis was not configured: no job exists
    notify(user, kind="survey", subject="s", text="t", link="/")
    db.session.commit()
    app.config["REDIS_URL"] = REDIS_URL
    result = app.test_cli_runner().invoke(args=["outbox", "worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert [m["To"] for m in server.messages] == ["ola@example.no"]


def test_cli_worker_needs_redis(app, runner):
    old = app.config.get("REDIS_URL")
    app.config["REDIS_URL"] = ""
    try:
        result = runner.invoke(args=["outbox", "worker", "--burst"])
    finally:
        app.config["REDIS_URL"] = old
    assert result.exit_code != 0
    assert "REDIS_URL" in result.output


def test_flask_worker_once_without_redis_sweeps_the_outbox(app, create_user_f):
    from tests.smtp import SMTPServer

    server = SMTPServer().start()
    old = dict(app.config)
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)
    app.config["REDIS_URL"] = ""
    try:
        notify(create_user_f("cli@example.no"), kind="survey", subject="s", text="t", link="/")
        db.session.commit()
        result = app.test_cli_runner().invoke(args=["worker", "--once"])
    finally:
        server.stop()
        app.config.clear()
        app.config.update(old)
    assert result.exit_code == 0, result.output
    assert "sent 1" in result.output
    assert [m["To"] for m in server.messages] == ["cli@example.no"]


def test_flask_worker_once_with_redis_runs_the_queue(redis_smtp, app, create_user_f):
    server, queue = redis_smtp
    notify(create_user_f("rq@example.no"), kind="survey", subject="s", text="t", link="/")
    commit()  # enqueues a job
    assert queue.count == 1
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert [m["To"] for m in server.messages] == ["rq@example.no"]
    assert queue.count == 0
