"""Running a function later, once: an RQ job when REDIS_URL is set, else a timer in this process.

schedule(key, when, func, *args) makes sure that one run named `key` waits for `when`. Asked
again while that run waits, it adds nothing: with Redis the key is the job's id, so this holds
across every process and host; without Redis it holds in this process (DESIGN §6: one process
then). It answers WAITING (a run waits, or was just added) or RAN (the run of that name has
started or ended, and the caller decides whether another is needed).

With Redis the jobs go to the `samskap-metrics` queue (METRICS_QUEUE), whose worker is
`flask --app cocreate metrics worker`. Without Redis a waiting timer dies with its process;
`flask --app cocreate metrics warm` from cron catches up on whatever was lost.
"""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Flask, current_app
from redis import Redis
from rq import Queue
from rq.job import JobStatus

from ..database import utcnow

log = logging.getLogger("cocreate.metrics")

DEFAULT_QUEUE = "samskap-metrics"
WAITING = "waiting"
RAN = "ran"
_JOB_WAITS = {JobStatus.SCHEDULED, JobStatus.QUEUED, JobStatus.DEFERRED}
_KEEP_ENDED_SECONDS = 3600  # how long this process remembers that a run ended


def queue_name() -> str:
    return current_app.config.get("METRICS_QUEUE") or DEFAULT_QUEUE


def get_queue() -> Queue:
    return Queue(queue_name(), connection=Redis.from_url(current_app.config["REDIS_URL"]))


def schedule(key: str, when: datetime, func: Callable[..., Any], *args: Any) -> str:
    """One run of func(*args) named `key` waits for `when` (at once if it has passed)."""
    if current_app.config.get("REDIS_URL"):
        return _schedule_job(key, when, func, args)
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # a proxy, typed as Flask
    return _schedule_timer(app, key, when, func, args)


def _schedule_job(key: str, when: datetime, func: Callable[..., Any], args: tuple) -> str:
    queue = get_queue()
    job = queue.fetch_job(key)
    if job is not None:
        return WAITING if job.get_status() in _JOB_WAITS else RAN
    queue.enqueue_at(when, func, *args, job_id=key)
    return WAITING


@dataclass
class _Run:
    timer: threading.Timer
    when: datetime
    state: str = WAITING  # then "running", then "ended"
    ended: float = 0.0


_runs: dict[str, _Run] = {}
_lock = threading.Lock()


def _schedule_timer(
    app: Flask, key: str, when: datetime, func: Callable[..., Any], args: tuple
) -> str:
    with _lock:
        forgotten = time.monotonic() - _KEEP_ENDED_SECONDS
        for name in [
            k for k, run in _runs.items() if run.state == "ended" and run.ended < forgotten
        ]:
            del _runs[name]
        run = _runs.get(key)
        if run is not None:
            return WAITING if run.state == WAITING else RAN
        delay = max(0.0, (when - utcnow()).total_seconds())
        timer = threading.Timer(delay, _run_timer, (app, key, func, args))
        timer.daemon = True  # never keeps a process from exiting
        _runs[key] = _Run(timer, when)
        timer.start()
    return WAITING


def _run_timer(app: Flask, key: str, func: Callable[..., Any], args: tuple) -> None:
    with _lock:
        run = _runs.get(key)
        if run is None or run.state != WAITING:  # cancelled
            return
        run.state = "running"
    try:
        with app.app_context():
            func(*args)
    except Exception:
        log.exception("background run %s failed", key)
    finally:
        with _lock:
            run.state, run.ended = "ended", time.monotonic()


def waiting_here() -> dict[str, datetime]:
    """The runs this process's timers wait for (name → when)."""
    with _lock:
        return {key: run.when for key, run in _runs.items() if run.state == WAITING}


def cancel_here(timeout: float = 30.0) -> None:
    """Cancel this process's waiting timers, wait for a running one to end, forget them all
    (tests)."""
    with _lock:
        timers = [run.timer for run in _runs.values()]
        for timer in timers:
            timer.cancel()
    for timer in timers:
        if timer.is_alive():
            timer.join(timeout)
    with _lock:
        _runs.clear()
