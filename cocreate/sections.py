"""Extension points: a feature adds a section to another feature's page without that page
importing it (imports between features go one way only).

A page's template renders each section (page_sections is `collect`, exposed to Jinja):
    {% for template, section in page_sections("idea_page", idea=idea) %}
      {% include template %}
    {% endfor %}
Pages: front_page, municipality_page, challenge_page, challenge_edit_page, idea_page, account_page,
header_nav; and the staff pages: board_page (the pipeline board), answer_form (above the move,
correction and progress forms) and staff_idea_page (below them); idea_form (below the new idea's
title), idea_preview (the new idea form's preview step: a section that has something to show
holds the idea back until "Send inn likevel") and moderation_queue (the
moderation queue: one look-up for all its ideas, rendered beside each idea).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Loader = Callable[..., dict[str, Any] | None]


@dataclass(frozen=True)
class Section:
    template: str
    loader: Loader | None
    order: int


_registry: dict[str, list[Section]] = {}


def register(page: str, template: str, loader: Loader | None = None, order: int = 50) -> None:
    """Add a section; the loader gets the page's context and returns the section's (None = skip)."""
    sections = _registry.setdefault(page, [])
    if any(s.template == template for s in sections):
        return
    sections.append(Section(template, loader, order))
    sections.sort(key=lambda s: s.order)


def collect(page: str, **context: Any) -> list[tuple[str, dict[str, Any]]]:
    """The sections of a page, each with its own context, in order."""
    result = []
    for section in _registry.get(page, []):
        data = section.loader(**context) if section.loader else {}
        if data is not None:
            result.append((section.template, data))
    return result
