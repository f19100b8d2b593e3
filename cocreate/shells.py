"""Pages drawn once and shared, with each reader's own parts filled in per request.

A template writes what belongs to the reader as a hole: `{{ hole("idea_support", idea_id=…) }}`,
and `csrf_token()` is one too. A hole is a marker in the drawn HTML: a random string of this
process (no user text can imitate it), the hole's name and its arguments. Every response
whose page used a hole is filled in after the view (`fill`): each hole's `prepare` gets the
arguments of all its markers at once (one query for the twenty cards of a list), then each
marker is replaced by the hole's HTML for this reader, and holes inside that HTML in turn.
What the holes read from the database (`Read`) is read in one statement for all of them: the
reader's supports, follows and vote budget are one round trip.
So a page with holes is the same whether it was drawn for this request or kept.

`kept_page(slug, key, draw)` keeps a page's drawing, holes unfilled, under the request's page
generation (generation_cache: a committed write in any process that changes what the
municipality's pages show moves it) for the readers who see the same page: signed in, not
staff of the municipality and not suspended there, with the same verified state
(`reader_class`), the same language and request variants, within PAGE_SHELL_SECONDS (what time
alone changes, such as a deadline passing). It is drawn for a stand-in of the reader's class,
who has no supports, follows or writing of their own; the authors of what it shows
(`written_by`) get a page drawn for them. A drawing that holds a CSRF token of its own (a form
that does not use the hole) is personal and never kept.
"""

import base64
import functools
import json
import re
import secrets
import threading
import time
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, current_app, g, request, session
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import Integer, cast, literal_column, null, select, union_all
from werkzeug.exceptions import HTTPException

from .extensions import db
from .generation_cache import on_clear, request_generation

_MARK = "h" + secrets.token_hex(12)
# Only letters, digits and . _ - = ~: escaping (an attribute, a JSON string) leaves it whole.
_PATTERN = re.compile(_MARK + r"\.([a-z_]+)\.([A-Za-z0-9_=-]*)~")
_MAX_DEPTH = 3  # a hole's HTML may hold holes (the header's forms hold the CSRF hole)
CITIZENS = frozenset({"citizen"})  # the role of those who are no member too
# A kept page is 20–60 KB: at most some 15 MB per worker, the least recently used going first
# (generation_cache's own bound counts entries of a few hundred bytes).
MAX_KEPT_PAGES = 256
MAX_QUERY = 300  # a longer query string is drawn, never kept (no filling by URL)


@dataclass(frozen=True)
class Read:
    """What a hole reads for its markers: `statement()` gives a statement built once, of one or
    two integer columns, whose bound parameters have names no other hole's statement uses;
    `parameters(calls)` their values for the page's markers (None: nothing to read, e.g. for a
    visitor). The hole's prepare(calls, rows) gets the rows read, as (first, second or None)."""

    statement: Callable[[], Any]  # a Select of one or two integer columns
    parameters: Callable[[list[dict[str, Any]]], dict[str, Any] | None]


@dataclass(frozen=True)
class Hole:
    render: Callable[[dict[str, Any], Any], str]
    prepare: Callable[..., Any] | None = None
    read: Read | None = None


_holes: dict[str, Hole] = {}
_variants: list[Callable[[], str]] = []
_kept: "OrderedDict[Hashable, tuple[str, frozenset[int]]]" = OrderedDict()
_kept_lock = threading.Lock()


def register(
    name: str,
    render: Callable[[dict[str, Any], Any], str],
    prepare: Callable[..., Any] | None = None,
    read: Read | None = None,
) -> None:
    """A hole: render(args, prepared) gives its HTML for this request's reader; prepare(all
    args of the page's markers of this hole), or prepare(those args, rows) for a hole that
    reads, runs once before (called at import time); a hole that reads and has no prepare gets
    its rows."""
    if not re.fullmatch(r"[a-z_]+", name):
        raise ValueError(f"a hole's name is of a-z and _ only: {name!r}")
    _holes[name] = Hole(render, prepare, read)
    _union.cache_clear()  # a statement built from the hole's earlier read is gone


def vary_by(part: Callable[[], str]) -> None:
    """A part of the request a kept page varies by beyond its path, query and language."""
    if part not in _variants:
        _variants.append(part)


def hole(name: str, **args: Any) -> Markup:
    """The marker for a hole (Jinja global); filled in before the response leaves."""
    g.page_holes = True
    payload = ""
    if args:
        text = json.dumps(args, separators=(",", ":"), sort_keys=True, default=str)
        payload = base64.urlsafe_b64encode(text.encode()).decode()
    return Markup(f"{_MARK}.{name}.{payload}~")  # noqa: S704 - letters and digits only


def csrf_token() -> Markup:
    """The CSRF token of the page's forms: a hole, so a kept page has none of its own."""
    return hole("csrf")


def uses_holes(html: str) -> bool:
    """Does this HTML (e.g. a kept fragment) hold markers? Then the response is filled."""
    if _MARK in html:
        g.page_holes = True
        return True
    return False


def fill(html: str) -> str:
    """Every marker replaced by its hole's HTML for this request's reader. The page is split at
    its markers once; the holes' HTML is searched for further markers, not the page again."""
    parts: list[str] = [html]
    for _ in range(_MAX_DEPTH):
        # [text, name, payload, text, name, payload, …, text] for each part with markers.
        split = [_PATTERN.split(part) if _MARK in part else [part] for part in parts]
        calls: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for pieces in split:
            for n in range(1, len(pieces), 3):
                calls[pieces[n]].append(_args(pieces[n + 1]))
        if not calls:
            break
        rows = _read(calls)
        prepared = {
            name: _prepared(hole, args, rows.get(name, []))
            for name, args in calls.items()
            if (hole := _holes.get(name)) is not None
        }
        done: dict[tuple[str, str], str] = {}
        parts = []
        for pieces in split:
            parts.append(pieces[0])
            for n in range(1, len(pieces), 3):
                parts.append(_drawn(pieces[n], pieces[n + 1], prepared, done))
                parts.append(pieces[n + 2])
    # Deeper than any page nests: never sent as a marker.
    return "".join(_PATTERN.sub("", part) if _MARK in part else part for part in parts)


def _prepared(hole: Hole, calls: list[dict[str, Any]], rows: list[tuple[Any, Any]]) -> Any:
    if hole.read is None:
        return hole.prepare(calls) if hole.prepare else None
    return hole.prepare(calls, rows) if hole.prepare else rows


def _read(calls: dict[str, list[dict[str, Any]]]) -> dict[str, list[tuple[Any, Any]]]:
    """The rows of every hole of the page that reads, in one statement."""
    parameters: dict[str, Any] = {}
    names = []
    for name in sorted(calls):
        hole = _holes.get(name)
        if hole is None or hole.read is None:
            continue
        values = hole.read.parameters(calls[name])
        if values is None:
            continue
        if parameters.keys() & values.keys():
            raise ValueError(f"the hole {name} reads with a parameter name another hole uses")
        parameters.update(values)
        names.append(name)
    rows: dict[str, list[tuple[Any, Any]]] = defaultdict(list)
    if names:
        for name, first, second in db.session.execute(_union(tuple(names)), parameters):
            rows[name].append((first, second))
    return rows


@functools.cache
def _union(names: tuple[str, ...]) -> Any:
    """The statements of these holes as one: rows of (hole's name, first, second)."""
    parts: list[Any] = []
    for name in names:
        read = _holes[name].read
        assert read is not None  # only holes that read are named
        columns = list(read.statement().subquery().c)
        second = columns[1] if len(columns) > 1 else null()
        parts.append(
            select(
                literal_column(f"'{name}'").label("hole"),  # [a-z_]: the registered names
                cast(columns[0], Integer).label("first"),
                cast(second, Integer).label("second"),
            )
        )
    return parts[0] if len(parts) == 1 else union_all(*parts)


def _drawn(name: str, payload: str, prepared: dict[str, Any], done: dict) -> str:
    """One marker's HTML (the same marker twice on a page is drawn once)."""
    key = (name, payload)
    if key not in done:
        hole = _holes.get(name)
        done[key] = "" if hole is None else str(hole.render(_args(payload), prepared.get(name)))
    return done[key]


@functools.lru_cache(maxsize=4096)
def _decoded(payload: str) -> tuple[tuple[str, Any], ...]:
    if not payload:
        return ()
    value = json.loads(base64.urlsafe_b64decode(payload.encode()))
    return tuple(value.items()) if isinstance(value, dict) else ()


class HoleArgs(dict[str, Any]):
    """A marker's arguments, with the marker's own text as their key."""

    key: str = ""


def args_key(args: dict[str, Any]) -> str:
    """A hole's arguments as part of a key (e.g. of its HTML kept with fragments.remember)."""
    if isinstance(args, HoleArgs):
        return args.key
    return json.dumps(args, separators=(",", ":"), sort_keys=True, default=str)


def _args(payload: str) -> HoleArgs:
    """A marker's arguments (decoded once per process: the same cards come back)."""
    args = HoleArgs(_decoded(payload))
    args.key = payload
    return args


@dataclass(frozen=True)
class Readers:
    """What the accounts feature tells this module (accounts/readers.py): the class of the
    request's reader in a municipality among the roles a page is shared by (None: their page is
    theirs alone), how to draw a page for a stand-in of that class, and who the reader is."""

    reader_class: Callable[[str, frozenset[str]], Hashable | None]
    as_stand_in: Callable[[str, Callable[[], Any]], Any]
    reader_id: Callable[[], int | None]


_readers: list[Readers] = []


def use_readers(readers: Readers) -> None:
    """Called once, at import time, by the feature that knows who is signed in."""
    _readers[:] = [readers]


def kept_page(
    slug: str,
    key: Hashable,
    draw: Callable[[], Any],
    roles: frozenset[str] = CITIZENS,
    *,
    varies: bool = True,
) -> Any:
    """The page's drawing, kept for the readers of the same class (see the module's text).
    `roles`: the roles in the municipality whose members share it (citizens: also those who
    are no member). `varies=False`: the page shows nothing the request variants (vary_by)
    choose, e.g. no idea list."""
    g.page_holes = True
    seconds = int(current_app.config.get("PAGE_SHELL_SECONDS", 60))
    if not _readers or seconds <= 0 or "_flashes" in session:
        return draw()
    if len(request.query_string) > MAX_QUERY:
        return draw()
    hooks = _readers[0]
    readers = hooks.reader_class(slug, roles)
    if readers is None:
        return draw()
    reader = hooks.reader_id()
    full_key = (
        id(current_app),
        request_generation(),
        key,
        readers,
        str(get_locale()),
        request.path,
        request.query_string,
        tuple(part() for part in _variants) if varies else (),
        int(time.time() // seconds),
    )
    kept = lookup(full_key)
    if kept is not None:
        html, authors = kept
        if reader in authors:
            return draw()  # their own writing is on it (an edit link, no report link)
        g.page_shell = "hit"
        return str(html)
    g.page_authors = set()
    try:
        drawn = hooks.as_stand_in(slug, draw)
    except HTTPException:
        return draw()  # not for the stand-in (a pending input): perhaps for this reader
    authors = frozenset(g.pop("page_authors", ()))
    if isinstance(drawn, tuple) and len(drawn) == 2 and drawn[1] == 200:
        drawn = drawn[0]  # (page, 200)
    if not isinstance(drawn, str):
        return drawn  # a redirect, another status: not kept
    own_token = g.get("csrf_token")  # Flask-WTF keeps the token it made in g
    if not (own_token and own_token in drawn):
        keep(full_key, (drawn, authors))
    return draw() if reader in authors else drawn


def lookup(key: Hashable) -> tuple[str, frozenset[int]] | None:
    """A kept page (its key holds the generation it was drawn under)."""
    with _kept_lock:
        kept = _kept.get(key)
        if kept is not None:
            _kept.move_to_end(key)
        return kept


def keep(key: Hashable, page: tuple[str, frozenset[int]]) -> None:
    with _kept_lock:
        _kept[key] = page
        while len(_kept) > MAX_KEPT_PAGES:
            _kept.popitem(last=False)


def forget() -> None:
    """Every kept page gone (generation_cache.clear(): between tests)."""
    with _kept_lock:
        _kept.clear()


on_clear(forget)


def written_by(*user_ids: int | None) -> None:
    """The authors of what a kept page shows: they are given a page drawn for them."""
    if "page_authors" in g:
        g.page_authors.update(user_id for user_id in user_ids if user_id is not None)


def _fill_response(response: Response) -> Response:
    if not g.get("page_holes") or response.direct_passthrough or response.is_streamed:
        return response
    if not (response.mimetype or "").startswith(("text/", "application/json")):
        return response
    html = response.get_data(as_text=True)
    try:
        response.set_data(fill(html))
    except Exception:
        # Never send a marker (it would tell this process's random letters): the error page
        # replaces this response; should filling that one fail too, Flask sends it as it is.
        response.set_data(_PATTERN.sub("", html))
        raise
    return response


# The signed CSRF token of a session's raw token, kept a while: signing it anew (Flask-WTF's
# generate_csrf) on every page was a tenth of a kept page's time. The token is as valid as a new
# one (it is checked against the session's raw token; WTF_CSRF_TIME_LIMIT, if set, sees it at
# most CSRF_REUSE_SECONDS older).
CSRF_REUSE_SECONDS = 60
_signed: "OrderedDict[tuple[Any, str], tuple[str, float]]" = OrderedDict()


def _csrf(_args: dict[str, Any], _prepared: Any) -> str:
    raw = session.get("csrf_token")
    if not isinstance(raw, str) or "csrf_token" in g:
        return generate_csrf()
    key, now = (current_app.secret_key, raw), time.monotonic()
    with _kept_lock:
        kept = _signed.get(key)
    if kept is not None and now - kept[1] < CSRF_REUSE_SECONDS:
        g.csrf_token = kept[0]  # where Flask-WTF keeps the request's token
        return kept[0]
    token = generate_csrf()
    with _kept_lock:
        _signed[key] = (token, now)
        while len(_signed) > MAX_KEPT_PAGES * 16:
            _signed.popitem(last=False)
    return token


register("csrf", _csrf)


def init_app(app: Flask) -> None:
    app.config.setdefault("PAGE_SHELL_SECONDS", 60)
    app.jinja_env.globals.update(hole=hole, csrf_token=csrf_token)
    # Flask-WTF also puts its csrf_token in every template's context; this one comes later.
    app.context_processor(lambda: {"csrf_token": csrf_token})
    # Registered after the page cache's: after_request runs in reverse, so pages are filled
    # before the page cache stores a visitor's page and before the security headers.
    app.after_request(_fill_response)
