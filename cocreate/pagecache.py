"""Whole-page cache for visitors who are not signed in: most of a city's traffic, and the same
page for all of them.

A view opts in with `@cached_for_visitors` (below its route decorator). With Redis configured
(REDIS_URL) and PAGE_CACHE_SECONDS > 0, a GET from a visitor who is not signed in and has no
flashed message is answered from Redis when the page is there; otherwise the page is rendered
as usual and stored, unless it is personal after all: a CSRF token, a CSP nonce, a cookie set,
or any status but 200.

Nothing stale is kept: every committed database write (any table, any process, also the CLI and
the worker) increments one generation counter in Redis, each stored page carries the generation
it was rendered under, and a page from an older generation is rendered again, by one request;
visitors arriving during that one rendering get the previous page (no stampede of renders after
each write). The expiry (PAGE_CACHE_SECONDS) only bounds what time alone changes, such as "closes
in 3 days".

Features add to the key what else a page varies by for such visitors (the idea list's order
variant) with `vary_by()`; the language is always part of the key.
"""

import hashlib
from collections.abc import Callable
from typing import Any

import redis
from flask import Flask, Response, current_app, g, request, session
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Session

PREFIX = "samskap:page:v1:"
GENERATION_KEY = "samskap:page:v1:generation"
RENDER_LOCK = 10  # seconds; a process that died while rendering holds it no longer
MAX_QUERY = 300  # longer query strings are rendered, never stored (no cache filling by URL)
_NONCE_ENVIRON_KEY = "cocreate.csp_nonce"  # security/headers.py sets it when a page uses a nonce
_CHANGED = "pagecache_changed"

_key_parts: list[Callable[[], str]] = []


def cached_for_visitors(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view whose page is the same for every visitor who is not signed in."""
    view.cached_for_visitors = True  # type: ignore[attr-defined]
    return view


def vary_by(part: Callable[[], str]) -> None:
    """Add a request-dependent part to every cached page's key (called at import time)."""
    if part not in _key_parts:
        _key_parts.append(part)


def _client() -> redis.Redis | None:
    url = current_app.config.get("REDIS_URL")
    if not url or current_app.config.get("PAGE_CACHE_SECONDS", 0) <= 0:
        return None
    clients = current_app.extensions.setdefault("page_cache_clients", {})
    if url not in clients:  # one connection pool per process and URL
        clients[url] = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    return clients[url]


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


def _serve_cached() -> Response | None:
    client = _client()
    if client is None or not _cacheable_request():
        return None
    key = _page_key()
    try:
        generation, stored = client.mget(GENERATION_KEY, key)
    except redis.RedisError:
        return None
    generation = generation or b"0"
    g.page_cache = (key, generation)
    if not stored:
        return None
    tag, _, body = stored.partition(b"\n")
    if tag != generation and _render_lock(client, key):
        g.page_cache_render_lock = key + ":render"
        return None  # this request renders the page anew; others meanwhile get the old one
    response = Response(body, 200, content_type="text/html; charset=utf-8")
    response.headers["Vary"] = "Cookie"
    response.headers["X-Page-Cache"] = "hit" if tag == generation else "stale"
    return response


def _render_lock(client: redis.Redis, key: str) -> bool:
    """True when this request is the one to render an outdated page again (for RENDER_LOCK
    seconds at most): after a write, one process renders while the rest serve the old page."""
    try:
        return bool(client.set(key + ":render", b"1", nx=True, ex=RENDER_LOCK))
    except redis.RedisError:
        return True


def _store(response: Response) -> Response:
    lock = g.pop("page_cache_render_lock", None)
    try:
        return _store_page(response)
    finally:
        if lock is not None:
            _forget(lock)


def _forget(key: str) -> None:
    try:
        client = _client()
        if client is not None:
            client.delete(key)
    except redis.RedisError:
        pass


def _store_page(response: Response) -> Response:
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
    try:
        client = _client()
        if client is not None:
            seconds = int(current_app.config["PAGE_CACHE_SECONDS"])
            client.set(key, generation + b"\n" + response.get_data(), ex=seconds)
            response.headers["X-Page-Cache"] = "miss"
    except redis.RedisError:
        pass
    return response


def invalidate() -> None:
    """Make every cached page a miss (after any committed write)."""
    client = _client()
    if client is None:
        return
    try:
        client.incr(GENERATION_KEY)
    except redis.RedisError:
        current_app.logger.warning("page cache: could not invalidate (Redis unavailable)")


def _mark_changed(session_: Session, *_args: Any) -> None:
    session_.info[_CHANGED] = True


def _mark_bulk(state: Any) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_CHANGED] = True


def _after_commit(session_: Session) -> None:
    if session_.info.pop(_CHANGED, False) and current_app:
        invalidate()


def _after_rollback(session_: Session) -> None:
    if not session_.in_transaction():
        session_.info.pop(_CHANGED, None)


def init_app(app: Flask) -> None:
    app.config.setdefault("PAGE_CACHE_SECONDS", 0 if app.testing else 60)
    app.before_request(_serve_cached)
    # Registered after the security headers: after_request runs in reverse, so this sees
    # whether the page itself used a CSP nonce before the header code makes one.
    app.after_request(_store)
    if not event.contains(Session, "after_flush", _mark_changed):
        event.listen(Session, "after_flush", _mark_changed)
        event.listen(Session, "do_orm_execute", _mark_bulk)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)
