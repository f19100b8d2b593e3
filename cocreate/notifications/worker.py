"""Who sends the outbox, so mail leaves without anyone running a command.

- With REDIS_URL: each commit that wrote outbox rows enqueues an RQ job (jobs.py), and
  `flask --app cocreate worker` runs an RQ worker plus the periodic sweep below.
- Without Redis (`make run`, a small installation): one sender thread per process, started by
  the first request the process serves and woken after each commit that wrote outbox rows. It
  also sweeps every OUTBOX_SWEEP_SECONDS. Each gunicorn worker has its own thread (a process
  made by fork starts a new one); the Flask reloader's watching parent serves no request, so it
  starts none. Tests start it only when they set OUTBOX_THREAD.

The database outbox is the safety net: a row written while no sender ran (the CLI, a crash,
Redis down) is sent by the next sweep. Claiming is atomic (outbox.py), so any number of senders
in any number of processes send each message at most once.

The sweep sends every due message (retries whose backoff has passed included) and writes the
daily digests once their hour has come (digest.py).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app

from .digest import DigestResult, send_digests
from .outbox import SendResult, send_pending
from .thread import Sender, running_sender, start_thread

log = logging.getLogger("cocreate.outbox")


@dataclass
class SweepResult:
    sent: SendResult
    digests: DigestResult


# Steps of features above this one that the sweep runs too (each commits its own work), such as
# the daily case reminders (cases/reminders.py); registered when their feature is imported.
_STEPS: list[Callable[[datetime | None], object]] = []


def register_step(step: Callable[[datetime | None], object]) -> None:
    if step not in _STEPS:
        _STEPS.append(step)


def sweep(now: datetime | None = None) -> SweepResult:
    """Write the digests and the other registered steps that are due, then send every due
    message; `now` moves the clock."""
    digests = send_digests(now)
    for step in _STEPS:
        try:
            step(now)
        except Exception:  # one feature's failed step must not stop the mail
            log.exception("sweep step %s failed", getattr(step, "__name__", step))
    return SweepResult(sent=send_pending(now=now), digests=digests)


def sender_wanted(app: Flask) -> bool:
    return bool(app.config.get("OUTBOX_THREAD")) and not app.config.get("REDIS_URL")


def start_sender(app: Flask) -> Sender:
    """This process's sweeping sender for `app`, started if it is not running (idempotent)."""
    return start_thread(app, lambda: sweep())


def start_for_requests() -> None:
    """Before each request: make sure this process has its sender (when configured)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if sender_wanted(app) and running_sender(app) is None:
        start_sender(app)
