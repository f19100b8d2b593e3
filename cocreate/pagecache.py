"""Whole-page cache for visitors who are not signed in: most of a city's traffic, and the same
page for all of them.

A view opts in with `@cached_for_visitors` (below its route decorator). With PAGE_CACHE_SECONDS
> 0, a GET from a visitor who is not signed in and has no flashed message is answered from the
store when the page is there; otherwise the page is rendered as usual and stored, unless it is
personal after all: a CSRF token, a CSP nonce, a cookie set, or any status but 200.

The store is Redis when REDIS_URL is set (every host shares it), and otherwise files in the
instance folder (cachelib's FileSystemCache: the embedded default, `make run`, one host with
several gunicorn workers and no Redis). Either way it is only storage: whether a stored page may
be served is decided by the database.

Nothing stale is served: a service that changes what a municipality's pages show declares it
(page_generations.changed), and database.commit() bumps those generations in the database, in
that same transaction, in any process (also the CLI, cron and the worker, with or without
REDIS_URL); cocreate/page_generations.py. A stored page carries the
generation read before it was rendered, and is served only while that is still the current one
(one query on the primary key); otherwise it is rendered again. A Redis restarted from an older
dump, a failover to a replica that lags, or files left from before can bring back old pages,
never make them current. The expiry (PAGE_CACHE_SECONDS) only bounds what time alone changes,
such as "closes in 3 days".

Features add to the key what else a page varies by for such visitors (the idea list's order
variant) with `vary_by()`; the language is always part of the key.
"""

import hashlib
import os
from collections.abc import Callable
from typing import Any, cast

import redis
from cachelib import FileSystemCache
from flask import Flask, Response, current_app, g, request, session
from flask_login import current_user

from .extensions import db
from .page_generations import current_generation
from .redis_client import redis_client

PREFIX = "samskap:page:v2:"  # v2: tagged with the database's generation
MAX_QUERY = 300  # longer query strings are rendered, never stored (no cache filling by URL)
MUNICIPALITY_RULE = "/k/<slug>"  # pages of one municipality; others may show any
_NONCE_ENVIRON_KEY = "cocreate.csp_nonce"  # security/headers.py sets it when a page uses a nonce

_key_parts: list[Callable[[], str]] = []


def cached_for_visitors(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view whose page is the same for every visitor who is not signed in."""
    view.cached_for_visitors = True  # type: ignore[attr-defined]
    return view


def vary_by(part: Callable[[], str]) -> None:
    """Add a request-dependent part to every cached page's key (called at import time)."""
    if part not in _key_parts:
        _key_parts.append(part)


class _RedisStore:
    def __init__(self, client: redis.Redis) -> None:
        self._client = client

    def get(self, key: str) -> bytes | None:
        try:
            return cast(bytes | None, self._client.get(key))  # the client does not decode
        except redis.RedisError:
            return None

    def set(self, key: str, value: bytes, seconds: int) -> bool:
        try:
            self._client.set(key, value, ex=seconds)
        except redis.RedisError:
            return False
        return True


class _FileStore:
    """Pages as files in instance/page-cache (written to a temporary file and renamed, so a
    reader never sees half a page); at most PAGE_CACHE_FILES of them."""

    def __init__(self, folder: str, threshold: int) -> None:
        self._cache = FileSystemCache(folder, threshold=threshold, mode=0o600)

    def get(self, key: str) -> bytes | None:
        value = self._cache.get(key)
        return value if isinstance(value, bytes) else None

    def set(self, key: str, value: bytes, seconds: int) -> bool:
        return bool(self._cache.set(key, value, timeout=seconds))


def _client() -> "_RedisStore | _FileStore | None":
    if current_app.config.get("PAGE_CACHE_SECONDS", 0) <= 0:
        return None
    if current_app.config.get("REDIS_URL"):
        client = redis_client(timeout=1)
        return _RedisStore(client) if client is not None else None
    store = current_app.extensions.get("page_file_store")
    if store is None:
        folder = current_app.config.get("PAGE_CACHE_DIR") or os.path.join(
            current_app.instance_path, "page-cache"
        )
        store = _FileStore(folder, int(current_app.config.get("PAGE_CACHE_FILES", 2000)))
        current_app.extensions["page_file_store"] = store
    return store


def _cacheable_request() -> bool:
    if request.method not in ("GET", "HEAD") or len(request.query_string) > MAX_QUERY:
        return False
    view = current_app.view_functions.get(request.endpoint or "")
    if not getattr(view, "cached_for_visitors", False):
        return False
    # Signed-in people (also through a "remember me" cookie alone) and anyone with a message
    # waiting see a page of their own.
    return "_flashes" not in session and not current_user.is_authenticated


def _page_key() -> str:
    from .i18n import select_locale  # late: i18n imports the app's extensions

    parts = [select_locale(), request.path, request.query_string.decode("latin-1")]
    parts += [part() for part in _key_parts]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return PREFIX + digest


def _generation() -> int:
    """The current generation of this page's scope, read before it is rendered."""
    rule = request.url_rule.rule if request.url_rule else ""
    slug = (request.view_args or {}).get("slug") if rule.startswith(MUNICIPALITY_RULE) else None
    # Autocommit: no BEGIN and ROLLBACK around the one query of a page served from the cache.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        generation = current_generation(connection, slug)
    # The request's generation for what is kept per generation too (generation_cache), e.g. the
    # målform that chooses the page's language (part of the key below): one query for both.
    g.setdefault("page_generation", generation)
    return generation


def _serve_cached() -> Response | None:
    client = _client()
    if client is None or not _cacheable_request():
        return None
    generation = b"%d" % _generation()  # the database down: the 503 page, never an old one
    key = _page_key()
    g.page_cache = (key, generation)
    stored = client.get(key)
    if not stored:
        return None
    tag, _, body = stored.partition(b"\n")
    if tag != generation:
        return None  # older than a committed write: rendered again and stored
    response = Response(body, 200, content_type="text/html; charset=utf-8")
    response.headers["Vary"] = "Cookie"
    response.headers["X-Page-Cache"] = "hit"
    return response


def _store(response: Response) -> Response:
    entry = g.pop("page_cache", None)
    if entry is None or "X-Page-Cache" in response.headers:
        return response
    personal = (
        "csrf_token" in g  # Flask-WTF keeps the token it generated in g
        or _NONCE_ENVIRON_KEY in request.environ
        or session.modified
        or response.headers.get("Set-Cookie")
        or current_user.is_authenticated
    )
    if response.status_code != 200 or response.mimetype != "text/html" or personal:
        return response
    if response.is_streamed:
        return response
    key, generation = entry
    client = _client()
    if client is not None:
        seconds = int(current_app.config["PAGE_CACHE_SECONDS"])
        if client.set(key, generation + b"\n" + response.get_data(), seconds):
            response.headers["X-Page-Cache"] = "miss"
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("PAGE_CACHE_SECONDS", 0 if app.testing else 60)
    app.before_request(_serve_cached)
    # Registered after the security headers: after_request runs in reverse, so this sees
    # whether the page itself used a CSP nonce before the header code makes one.
    app.after_request(_store)
