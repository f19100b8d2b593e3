"""Structured logs: one JSON object per line (LOG_FORMAT=json, the default outside development).

Every line from the `cocreate` loggers (app.logger, cocreate.audit, …) and from Flask-Limiter
carries the request id, method, path, client address and user id when there is a request.
"""

import logging
import re
import sys
import uuid

from flask import Flask, Response, g, has_request_context, request

try:  # python-json-logger ≥ 3
    from pythonjsonlogger.json import JsonFormatter
except ImportError:  # pragma: no cover - version 2
    from pythonjsonlogger.jsonlogger import JsonFormatter

LOGGERS = ("cocreate", "flask-limiter")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (gunicorn, pytest's capture)."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


class RequestFilter(logging.Filter):
    """Adds the request's id, method, path, address and user id to each record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = "-"
        if has_request_context():
            record.request_id = request_id()
            record.method = request.method
            record.path = request.path
            record.remote_addr = request.remote_addr
            # Never load the user here (the database may be down): only what is already known.
            user = g.get("_login_user")
            user_id = getattr(user, "id", None)
            if user_id is not None:
                record.user_id = user_id
        return True


def request_id() -> str:
    """The id of this request: the proxy's X-Request-ID if it looks sane, else a new one."""
    environ = request.environ
    if "cocreate.request_id" not in environ:
        given = request.headers.get("X-Request-ID", "")
        environ["cocreate.request_id"] = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
    return environ["cocreate.request_id"]


def make_formatter(kind: str) -> logging.Formatter:
    if kind == "json":
        return JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            datefmt="%Y-%m-%dT%H:%M:%S%z",
        )
    return logging.Formatter(TEXT_FORMAT)


def log_format(app: Flask) -> str:
    chosen = (app.config.get("LOG_FORMAT") or "").strip().lower()
    if chosen in {"json", "text"}:
        return chosen
    development = app.config.get("ENV_NAME") in {"development", "testing"} or app.debug
    return "text" if development or app.testing else "json"


def init_app(app: Flask) -> None:
    """Install one stderr handler on our loggers (replacing the one a previous app set)."""
    from flask.logging import default_handler

    handler = _StderrHandler()
    handler.setFormatter(make_formatter(log_format(app)))
    handler.addFilter(RequestFilter())
    handler._cocreate = True  # type: ignore[attr-defined]
    level = logging.getLevelName(str(app.config.get("LOG_LEVEL", "INFO")).upper())
    for name in LOGGERS:
        logger = logging.getLogger(name)
        for old in list(logger.handlers):
            if getattr(old, "_cocreate", False) or old is default_handler:
                logger.removeHandler(old)
        logger.addHandler(handler)
        logger.setLevel(level if isinstance(level, int) else logging.INFO)
    app.config["LOG_FORMAT"] = log_format(app)

    @app.after_request
    def _request_id_header(response: Response) -> Response:
        response.headers.setdefault("X-Request-ID", request_id())
        return response
