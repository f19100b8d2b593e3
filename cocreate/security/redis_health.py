"""Is the configured Redis reachable? A flag in app.extensions and a log line on each change.

Rate limits keep working while Redis is down (Flask-Limiter falls back to per-process memory,
RATELIMIT_IN_MEMORY_FALLBACK); this module makes the degradation visible to operators.
"""

import logging
import time
from dataclasses import dataclass

from flask import Flask, current_app

from ..extensions import limiter

log = logging.getLogger("cocreate.redis")


@dataclass
class RedisHealth:
    configured: bool
    ok: bool | None = None  # None: not checked yet
    checked_at: float = 0.0


def uses_redis(app: Flask) -> bool:
    uri = str(app.config.get("RATELIMIT_STORAGE_URI") or "")
    return uri.startswith(("redis", "rediss", "valkey"))


def health(app: Flask | None = None) -> RedisHealth:
    """The app's Redis health flag (configured=False when no Redis is used)."""
    app = app or current_app
    return app.extensions["redis_health"]


def check_redis(app: Flask) -> bool:
    """Ping the limiter's storage now, update the flag, and log when the state changes."""
    state = health(app)
    try:
        ok = bool(limiter.storage.check())
    except Exception:  # any client error means "not reachable"
        ok = False
    previous, state.ok, state.checked_at = state.ok, ok, time.monotonic()
    if ok and previous is False:
        log.warning("redis.up", extra={"event": "redis.up", "redis_ok": True})
    elif not ok and previous is not False:
        log.error(
            "redis.down: rate limits are counted in memory per process until it is back",
            extra={"event": "redis.down", "redis_ok": False},
        )
    return ok


def init_app(app: Flask) -> None:
    state = RedisHealth(configured=uses_redis(app))
    app.extensions["redis_health"] = state
    if not state.configured or not app.config.get("RATELIMIT_ENABLED", True):
        return
    with app.app_context():
        check_redis(app)
    interval = app.config.get("REDIS_HEALTH_INTERVAL", 30)

    @app.before_request
    def _recheck_redis() -> None:
        if time.monotonic() - state.checked_at >= interval:
            check_redis(app)
