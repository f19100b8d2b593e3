"""The translation job, run after the commit and off the request path.

After any commit that declared a municipality's pages changed with text (page_generations.changed
→ the signal municipalities_written; not a support or its withdrawal, which bring no text to
translate), the municipality's missing and stale translations are asked for:
with REDIS_URL an RQ job on TRANSLATION_QUEUE (worker: `flask --app cocreate translation
worker`), without Redis a timer in this process (metrics.jobs.schedule). The job makes them,
commits, and declares the municipality's pages changed, so cached pages show them; the next
round finds nothing to do and stops. `flask --app cocreate translation run` does the same at once
(cron, or after installing Apertium).
"""

import logging
from datetime import timedelta

from flask import current_app, has_app_context
from rq.job import JobStatus
from sqlalchemy.exc import IntegrityError

from ..database import commit, utcnow
from ..extensions import db
from ..metrics import jobs as timers
from ..signals import municipalities_written
from . import apertium
from .services import translate_municipality

log = logging.getLogger("cocreate.translation")


def get_queue():  # -> rq.Queue
    from redis import Redis
    from rq import Queue

    return Queue(
        current_app.config["TRANSLATION_QUEUE"],
        connection=Redis.from_url(current_app.config["REDIS_URL"]),
    )


def request_translations(municipality_id: int) -> None:
    """Ask for the municipality's missing and stale translations to be made (nothing when
    Apertium is not installed). At most one run waits per municipality: a burst of writes (every
    comment is one) asks for one run, not one each; a run that has already started may not see
    the latest write, so then one more waits behind it."""
    if not has_app_context() or not current_app.config.get("TRANSLATION_JOBS", True):
        return
    if not apertium.enabled():
        return
    try:
        if current_app.config.get("REDIS_URL"):
            _enqueue_once(municipality_id)
        else:
            _schedule_once(municipality_id)
    except Exception as error:  # Redis down: `translation run` (cron) catches up
        log.warning("could not ask for translations of %s: %s", municipality_id, error)


# Job ids of a municipality's two slots: one run may be under way while the next waits.
_SLOTS = ("a", "b")
_WAITING = {JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED}


def _enqueue_once(municipality_id: int) -> None:
    queue = get_queue()
    for slot in _SLOTS:
        job_id = f"samskap-translation-{municipality_id}-{slot}"
        job = queue.fetch_job(job_id)
        status = job.get_status() if job is not None else None
        if status in _WAITING:
            return  # a run waits already; it will see this write
        if status is None or status in (JobStatus.FINISHED, JobStatus.FAILED, JobStatus.CANCELED):
            # Forgotten when done (result_ttl=0), so the id is free for the next round.
            queue.enqueue(translate_job, municipality_id, job_id=job_id, result_ttl=0)
            return
    # Both slots are under way (two workers): the second's own commit asks again.


# Without Redis (one process, DESIGN §6): the timers' names per municipality, a new round's name
# once the run of the last one has started.
_rounds: dict[int, int] = {}


def _schedule_once(municipality_id: int) -> None:
    delay = float(current_app.config.get("TRANSLATION_DELAY_SECONDS", 5))
    for _attempt in range(2):
        key = f"samskap-translation-{municipality_id}-{_rounds.get(municipality_id, 0)}"
        when = utcnow() + timedelta(seconds=delay)
        if timers.schedule(key, when, translate_job, municipality_id) == timers.WAITING:
            return
        _rounds[municipality_id] = _rounds.get(municipality_id, 0) + 1


@municipalities_written.connect
def translate_after_writes(
    _sender: object,
    *,
    municipality_ids: set[int],
    with_text: set[int] | None = None,
    **_kwargs: object,
) -> None:
    """After a commit that changed these municipalities' pages, their translations are asked
    for; not after one that brought no text (a support: with_text leaves it out)."""
    for municipality_id in sorted(municipality_ids if with_text is None else with_text):
        request_translations(municipality_id)


def translate_job(municipality_id: int) -> int:
    """The RQ job (and the timer without Redis): translate and commit. A run that translated
    something declared a change, which asks for the next round (more may wait)."""
    if has_app_context():
        return _run(municipality_id)
    from .. import create_app  # a worker started by `rq worker` has no app yet

    with create_app().app_context():
        return _run(municipality_id)


def _run(municipality_id: int) -> int:
    try:
        done, _more = translate_municipality(municipality_id)
        commit()  # its after-actions announce the change, which asks for the next round
        return done
    except IntegrityError:  # another run (host, worker) wrote the same rows first: it stands
        db.session.rollback()
        log.info("translations of %s were made by another run", municipality_id)
        return 0
    except Exception:
        db.session.rollback()
        raise
    finally:
        db.session.remove()
