"""Idea cards drawn once per content, not once per request.

The part of a card that is the same for every reader (title, stage steps, counts, district,
channel) is rendered once per language and kept in a small in-process cache whose key is that
content itself: a changed title, stage or count is a new key, so no write in any process can
leave a card stale and nothing needs to be invalidated. The reader's own part (support or
withdraw, with the CSRF token) is rendered around it on every request (templates/ideas/_card.html).
"""

from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from flask import current_app, request
from flask_babel import get_locale
from markupsafe import Markup

from .stages import MAIN_PATH

CARD_CACHE_SIZE = 4096  # about 1.5 KB each: a few MB per worker


def idea_card_body(idea: Any) -> Markup:
    """The shared part of an idea's card (`idea` has its district and challenge loaded)."""
    return _card_body(
        str(get_locale()),
        request.script_root,
        idea.challenge.municipality.slug,
        idea.id,
        idea.title,
        idea.stage,
        idea.support_count,
        idea.comment_count,
        idea.district.name if idea.district else None,
        idea.channel,
    )


@lru_cache(maxsize=CARD_CACHE_SIZE)
def _card_body(
    locale: str,
    script_root: str,
    slug: str,
    idea_id: int,
    title: str,
    stage: Any,
    support_count: int,
    comment_count: int,
    district: str | None,
    channel: Any,
) -> Markup:
    card = SimpleNamespace(
        slug=slug,
        id=idea_id,
        title=title,
        stage=stage,
        support_count=support_count,
        comment_count=comment_count,
        district=district,
        channel=channel,
    )
    template = current_app.jinja_env.get_template("ideas/_card_body.html")
    return Markup(template.render(card=card, main_path=MAIN_PATH))  # noqa: S704 - autoescaped


def clear_cache() -> None:
    """Forget every card (tests that change translations or templates)."""
    _card_body.cache_clear()
