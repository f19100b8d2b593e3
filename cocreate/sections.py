"""Extension points: a feature adds a section to another feature's page without that page
importing it (imports between features go one way only).

A page's template renders each section (page_sections is `collect`, exposed to Jinja):
    {% for template, section in page_sections("idea_page", idea=idea) %}
      {% include template %}
    {% endfor %}
Pages: front_page, municipality_page, challenge_page, challenge_edit_page, idea_page, account_page,
header_nav; and the staff pages: board_page (the pipeline board), answer_form (above the move,
correction and progress forms) and staff_idea_page (below them). idea_form: field groups inside
the idea form; each section gives its "form" and a "save(idea)" (ideas.routes). idea_title (below
the new idea's title), idea_preview (the new idea form's preview step: a section that has
something to show holds the idea back until "Send inn likevel"), moderation_queue (the
moderation queue: one look-up for all its ideas, rendered beside each idea), result_page (a
result's page) and effects_dashboard (the administrators' effects dashboard, below its figures).

A section may say for whom it is the same for everyone (`shared`: a predicate on the page's
context, e.g. "this reader is not staff"): for those readers it is drawn once per page generation
(generation_cache) and kept as HTML; its template then sees only `section` and the page's
context, never the reader.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import has_request_context, render_template
from flask_babel import get_locale
from markupsafe import Markup

from .generation_cache import for_generation

Loader = Callable[..., dict[str, Any] | None]
KEPT_TEMPLATE = "_kept_section.html"


@dataclass(frozen=True)
class Section:
    template: str
    loader: Loader | None
    order: int
    shared: Callable[..., bool] | None = None


_registry: dict[str, list[Section]] = {}


def register(
    page: str,
    template: str,
    loader: Loader | None = None,
    order: int = 50,
    *,
    shared: Callable[..., bool] | None = None,
) -> None:
    """Add a section; the loader gets the page's context and returns the section's (None = skip)."""
    sections = _registry.setdefault(page, [])
    if any(s.template == template for s in sections):
        return
    sections.append(Section(template, loader, order, shared))
    sections.sort(key=lambda s: s.order)


# Request-dependent parts of a kept section's key beyond the language (vary_by).
_variants: list[Callable[[], str]] = []


def vary_by(part: Callable[[], str]) -> None:
    """Add a part of the request a kept (shared) section varies by, such as the translation's
    "show the original" (called at import time)."""
    if part not in _variants:
        _variants.append(part)


def collect(page: str, **context: Any) -> list[tuple[str, dict[str, Any]]]:
    """The sections of a page, each with its own context, in order."""
    result = []
    for section in _registry.get(page, []):
        if section.shared is not None and has_request_context() and section.shared(**context):
            variant = tuple(part() for part in _variants)
            key = ("section", page, section.template, str(get_locale()), variant, _key(context))
            html = for_generation(key, functools.partial(_drawn, section, context))
            if html is not None:
                result.append((KEPT_TEMPLATE, {"html": html}))
            continue
        data = section.loader(**context) if section.loader else {}
        if data is not None:
            result.append((section.template, data))
    return result


def _drawn(section: Section, context: dict[str, Any]) -> Markup | None:
    data = section.loader(**context) if section.loader else {}
    if data is None:
        return None
    return Markup(render_template(section.template, section=data, **context))  # noqa: S704


def _key(context: dict[str, Any]) -> tuple[tuple[str, str, Any], ...]:
    """The page's context by identity: a model object by its class and id."""
    return tuple(
        (name, type(value).__name__, getattr(value, "id", value))
        for name, value in sorted(context.items())
    )
