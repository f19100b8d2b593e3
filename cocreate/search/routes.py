"""Search pages for visitors: the whole installation (/sok) and one municipality (/k/<slug>/sok);
the live suggestions of similar ideas (JSON); and the sections this feature adds to other pages
(the idea form's preview step, the moderation queue, the header)."""

from typing import Any

from flask import abort, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from .. import sections
from ..challenges.models import Challenge
from ..challenges.permissions import can_view_challenge
from ..extensions import db, limiter
from ..ideas.models import Idea
from ..municipalities.models import Municipality
from . import bp
from .forms import KIND_NAMES, SearchForm
from .queries import SearchFilter, search
from .similar import similar_for_many, similar_ideas
from .terms import QUERY, words

# Per address: a search costs more than a page, and is open to anyone.
SEARCH_LIMIT = limiter.limit("30/minute;600/hour")
SUGGEST_LIMIT = limiter.limit("60/minute;1200/hour")
MIN_SUGGEST = 4  # letters typed before suggestions are looked for


def _page_number() -> int:
    raw = request.args.get("side", "")
    return int(raw) if raw.isdecimal() and 0 < int(raw) < 10_000 else 1


def _results(municipality: Municipality | None):
    form = SearchForm(request.args)
    asked = "q" in request.args
    found, message = None, None
    if asked:
        query = form.q.data or ""
        if not form.validate():
            message = QUERY.explain(query) if len(query) > QUERY.max else _("Ugyldig søk.")
        elif not words(query):
            message = _("Skriv minst ett ord å søke etter.")
        else:
            wanted = SearchFilter(
                query,
                municipality_id=municipality.id if municipality else form.municipality_id(),
                principle_id=form.principle_id(),
                stage=form.stage(),
                kind=form.kind(),
            )
            found = search(wanted, page=_page_number())
    status = 400 if message and form.errors else 200
    return render_template(
        "search/results.html",
        form=form,
        municipality=municipality,
        found=found,
        message=message,
        kind_names=KIND_NAMES,
    ), status


@bp.route("/sok")
@SEARCH_LIMIT
def everywhere():
    """Search every municipality's public challenges, ideas, answers and workshops."""
    return _results(None)


@bp.route("/k/<slug>/sok")
@SEARCH_LIMIT
def municipality(slug: str):
    """Search one municipality's public challenges, ideas, answers and workshops."""
    place = db.session.scalar(select(Municipality).where(Municipality.slug == slug))
    if place is None:
        abort(404)
    return _results(place)


@bp.route("/k/<slug>/utfordringer/<int:challenge_id>/lignende-innspill")
@SUGGEST_LIMIT
def suggestions(slug: str, challenge_id: int):
    """Similar published ideas of the challenge for a title being typed (JSON, for the form's
    script; the form's preview step gives the same without JavaScript)."""
    challenge = db.session.scalar(
        select(Challenge)
        .join(Municipality, Municipality.id == Challenge.municipality_id)
        .where(Challenge.id == challenge_id, Municipality.slug == slug)
    )
    if challenge is None or not can_view_challenge(current_user, challenge):
        abort(404)
    title = (request.args.get("tittel") or "")[: QUERY.max]
    ideas = similar_ideas(challenge.id, title) if len(title.strip()) >= MIN_SUGGEST else []
    return jsonify(items=[_suggestion(idea, slug) for idea in ideas])


def _suggestion(idea: Idea, slug: str) -> dict[str, Any]:
    return {
        "id": idea.id,
        "title": idea.title,
        "supports": idea.support_count,
        "url": url_for("ideas.detail", slug=slug, idea_id=idea.id),
    }


# Sections on other features' pages ------------------------------------------------------------


def _idea_preview(challenge: Challenge, title: str = "", **_context: Any) -> dict | None:
    """The idea form's preview step: similar ideas before a new one is sent."""
    ideas = similar_ideas(challenge.id, title)
    return {"ideas": ideas, "challenge": challenge} if ideas else None


def _merge_candidates(ideas: Any = (), **_context: Any) -> dict | None:
    """Likely duplicates of the ideas in the moderation queue, to merge (one look-up for all)."""
    ideas = [i for i in ideas if isinstance(i, Idea)]
    return {"candidates": similar_for_many(ideas)} if ideas else None


def _live_suggestions(
    challenge: Challenge, idea: Idea | None = None, preview: Any = None, **_context: Any
) -> dict | None:
    """The new idea form's live suggestions (not when editing, nor on the preview step)."""
    if idea is not None or preview:
        return None
    slug = challenge.municipality.slug
    return {"url": url_for("search.suggestions", slug=slug, challenge_id=challenge.id)}


def _header_nav(**_context: Any) -> dict:
    return {}


sections.register("idea_preview", "search/_similar_ideas.html", _idea_preview)
sections.register("moderation_queue", "search/_merge_candidates.html", _merge_candidates)
sections.register("idea_title", "search/_live_suggestions.html", _live_suggestions)
sections.register("header_nav", "search/_header_nav.html", _header_nav, order=5)
