"""What templates may call: every feature's permission functions and a few formatters; and the
site's header, a hole of every page (shells.py)."""

from collections.abc import Hashable
from importlib import import_module, util
from typing import Any

from flask import Flask, render_template, request
from flask_babel import format_date, format_datetime, format_decimal, format_percent
from flask_login import current_user
from jinja2 import pass_context
from jinja2.runtime import Context

from .accounts.permissions import staff_municipalities
from .features import FEATURES
from .fragments import cached_fragment, csrf_hole, remember
from .i18n import html_lang
from .ideas.reasons import reason_label
from .sections import collect
from .shells import register

SENTENCE_ENDS = (".", "?", "!", "…", ":")


def full_stop(text: object) -> str:
    """The full stop after a title that ends a sentence, unless the title has its own
    ("… lar bilen stå?" must not become "stå?.")."""
    return "" if str(text).rstrip().endswith(SENTENCE_ENDS) else "."


def number(value: object) -> str:
    """A count or figure in the reader's language: 12 345 in Norwegian, 12,345 in English."""
    if value is None:
        return ""
    return format_decimal(value)


def _permission_functions(app: Flask) -> dict:
    """can_*/is_* from each feature's permissions module, so templates never rebuild a rule."""
    found = {}
    for name in (*FEATURES, "accounts"):
        module_name = f"cocreate.{name}.permissions"
        if util.find_spec(module_name) is None:
            continue
        module = import_module(module_name)
        for attr in dir(module):
            if attr.startswith(("can_", "is_")) and callable(getattr(module, attr)):
                found[attr] = getattr(module, attr)
    return found


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(_permission_functions(app))
    app.jinja_env.globals.update(
        staff_municipalities=staff_municipalities,
        page_sections=collect,
        cached_fragment=cached_fragment,
        csrf_hole=csrf_hole,
        reason_label=reason_label,
        format_date=format_date,
        format_datetime=format_datetime,
        format_decimal=format_decimal,
        format_percent=format_percent,
        full_stop=full_stop,
    )
    app.jinja_env.filters["number"] = number
    _format_plural_counts(app)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def site_header(args: dict[str, Any], _prepared: Any) -> str:
    """The header, drawn once per what it shows: the reader's menus and counts, the page's
    place (aria-current, the language forms' way back) and the language. `nav` is false on the
    error pages."""
    nav = bool(args.get("nav", True))
    menus = collect("header_nav", user=current_user) if nav else []
    working = staff_municipalities(current_user) if nav else []
    key = (
        "site-header",
        nav,
        current_user.is_authenticated,
        html_lang(),
        request.endpoint,
        (request.view_args or {}).get("slug"),
        request.full_path,
        tuple((template, _plain(data)) for template, data in menus),
        _plain(working),
    )
    return remember(
        key,
        lambda: render_template(
            "_site_header.html", nav=nav, menus=menus, working_municipalities=working
        ),
    )


def _plain(value: Any) -> Hashable:
    """A menu's data as a key: what a header menu shows of a row is its id, slug and name."""
    if isinstance(value, dict):
        return tuple(sorted((name, _plain(item)) for name, item in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_plain(item) for item in value)
    if hasattr(value, "__table__"):
        slug, name = getattr(value, "slug", None), getattr(value, "name", None)
        return (type(value).__name__, value.id, slug, name)
    return value if isinstance(value, Hashable) else repr(value)


register("site_header", site_header)


def _format_plural_counts(app: Flask) -> None:
    """ngettext's %(num)s in templates gets the thousands space too ("1 234 støtter"); the rule
    still picks the plural form from the number itself."""
    plain = app.jinja_env.globals["ngettext"]

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, count: int, /, **variables: object):
        variables.setdefault("num", number(count))
        return plain(context, singular, plural, count, **variables)  # type: ignore[operator]

    app.jinja_env.globals["ngettext"] = ngettext
