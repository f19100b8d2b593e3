"""Public figures of a page, computed once per page generation in each process.

The page cache (pagecache.py) serves whole pages to visitors who are not signed in. A signed-in
person's page is drawn for them, but most of what it reads is the same for everyone: a
challenge's stage counts, its workshops, its archive number, how many inputs a filter finds.
`for_generation(key, load)` keeps such a value in this process under the page generation of the
request's scope (page_generations.py), read once per request in the request's own transaction:
a write in any process that changes what the scope's pages show bumps that generation in the
same transaction, so the next request computes the value again. Nothing is invalidated by hand
and nothing older than a committed write is ever used.

Only plain values go in (numbers, strings, tuples, frozen dataclasses), never ORM objects: a
value outlives the session it was read in and is shared by the worker's threads.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from flask import current_app, g, has_request_context, request

from .extensions import db
from .page_generations import current_generation

T = TypeVar("T")
MAX_ENTRIES = 4096
MUNICIPALITY_RULE = "/k/<slug>"

_store: "OrderedDict[tuple[Any, ...], Any]" = OrderedDict()
_lock = threading.Lock()


def for_generation(key: Hashable, load: Callable[[], T]) -> T:
    """`load()`'s value for this key under the request's page generation (computed at most once
    per generation in this process). Outside a request, or when turned off, it is just load()."""
    if not has_request_context() or not current_app.config.get("GENERATION_CACHE", True):
        return load()
    full_key = (id(current_app), request_generation(), key)
    with _lock:
        if full_key in _store:
            _store.move_to_end(full_key)
            kept: T = _store[full_key]
            return kept
    value = load()
    with _lock:
        _store[full_key] = value
        while len(_store) > MAX_ENTRIES:
            _store.popitem(last=False)
    return value


def for_key(key: Hashable, load: Callable[[], T]) -> T:
    """`load()`'s value kept under `key` alone, for a caller whose key already holds the
    generations it depends on (e.g. one municipality's, on a page that reads many). Outside a
    request, or when turned off, it is just load()."""
    if not has_request_context() or not current_app.config.get("GENERATION_CACHE", True):
        return load()
    full_key = (id(current_app), "key", key)
    with _lock:
        if full_key in _store:
            _store.move_to_end(full_key)
            kept: T = _store[full_key]
            return kept
    value = load()
    with _lock:
        _store[full_key] = value
        while len(_store) > MAX_ENTRIES:
            _store.popitem(last=False)
    return value


def lookup(key: Hashable) -> Any | None:
    """The value kept for this key under the request's generation, or None."""
    if not current_app.config.get("GENERATION_CACHE", True):
        return None
    with _lock:
        return _store.get((id(current_app), request_generation(), key))


def keep(key: Hashable, value: Any) -> None:
    """Keep a value under the request's generation (what lookup() finds next time)."""
    if not current_app.config.get("GENERATION_CACHE", True):
        return
    with _lock:
        _store[(id(current_app), request_generation(), key)] = value
        while len(_store) > MAX_ENTRIES:
            _store.popitem(last=False)


def request_generation() -> int:
    """The page generation of this request's scope (the site, plus the municipality of a page
    under /k/<slug>/), read once per request in its own transaction."""
    if "page_generation" not in g:
        g.page_generation = current_generation(db.session.connection(), request_scope())
    return int(g.page_generation)


def request_scope() -> str | None:
    """The slug of the municipality whose pages this request's page is one of, or None."""
    rule = request.url_rule.rule if request.url_rule else ""
    return (request.view_args or {}).get("slug") if rule.startswith(MUNICIPALITY_RULE) else None


_also_cleared: list[Callable[[], None]] = []


def on_clear(forget: Callable[[], None]) -> None:
    """Also run `forget` on clear(): a feature's own values kept by generation (import time)."""
    if forget not in _also_cleared:
        _also_cleared.append(forget)


def clear() -> None:
    """Forget every value (the test suite does so between tests: their databases are rolled
    back, so one generation number can stand for two different worlds)."""
    with _lock:
        _store.clear()
    for forget in _also_cleared:
        forget()
