"""Parts of a page drawn once per content, not once per request.

`{% call cached_fragment("idea-card", idea.id, idea.title, ...) %}…{% endcall %}` renders the
block once for that key (and the reader's language) and keeps the HTML in this process. The
key is the content itself, everything the block shows: a changed title, stage or count is a new
key, so no write in any process can leave a fragment stale and nothing is ever invalidated by
hand. What is personal is a hole (shells.py: whether this reader supports the idea, the CSRF
token), filled in per request after the page is drawn.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import current_app, request
from flask_babel import get_locale
from markupsafe import Markup

from .shells import csrf_token, uses_holes

MAX_FRAGMENTS = 8192  # an idea card is about 1.5 KB: some 12 MB per worker at most
_store: "OrderedDict[tuple[Hashable, ...], str]" = OrderedDict()
_lock = threading.Lock()


def cached_fragment(*key: Hashable, caller: Callable[[], str]) -> Markup:
    """The block's HTML for this key, drawn on the first call and remembered."""
    html = remember(key, lambda: str(caller()))
    uses_holes(html)
    return Markup(html)  # noqa: S704 - drawn by an autoescaping template


def has_fragment(*key: Hashable) -> bool:
    """Is the fragment of this key kept (so what only its drawing needs can be skipped)?"""
    with _lock:
        return (id(current_app), str(get_locale()), request.script_root, key) in _store


def remember(key: Hashable, produce: Callable[[], str]) -> str:
    """Any text kept the same way, e.g. a chart's SVG under its data's version (no CSRF hole)."""
    full_key = (id(current_app), str(get_locale()), request.script_root, key)
    with _lock:
        text = _store.get(full_key)
        if text is not None:
            _store.move_to_end(full_key)
            return text
    text = produce()
    with _lock:
        _store[full_key] = text
        while len(_store) > MAX_FRAGMENTS:
            _store.popitem(last=False)
    return text


def csrf_hole() -> str:
    """Where a cached fragment's forms put the CSRF token (filled in per request)."""
    return str(csrf_token())


def clear() -> None:
    with _lock:
        _store.clear()
