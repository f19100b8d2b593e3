"""Showing content in the reader's standard: the Jinja helpers `translated(obj, field)` and
`translation_note(obj)`, and the målform's default language of a municipality's pages.

A reader whose interface language is nynorsk sees a fresh translation of content written in
bokmål (and the reverse), labelled, with a link to the original (`?original=1`, no JavaScript).
English readers, and readers of the standard the content is written in, see the original. A
stale translation (its source changed since) is never shown, nor a machine translation while
Apertium is not installed.
"""

from typing import Any

from flask import g, has_request_context, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from ..generation_cache import for_generation
from ..municipalities.models import Municipality, WrittenLanguage
from ..query_args import link_args
from . import apertium
from .models import ContentTranslation, TranslationOrigin
from .sources import KIND_OF, is_html, version

STANDARDS = ("nb", "nn")


def _reader() -> str | None:
    """The reader's standard when content may be shown translated to it, else None: on a
    municipality's pages (/k/<slug>/…) whose content is written in the other standard."""
    if not has_request_context():
        return None
    locale = str(get_locale() or "")
    if locale not in STANDARDS:
        return None
    written = _page_language()
    return locale if written is not None and written != locale else None


def _page_language() -> str | None:
    """The standard the page's municipality writes in (kept per page generation)."""
    if not request.path.startswith("/k/"):
        return None
    slug = (request.view_args or {}).get("slug")
    found = _malform(slug) if isinstance(slug, str) else None
    return found[0] if found is not None else None


def wants_original() -> bool:
    return has_request_context() and request.args.get("original") == "1"


def _machine_on() -> bool:
    if "translation_machine_on" not in g:
        g.translation_machine_on = apertium.enabled()
    return bool(g.translation_machine_on)


def _fresh(obj: Any, reader: str) -> dict[str, ContentTranslation]:
    """The fresh translations of obj into the reader's standard, by field (one query per object
    and request)."""
    kind = KIND_OF.get(type(obj))
    if kind is None or getattr(obj, "id", None) is None:
        return {}
    cache: dict = g.setdefault("translation_rows", {})
    key = (kind, obj.id, reader)
    if key not in cache:
        rows = db.session.scalars(
            select(ContentTranslation).where(
                ContentTranslation.kind == kind,
                ContentTranslation.object_id == obj.id,
                ContentTranslation.target == WrittenLanguage(reader),
            )
        )
        machine_on = _machine_on()
        cache[key] = {
            row.field: row
            for row in rows
            if row.source_hash == version(getattr(obj, row.field, None) or "")
            and (machine_on or row.origin is TranslationOrigin.staff)
        }
    return cache[key]


def translated(obj: Any, field: str) -> Any:
    """The field as this reader should see it: the fresh translation into their standard, or
    the original. An _html field comes back as Markup (both are cleaned HTML)."""
    original = getattr(obj, field)
    reader = _reader()
    row = None if reader is None or wants_original() else _fresh(obj, reader).get(field)
    value = original if row is None else row.text
    return Markup(value or "") if is_html(field) else value  # noqa: S704 - cleaned when saved


def translation_note(obj: Any) -> Markup:
    """The label under translated content ("Maskinomsett frå bokmål" and a link to the
    original), or, on ?original=1, a link back to the translation; empty otherwise."""
    reader = _reader()
    if reader is None:
        return Markup("")
    rows = _fresh(obj, reader)
    if not rows:
        return Markup("")
    args = {**(request.view_args or {}), **link_args(request.args.to_dict())}
    if wants_original():
        args.pop("original", None)
        link = url_for(request.endpoint or "site.index", **args)
        return Markup('<p class="translation-note"><span>{}</span> <a href="{}">{}</a></p>').format(
            _("Du leser originalen."), link, _("Vis oversettelsen")
        )
    source = next(iter(rows.values())).source
    checked = all(row.checked for row in rows.values())
    if source is WrittenLanguage.nb:
        label = (
            _("Kontrollert oversettelse fra bokmål") if checked else _("Maskinoversatt fra bokmål")
        )
    else:
        label = (
            _("Kontrollert oversettelse fra nynorsk")
            if checked
            else _("Maskinoversatt fra nynorsk")
        )
    args["original"] = "1"
    link = url_for(request.endpoint or "site.index", **args)
    return Markup('<p class="translation-note"><span>{}</span> <a href="{}">{}</a></p>').format(
        label, link, _("Vis originalen")
    )


def municipality_locale() -> str | None:
    """The målform's language for a visitor who chose none, on a municipality's pages
    (/k/<slug>/…): bokmål or nynorsk; nøytral takes the browser's choice between the two, else
    bokmål. A browser that prefers English keeps English (i18n.select_locale)."""
    if not request.path.startswith("/k/"):
        return None
    slug = (request.view_args or {}).get("slug")
    if not isinstance(slug, str):
        return None
    best = request.accept_languages.best_match(["nb", "nn", "en", "no"])
    if best == "en":
        return None
    found = _malform(slug)
    if found is None:
        return None
    language, neutral = found
    if neutral:
        return "nn" if best == "nn" else "nb"
    return language


def _malform(slug: str) -> tuple[str, bool] | None:
    """The municipality's written standard and whether it is language-neutral, kept per page
    generation in this process (generation_cache): a page served from the page cache and a
    signed-in page read the generation anyway, so the målform costs no query of its own; a
    change of the målform moves the municipality's generation (services.set_malform)."""
    loaded = _loaded_malform(slug)
    if loaded is not None:
        return loaded
    try:
        return for_generation(("malform", slug), lambda: _read_malform(slug))
    except SQLAlchemyError:  # the database is down: the error page speaks bokmål
        db.session.rollback()
        return None


def _loaded_malform(slug: str) -> tuple[str, bool] | None:
    """The målform of the municipality this request has loaded already, if it has (an action
    such as a support loads its idea's municipality): no query, and as fresh as its row. Only
    attributes already loaded are read; an expired object is passed over (it would query)."""
    for found in db.session.identity_map.values():
        if not isinstance(found, Municipality):
            continue
        state = found.__dict__
        if state.get("slug") == slug and "language" in state and "language_neutral" in state:
            return found.language.value, bool(found.language_neutral)
    return None


def _read_malform(slug: str) -> tuple[str, bool] | None:
    row = db.session.execute(
        select(Municipality.language, Municipality.language_neutral).where(
            Municipality.slug == slug
        )
    ).first()
    return None if row is None else (row[0].value, bool(row[1]))
