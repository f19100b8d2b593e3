"""Fingerprinted static files: /static/css/samskap.<hash>.css, cached by browsers for a year.

Every `url_for("static", filename=...)` gives the fingerprinted name (a url_defaults hook), and
templates may also call `static_url("css/samskap.css")`. The hash is taken from the file's content,
so a new deploy gives new URLs and nothing stale is ever served under a long-lived one. The static
view strips the hash again and serves the real file: with `Cache-Control: public,
max-age=31536000, immutable` when the hash is the file's current one, and revalidated (no-cache)
when a page from an older deploy asks for an older hash (a rolling deploy never gets a 404).
"""

import hashlib
import os
import re
import time
from typing import Any

from flask import Flask, Response, current_app, send_from_directory, url_for
from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join

HASH_LENGTH = 12
IMMUTABLE = "public, max-age=31536000, immutable"
FINGERPRINTED = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{12})(?P<ext>\.[A-Za-z0-9]+)$")
# path -> (mtime_ns, size, hash): the file is read again only when it changes on disk.
_hashes: dict[str, tuple[int, int, str]] = {}
# path -> when it was last looked at: a page names its files several times, so a file is looked
# at (os.stat) at most once a second, not on every url_for.
_checked: dict[str, float] = {}
RECHECK_SECONDS = 1.0


def file_hash(folder: str, filename: str) -> str | None:
    """The first 12 hex digits of the file's SHA-256, or None when there is no such file."""
    path = safe_join(folder, filename)
    if path is None:
        return None
    now = time.monotonic()
    cached = _hashes.get(path)
    if cached is not None and now - _checked.get(path, 0.0) < RECHECK_SECONDS:
        return cached[2]
    _checked[path] = now
    try:
        stat = os.stat(path)
    except OSError:
        return None
    cached = _hashes.get(path)
    if cached is not None and cached[:2] == (stat.st_mtime_ns, stat.st_size):
        return cached[2]
    with open(path, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()[:HASH_LENGTH]
    _hashes[path] = (stat.st_mtime_ns, stat.st_size, digest)
    return digest


def fingerprint(folder: str, filename: str) -> str:
    """css/samskap.css -> css/samskap.<hash>.css (unchanged if missing or without extension)."""
    if FINGERPRINTED.match(filename):
        return filename
    stem, dot, ext = filename.rpartition(".")
    if not dot or not stem or "/" in ext:
        return filename
    digest = file_hash(folder, filename)
    return f"{stem}.{digest}.{ext}" if digest else filename


def static_url(filename: str, **kwargs: Any) -> str:
    """The fingerprinted URL of a file under static/ (for templates)."""
    return url_for("static", filename=filename, **kwargs)


def _fingerprint_static(endpoint: str, values: dict[str, Any]) -> None:
    if endpoint == "static" and isinstance(values.get("filename"), str):
        folder = current_app.static_folder
        if folder:
            values["filename"] = fingerprint(folder, values["filename"])


def _serve_static(filename: str) -> Response:
    app = current_app
    folder = app.static_folder
    if not folder:
        raise NotFound()
    match = FINGERPRINTED.match(filename)
    if match is None:
        return app.send_static_file(filename)
    real = match["stem"] + match["ext"]
    current = file_hash(folder, real)
    if current is None:
        # A file whose own name looks fingerprinted, or nothing at all.
        return app.send_static_file(filename)
    response = send_from_directory(folder, real)
    if match["hash"] == current:
        response.headers["Cache-Control"] = IMMUTABLE
    else:
        response.headers["Cache-Control"] = "no-cache"
    return response


def init_app(app: Flask) -> None:
    app.url_defaults(_fingerprint_static)
    if "static" in app.view_functions:
        app.view_functions["static"] = _serve_static
    app.jinja_env.globals["static_url"] = static_url
