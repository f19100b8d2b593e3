"""Background delivery with RQ when REDIS_URL is set (worker.py tells the whole story).

After a commit that wrote outbox rows (services.notify_many queues wake_worker), a job is put on
the queue; the worker (`flask --app cocreate worker`) runs send_outbox_job(), which sends what is
due and schedules itself again for the next retry. Without Redis, wake_worker wakes the sender
thread of this process instead.
"""

import logging
from datetime import timedelta

from flask import current_app, has_app_context

from ..database import utcnow
from ..extensions import db
from .thread import wake_sender

log = logging.getLogger("cocreate.outbox")

DEFAULT_QUEUE = "samskap-outbox"
RETRY_JOB_ID = "samskap-outbox-retry"


def queue_name() -> str:
    return current_app.config.get("OUTBOX_QUEUE") or DEFAULT_QUEUE


def get_queue():  # -> rq.Queue (rq is imported only when Redis is configured)
    from redis import Redis
    from rq import Queue

    return Queue(queue_name(), connection=Redis.from_url(current_app.config["REDIS_URL"]))


def send_outbox_job() -> int:
    """RQ job: send what is due; schedule a run for the next retry. Returns messages sent."""
    if has_app_context():
        return _run_job()
    from .. import create_app

    with create_app().app_context():
        return _run_job()


def _run_job() -> int:
    from .outbox import next_due_at, send_pending

    result = send_pending()
    due = next_due_at()
    db.session.remove()
    if due is not None and current_app.config.get("REDIS_URL"):
        when = due if due.tzinfo else due.replace(tzinfo=utcnow().tzinfo)
        # One fixed id: however many jobs ran, a single retry run waits in the schedule.
        get_queue().enqueue_at(
            max(when, utcnow() + timedelta(seconds=1)), send_outbox_job, job_id=RETRY_JOB_ID
        )
    return result.sent


def wake_worker() -> None:
    """After a commit that wrote outbox rows: put a send job on the queue (with Redis), or wake
    this process's sender thread (worker.py). Without either, the next sweep delivers them."""
    if not has_app_context():
        return
    if not current_app.config.get("REDIS_URL"):
        wake_sender()
        return
    try:
        get_queue().enqueue(send_outbox_job)
    except Exception as error:  # Redis down: `outbox send` (cron) still delivers the rows
        log.warning("could not enqueue outbox job: %s", error)
