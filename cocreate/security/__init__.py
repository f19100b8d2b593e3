"""Hardening that covers every feature: security headers with a CSP nonce, structured logs,
and the Redis health flag. Not a blueprint: create_app() calls init_app()."""

from flask import Flask

from . import headers, limits, logs, redis_health


def init_app(app: Flask) -> None:
    logs.init_app(app)
    headers.init_app(app)
    limits.init_app(app)
    redis_health.init_app(app)
