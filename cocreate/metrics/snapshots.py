"""Each municipality's dashboard, computed from the raw rows by a job and saved; pages read it.

Decidim's metric job is the model (STYLE.md, "figures off the write path"): a job computes each
municipality's figures and saves them, and requests never pay for the municipality-wide
aggregate. Writes only ask for a refresh (request_refresh below); they never count anything.

- refresh_snapshot() computes compute_dashboard(Scope(municipality)) and saves it as the
  municipality's row of metrics_snapshots (it flushes; the job or `flask metrics warm` commits);
- dashboard_figures() is what the dashboard, the public page, the exports and the API read: the
  whole municipality from its latest snapshot, a narrowed scope (a challenge, a principle, a
  month or a year) computed now from the raw rows; either way published (publication.py), its
  counts of persons taken from the protected family (disclosure.py) that the snapshot keeps
  beside the figures. A read never writes: a municipality without a snapshot yet has its
  figures computed for that read and a refresh asked for, which stores them; above
  METRICS_COMPUTE_ON_READ_LIMIT inputs, supports and comments (a city: tens of seconds) the read
  raises FiguresPending instead, and the pages say the figures are being computed.

Freshness: request_refresh() is called after every commit that changes what the figures count
(and by a read that finds no snapshot, or one older than the interval). It makes sure one
refresh waits at the snapshot's computed_at + METRICS_REFRESH_SECONDS (300 s; at once if that
has passed), as an RQ job or a timer (jobs.py), so however many writes come in, a
municipality's figures are computed at most once per interval, and a snapshot is at most about
one interval (plus the time to compute it) behind the last write. The pages say when it was
computed («Tall per kl. 14:05»). With METRICS_REFRESH_SECONDS = 0 no snapshot is read or asked
for: every read computes its figures from the raw rows (the test suite, a small pilot).
"""

import functools
import logging
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app, g, has_app_context, has_request_context
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.exc import OperationalError

from ..challenges.models import Challenge
from ..database import commit, conflict_insert, utcnow
from ..extensions import db
from ..ideas.models import Idea
from ..municipalities.models import Municipality
from ..page_generations import bump
from ..signals import municipalities_written
from . import jobs, working
from .dashboard import compute_dashboard
from .disclosure import protected_family
from .family_counts import share_contributions
from .models import MetricsSnapshot
from .publication import publish
from .scope import Scope

log = logging.getLogger("cocreate.metrics")

# The layout of MetricsSnapshot.data: raise it when compute_dashboard() changes shape, and the
# rows of the old layout are treated as missing (computed on read, refreshed by the job).
# 2: representativeness per source (no "all"), "waiting", survey "state", and "family" (the
# protected counts of persons of every public and staff scope, disclosure.py).
# 3: "followup" (effect after implementation), "hearings" and "results" (issue 24).
# 4: "proposals" (innbyggerforslag, issue 22 §1) and "budgeting" (participatory budgeting,
# issue 22 §2: turnout and the winners).
VERSION = 4
FAMILY = "family"
_MEMO_NOW = datetime(2000, 1, 1, tzinfo=UTC)


def refresh_snapshot(
    municipality_id: int, *, now: datetime | None = None
) -> MetricsSnapshot | None:
    """Compute the whole municipality's figures from the raw rows and save them (flush only;
    the caller commits). None if the municipality is gone."""
    if db.session.get(Municipality, municipality_id) is None:
        return None
    scope = Scope(municipality_id, now=now or utcnow())
    with working.working_set():  # the dashboard and the family share the contributions
        share_contributions(scope)
        data = compute_dashboard(scope)
        data[FAMILY] = protected_family(municipality_id, scope.now)
    table = MetricsSnapshot.__table__
    insert = conflict_insert(table, db.session.connection().dialect.name).values(
        municipality_id=municipality_id, computed_at=scope.now, version=VERSION, data=data
    )
    db.session.execute(
        insert.on_conflict_do_update(
            index_elements=[table.c.municipality_id],
            set_={name: insert.excluded[name] for name in ("computed_at", "version", "data")},
            # Two refreshes at once: the one that started later wins, whichever ends last.
            where=table.c.computed_at <= insert.excluded.computed_at,
        )
    )
    # The kept dashboard pages are drawn again (shells.kept_page keys them by the generation).
    # Not page_generations.changed(): that would ask for these figures once more.
    bump(db.session.connection(), [municipality_id])
    return db.session.get(MetricsSnapshot, municipality_id, populate_existing=True)


def latest_snapshot(municipality_id: int) -> MetricsSnapshot | None:
    """The municipality's saved figures, if there are any of the current layout."""
    return db.session.scalar(
        select(MetricsSnapshot).where(
            MetricsSnapshot.municipality_id == municipality_id,
            MetricsSnapshot.version == VERSION,
        )
    )


@functools.cache
def _stamp_query() -> Select[datetime]:
    """Built once: every view of a dashboard asks it first."""
    return select(MetricsSnapshot.computed_at).where(
        MetricsSnapshot.municipality_id == bindparam("municipality_id"),
        MetricsSnapshot.version == VERSION,
    )


def snapshot_stamp(municipality_id: int) -> datetime | None:
    """When the municipality's saved figures were computed, read without the figures themselves
    (None: no snapshot yet, or none kept at all). Pages drawn from a snapshot are kept under this
    stamp (metrics/routes/dashboard.py); like a read of the figures, a stale one asks for a
    refresh."""
    if refresh_seconds() <= 0:
        return None
    computed_at = db.session.scalar(_stamp_query(), {"municipality_id": municipality_id})
    if computed_at is not None and computed_at < utcnow() - timedelta(seconds=refresh_seconds()):
        _ask_once_in_a_while(municipality_id)
    return computed_at


def is_stale(snapshot: MetricsSnapshot) -> bool:
    """Older than the refresh interval: a write since may not be counted yet."""
    return snapshot.computed_at < utcnow() - timedelta(seconds=refresh_seconds())


def dashboard_figures(scope: Scope) -> dict[str, Any]:
    """The published figures of a scope for a page, an export or the API: the whole
    municipality's from its snapshot, a narrowed scope's computed now, with the counts of persons
    of the snapshot's protected family. Writes and commits nothing."""
    if not has_request_context():
        exact, family = _exact_and_family(scope)
        return publish(exact, scope, family)
    # Once per request and scope: the dashboard and its sections (the comparison with the size
    # band) read the same figures.
    # The key leaves out `now` (each Scope takes the moment it is made).
    memo = g.setdefault("dashboard_figures", {})
    key = replace(scope, now=_MEMO_NOW)
    if key not in memo:
        exact, family = _exact_and_family(scope)
        memo[key] = publish(exact, scope, family)
    return memo[key]


class FiguresPending(Exception):
    """No snapshot yet, and the municipality is too large to compute one within a request: the
    job asked for stores it, and the page says the figures are being computed."""


def _exact_and_family(scope: Scope) -> tuple[dict[str, Any], dict[str, Any]]:
    if refresh_seconds() <= 0:
        return compute_dashboard(scope), _computed_family(scope.municipality_id)
    snapshot = latest_snapshot(scope.municipality_id)
    if snapshot is None or is_stale(snapshot):
        request_refresh(scope.municipality_id)
    if snapshot is None:  # a new municipality: shown now, stored by the refresh
        if too_large_to_compute_now(scope.municipality_id):
            raise FiguresPending(scope.municipality_id)
        return compute_dashboard(scope), _computed_family(scope.municipality_id)
    exact = compute_dashboard(scope) if scope.narrowed else snapshot.data
    return exact, snapshot.data[FAMILY]


def too_large_to_compute_now(municipality_id: int) -> bool:
    """Would computing the figures from the raw rows hold a request for long? Counted from the
    inputs' own counters (one pass over the municipality's inputs, no support or comment read):
    a city's million supports take the job tens of seconds (docs/performance.md), which no
    request should wait for, while a new or small municipality's figures take well under one."""
    limit = int(current_app.config.get("METRICS_COMPUTE_ON_READ_LIMIT") or 0)
    if limit <= 0:
        return False
    contributions = db.session.scalar(
        select(func.count() + func.coalesce(func.sum(Idea.support_count + Idea.comment_count), 0))
        .join(Challenge, Challenge.id == Idea.challenge_id)
        .where(Challenge.municipality_id == municipality_id)
    )
    return (contributions or 0) > limit


def public_challenge(municipality_id: int, challenge_id: int) -> bool:
    """Is the challenge a public scope (at least PUBLIC_MIN_PARTICIPANTS participants)?"""
    if refresh_seconds() > 0:
        snapshot = latest_snapshot(municipality_id)
        if snapshot is not None:
            return f"c:{challenge_id}" in snapshot.data[FAMILY]["public"]
        if too_large_to_compute_now(municipality_id):
            raise FiguresPending(municipality_id)
    return f"c:{challenge_id}" in _computed_family(municipality_id)["public"]


def _computed_family(municipality_id: int) -> dict[str, Any]:
    """The protected family computed from the raw rows, once per request."""
    if not has_request_context():
        return protected_family(municipality_id, utcnow())
    memo = g.setdefault("metrics_families", {})
    if municipality_id not in memo:
        memo[municipality_id] = protected_family(municipality_id, utcnow())
    return memo[municipality_id]


def refresh_seconds() -> int:
    return int(current_app.config.get("METRICS_REFRESH_SECONDS") or 0)


def request_refresh(municipality_id: int) -> None:
    """Ask for the municipality's snapshot to be computed again; call it after a commit that
    changed what the figures count. Computes nothing here; a failure (Redis down) only logs."""
    seconds = refresh_seconds()
    if seconds <= 0:
        return
    interval = timedelta(seconds=seconds)
    # A connection of its own: callable from any after-commit hook, whatever the session's state.
    with db.engine.connect() as connection:
        computed_at = connection.scalar(
            select(MetricsSnapshot.computed_at).where(
                MetricsSnapshot.municipality_id == municipality_id,
                MetricsSnapshot.version == VERSION,
            )
        )
    now = utcnow()
    due = now if computed_at is None else max(now, computed_at + interval)
    # Named after the snapshot it replaces: every write until that refresh runs finds it.
    stamp = "none" if computed_at is None else computed_at.strftime("%Y%m%dT%H%M%S%f")
    key = f"samskap-metrics-{municipality_id}-{stamp}"
    try:
        if jobs.schedule(key, due, refresh_job, municipality_id) == jobs.RAN:
            # That refresh has started (or ended) and may not count the write asking now.
            jobs.schedule(f"{key}-again", now + interval, refresh_job, municipality_id)
    except Exception as error:
        log.warning("could not ask for a refresh of municipality %s: %s", municipality_id, error)


# When this process last asked for each municipality's refresh: writes in a burst ask once.
_asked: dict[int, float] = {}
ASK_AGAIN_SECONDS = 10.0


@municipalities_written.connect
def refresh_after_writes(_sender: object, *, municipality_ids: set[int], **_kwargs: object) -> None:
    """After a commit that wrote these municipalities' rows (database.commit()), ask for their
    snapshots to be computed again, debounced by request_refresh()."""
    if refresh_seconds() <= 0:
        return
    for municipality_id in sorted(municipality_ids):
        _ask_once_in_a_while(municipality_id)


def _ask_once_in_a_while(municipality_id: int) -> None:
    """request_refresh(), at most once per ASK_AGAIN_SECONDS in this process: a burst of writes,
    or every view of a dashboard whose snapshot is due, asks once (the job is named after the
    snapshot it replaces, so asking again would only find it)."""
    now = time.monotonic()
    if now - _asked.get(municipality_id, -ASK_AGAIN_SECONDS) < ASK_AGAIN_SECONDS:
        return
    _asked[municipality_id] = now
    request_refresh(municipality_id)


def refresh_job(municipality_id: int) -> str | None:
    """The RQ job (and the timer without Redis): refresh one snapshot and commit it."""
    if has_app_context():
        return _refresh_and_commit(municipality_id)
    from .. import create_app  # a worker started by `rq worker` has no app yet

    with create_app().app_context():
        return _refresh_and_commit(municipality_id)


# On SQLite (WAL) the computation's temporary tables open a transaction that reads; a commit by
# another connection meanwhile makes the snapshot's write fail at once ("database is locked",
# SQLITE_BUSY_SNAPSHOT: no busy wait helps a stale read). Computing again from fresh rows does.
STALE_READ_ATTEMPTS = 3


def _refresh_and_commit(municipality_id: int) -> str | None:
    try:
        for attempt in range(1, STALE_READ_ATTEMPTS + 1):
            try:
                snapshot = refresh_snapshot(municipality_id)
                commit()
                return None if snapshot is None else snapshot.computed_at.isoformat()
            except OperationalError as error:
                db.session.rollback()
                if attempt == STALE_READ_ATTEMPTS or not _is_sqlite_busy(error):
                    raise
                log.info("metrics snapshot %s: read went stale, computing again", municipality_id)
        return None  # not reached: the last attempt returns or raises
    finally:
        db.session.remove()


def _is_sqlite_busy(error: OperationalError) -> bool:
    return db.engine.dialect.name == "sqlite" and "database is locked" in str(error.orig)
