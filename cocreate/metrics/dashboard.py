"""The effects dashboard: every measure for a scope in one plain dict, cached per scope, and the
panels a municipality chooses to publish. Exports and the API can reuse build_dashboard()."""

import copy
import json
import time
import uuid
from dataclasses import asdict
from typing import Any

import redis
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from ..audit.services import record_event
from ..database import utcnow
from ..extensions import db
from ..municipalities.models import Municipality
from . import measures, measures_pipeline
from .measures_people import CHANNELS, representativeness_summary
from .models import PublicMeasure
from .scope import Scope
from .survey import perceived_effect
from .working import working_set

# Panels in the order the dashboard shows them; the keys are stored in PublicMeasure.panel.
PANELS = {
    "key_figures": _l("Nøkkeltall"),
    "funnel": _l("Fra hørt til gjort"),
    "representativeness": _l("Representativitet"),
    "over_time": _l("Deltakelse over tid"),
    "channels": _l("Kanaler"),
    "time_to_answer": _l("Tid til svar"),
    "promise_kept": _l("Løfte holdt"),
    "survey": _l("Ble du hørt?"),
}
CACHE_PREFIX = "samskap:metrics:v1:"
_memory_cache: dict[str, tuple[float, str]] = {}


def compute_dashboard(scope: Scope) -> dict[str, Any]:
    """Every measure of DESIGN.md §3 for the scope, as plain JSON-ready data."""
    with working_set():  # the base relations are computed once, not once per measure
        return _compute(scope)


def _compute(scope: Scope) -> dict[str, Any]:
    return {
        "computed_at": utcnow().isoformat(timespec="seconds"),
        "participants": asdict(measures.participants(scope)),
        "reach": asdict(measures.reach(scope)),
        "channels": [asdict(row) for row in measures.channel_mix(scope)],
        "over_time": [asdict(row) for row in measures.participation_over_time(scope)],
        "inequality": asdict(measures.participation_inequality(scope)),
        "returning": asdict(measures.returning_participants(scope)),
        "funnel": asdict(measures_pipeline.funnel(scope)),
        "closure": asdict(measures_pipeline.feedback_closure(scope)),
        "time_to_answer": [asdict(row) for row in measures_pipeline.time_to_answer(scope)],
        "citation": asdict(measures_pipeline.decision_citation(scope)),
        "reporting": asdict(measures_pipeline.implementation_reporting(scope)),
        "stalled": asdict(measures_pipeline.stalled_inputs(scope)),
        "promise_kept": asdict(measures_pipeline.promise_kept(scope)),
        "representativeness": {
            channel: asdict(representativeness_summary(scope, channel)) for channel in CHANNELS
        },
        "survey": asdict(perceived_effect(scope)),
    }


def public_safe(data: dict[str, Any]) -> dict[str, Any]:
    """A copy fit for everyone: survey results only from K answers (demographics are k-safe)."""
    safe = copy.deepcopy(data)
    survey = safe["survey"]
    if not survey["shown"]:
        for question in survey["questions"]:
            question["mean"] = None
            question["distribution"] = [None] * len(question["distribution"])
    return safe


def measures_table(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The headline of each measure as flat rows (for exports and the API): key, value, n, of."""
    rep = data["representativeness"]["all"]
    first_answer = data["time_to_answer"][0]
    rows = [
        ("participants", data["participants"]["participants"], None, None),
        ("workshop_headcount", data["participants"]["workshop_headcount"], None, None),
        (
            "reach",
            data["reach"]["reach"],
            data["reach"]["participants"],
            data["reach"]["eligible_population"],
        ),
        ("representativeness_lowest", rep["lowest_r"], None, None),
        (
            "funnel_yield",
            data["funnel"]["yield_"],
            data["funnel"]["steps"][4]["reached"],
            data["funnel"]["steps"][0]["reached"],
        ),
        (
            "feedback_closure",
            data["closure"]["closure"],
            data["closure"]["answered"],
            data["closure"]["inputs_older"],
        ),
        ("time_to_answer_median_days", first_answer["median_days"], None, first_answer["inputs"]),
        ("time_to_answer_p90_days", first_answer["p90_days"], None, first_answer["inputs"]),
        (
            "decision_citation",
            data["citation"]["share"],
            data["citation"]["numerator"],
            data["citation"]["denominator"],
        ),
        (
            "implementation_reporting",
            data["reporting"]["share"],
            data["reporting"]["numerator"],
            data["reporting"]["denominator"],
        ),
        (
            "stalled_inputs",
            data["stalled"]["numerator"],
            data["stalled"]["numerator"],
            data["stalled"]["denominator"],
        ),
        (
            "promise_kept",
            data["promise_kept"]["share"],
            data["promise_kept"]["kept"],
            data["promise_kept"]["concluded"],
        ),
        (
            "participation_gini",
            data["inequality"]["gini"],
            None,
            data["inequality"]["participants"],
        ),
        (
            "participation_top10_share",
            data["inequality"]["top10_share"],
            None,
            data["inequality"]["contributions"],
        ),
        (
            "returning_participants",
            data["returning"]["share"],
            data["returning"]["returning"],
            data["returning"]["participants"],
        ),
        ("survey_responses", data["survey"]["responses"], None, None),
    ]
    return [
        {"measure": key, "value": value, "numerator": numerator, "denominator": denominator}
        for key, value, numerator, denominator in rows
    ]


def _cache_seconds() -> int:
    value = current_app.config.get("METRICS_CACHE_SECONDS")
    if value is None:
        return 0 if current_app.testing else 300
    return int(value)


def _redis() -> redis.Redis | None:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)


def build_dashboard(scope: Scope) -> dict[str, Any]:
    """compute_dashboard() through a per-scope cache (Redis when REDIS_URL is set, else memory)."""
    seconds = _cache_seconds()
    if seconds <= 0:
        return compute_dashboard(scope)
    key = CACHE_PREFIX + scope.cache_key()
    client = _redis()
    try:
        cached = client.get(key) if client is not None else _memory_get(key)
    except Exception:
        cached = None
    if cached:
        return json.loads(cached)
    lock = None
    if client is not None:
        # At city scale the figures take seconds: one process computes them, the others wait
        # for its result instead of all computing the same at once.
        cached, lock = _wait_or_lock(client, key)
        if cached:
            if lock is not None:
                _unlock(client, key, lock)
            return json.loads(cached)
    try:
        data = compute_dashboard(scope)
        _store(client, key, seconds, data)
    finally:
        if lock is not None:
            _unlock(client, key, lock)
    return data


def refresh_dashboard(scope: Scope) -> dict[str, Any]:
    """Compute the figures now and replace what is cached (`flask metrics warm`, from cron)."""
    data = compute_dashboard(scope)
    seconds = _cache_seconds()
    if seconds > 0:
        _store(_redis(), CACHE_PREFIX + scope.cache_key(), seconds, data)
    return data


def _store(client: redis.Redis | None, key: str, seconds: int, data: dict[str, Any]) -> None:
    payload = json.dumps(data)
    try:
        if client is not None:
            client.setex(key, seconds, payload)
        else:
            _memory_cache[key] = (time.monotonic() + seconds, payload)
    except Exception:  # noqa: S110 - the figures are still shown, only not cached
        pass


LOCK_SECONDS = 120  # longer than any computation; a crashed process frees it by expiry
WAIT_SECONDS = 30.0  # well inside gunicorn's worker timeout


def _wait_or_lock(client: redis.Redis, key: str) -> tuple[bytes | None, str | None]:
    """(cached payload, None) when another process finished it while we waited, else
    (None, token) with the lock taken by us, or (None, None) when Redis cannot tell."""
    token = uuid.uuid4().hex
    deadline = time.monotonic() + WAIT_SECONDS
    try:
        while True:
            if client.set(key + ":lock", token, nx=True, ex=LOCK_SECONDS):
                return client.get(key), token
            time.sleep(0.2)
            cached = client.get(key)
            if cached or time.monotonic() > deadline:
                return cached, None
    except Exception:
        return None, None


def _unlock(client: redis.Redis | None, key: str, token: str) -> None:
    try:
        if client is not None and client.get(key + ":lock") == token.encode():
            client.delete(key + ":lock")
    except Exception:  # noqa: S110 - it expires on its own
        pass


def _memory_get(key: str) -> str | None:
    entry = _memory_cache.get(key)
    if entry is None or entry[0] < time.monotonic():
        _memory_cache.pop(key, None)
        return None
    return entry[1]


def clear_cache(municipality_id: int) -> None:
    """Forget the cached figures of one municipality (after its reference or settings change)."""
    prefix = f"{CACHE_PREFIX}{municipality_id}:"
    for key in [k for k in _memory_cache if k.startswith(prefix)]:
        _memory_cache.pop(key, None)
    client = _redis()
    if client is None:
        return
    try:
        keys = list(client.scan_iter(match=prefix + "*", count=500))
        if keys:
            client.delete(*keys)
    except Exception:  # noqa: S110 - entries expire on their own
        pass


def public_panels(municipality_id: int) -> list[str]:
    """The panels the municipality publishes, in dashboard order."""
    chosen = set(
        db.session.scalars(
            select(PublicMeasure.panel).where(PublicMeasure.municipality_id == municipality_id)
        )
    )
    return [panel for panel in PANELS if panel in chosen]


def set_public_panels(municipality_id: int, panels: list[str], *, actor: Any = None) -> None:
    """Publish exactly these panels (unknown names are ignored)."""
    db.session.execute(
        delete(PublicMeasure).where(PublicMeasure.municipality_id == municipality_id)
    )
    for panel in PANELS:
        if panel in panels:
            db.session.add(PublicMeasure(municipality_id=municipality_id, panel=panel))
    db.session.flush()
    record_event(
        "metrics.panels_published",
        actor=actor,
        municipality=db.session.get(Municipality, municipality_id),
        panels=[panel for panel in PANELS if panel in panels],
    )
    clear_cache(municipality_id)
