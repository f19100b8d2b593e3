"""Rate limits per app: Flask-Limiter keeps one global state, so an app built with
RATELIMIT_ENABLED off (tests, tools) stays unlimited even after another app turned limits on."""

from flask import Flask, current_app

from ..extensions import limiter


def _limits_off_for_this_app() -> bool:
    return not current_app.config.get("RATELIMIT_ENABLED", True)


def init_app(app: Flask) -> None:
    if _limits_off_for_this_app not in limiter._request_filters:
        limiter.request_filter(_limits_off_for_this_app)
