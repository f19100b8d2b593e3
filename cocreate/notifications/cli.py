"""`flask --app cocreate worker` and `outbox send|worker|status`: deliver the e-mail outbox."""

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from ..database import commit
from ..extensions import db
from ..workers import simple_worker
from .models import OutboxMessage
from .outbox import retry_now, send_pending
from .thread import start_thread
from .worker import sweep


@click.group("outbox", help="Send e-mail waiting in the outbox.")
def outbox_cli() -> None:
    pass


@outbox_cli.command("send")
@click.option("--limit", default=500, show_default=True, help="Most messages to send this run.")
@click.option(
    "--retry-now",
    "retry_waiting",
    is_flag=True,
    help="Try messages waiting for a retry now (after a mail outage).",
)
@with_appcontext
def send_command(limit: int, retry_waiting: bool) -> None:
    """Send due messages once (the web processes or `flask worker` normally do it)."""
    if retry_waiting:
        retry_now()
        commit()
    result = send_pending(limit=limit)
    click.echo(f"sent {result.sent}, failed {result.failed}, given up {result.given_up}")


@outbox_cli.command("status")
@with_appcontext
def status_command() -> None:
    """How many messages are waiting, sent and given up."""
    waiting = db.session.scalar(
        select(func.count(OutboxMessage.id)).where(
            OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None)
        )
    )
    sent = db.session.scalar(
        select(func.count(OutboxMessage.id)).where(OutboxMessage.sent_at.is_not(None))
    )
    failed = db.session.scalar(
        select(func.count(OutboxMessage.id)).where(OutboxMessage.failed_at.is_not(None))
    )
    click.echo(f"waiting {waiting}, sent {sent}, given up {failed}")


@outbox_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty (for tests and cron).")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run an RQ worker for the outbox queue (needs REDIS_URL)."""
    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL is not set; use `flask --app cocreate outbox send`.")
    from .jobs import get_queue, send_outbox_job

    queue = get_queue()
    queue.enqueue(send_outbox_job)  # pick up whatever was written while no worker ran
    simple_worker([queue], burst=burst).work(burst=burst, with_scheduler=True)


@click.command("worker")
@click.option(
    "--once", is_flag=True, help="One sweep (and, with Redis, an empty queue), then stop."
)
@with_appcontext
def worker_main(once: bool) -> None:
    """Send the e-mail outbox: an RQ worker with a sweep thread (REDIS_URL set), else the sweep."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    interval = app.config.get("OUTBOX_SWEEP_SECONDS")
    if once:
        result = sweep()
        commit()
        click.echo(
            f"digests {result.digests.mailed}, sent {result.sent.sent}, "
            f"failed {result.sent.failed}, given up {result.sent.given_up}"
        )
    if not app.config.get("REDIS_URL"):
        if once:
            return
        click.echo(f"Sending the outbox; a sweep every {interval} s (Ctrl+C stops).")
        start_thread(app, lambda: sweep()).thread.join()
        return
    from .jobs import get_queue, send_outbox_job

    queue = get_queue()
    queue.enqueue(send_outbox_job)  # pick up whatever was written while no worker ran
    if not once:
        # Retries and digests come from the sweep; the queue brings each commit's mail at once.
        start_thread(app, lambda: sweep())
    simple_worker([queue], burst=once).work(burst=once, with_scheduler=True)
