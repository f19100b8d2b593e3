"""GET /api/v1/search: the site search for programs (cocreate/search), public items only."""

from typing import Any

from flask import jsonify, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from ..extensions import db
from ..ideas.stages import Stage
from ..municipalities.models import Municipality
from ..reference.models import Principle
from ..search.queries import KINDS, Hit, SearchFilter, search
from ..search.terms import QUERY, plain, words
from . import bp

MAX_PER_PAGE = 100


def _bad(message: str) -> ResponseReturnValue:
    return jsonify(error="Ugyldig forespørsel", message=message, status=400), 400


def _number(name: str, default: int, maximum: int) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return default
    return int(raw) if raw.isdecimal() and 1 <= int(raw) <= maximum else None


def serialize_hit(hit: Hit) -> dict[str, Any]:
    place = hit.challenge.municipality
    if hit.kind in ("idea", "answer"):
        url = url_for("ideas.detail", slug=place.slug, idea_id=hit.idea_id, _external=True)
    else:
        url = url_for(
            "challenges.detail", slug=place.slug, challenge_id=hit.challenge.id, _external=True
        )
    return {
        "type": hit.kind,
        "id": hit.id,
        "title": plain(str(hit.title).replace("<mark>", "").replace("</mark>", "")),
        "title_html": str(hit.title),
        "snippet_html": str(hit.snippet),
        "municipality": place.slug,
        "challenge_id": hit.challenge.id,
        "idea_id": hit.idea_id,
        "stage": hit.stage.value if hit.stage else None,
        "url": url,
    }


@bp.get("/search")
def search_items() -> ResponseReturnValue:
    query = request.args.get("q", "")
    if not words(query) or len(query) > QUERY.max:
        return _bad(f"Oppgi «q» med minst ett ord og høyst {QUERY.max} tegn.")
    page = _number("page", 1, 10**6)
    per_page = _number("per_page", 20, MAX_PER_PAGE)
    if page is None or per_page is None:
        return _bad("Ugyldig verdi for «page» eller «per_page»: bruk et heltall fra 1.")
    municipality_id = None
    if slug := request.args.get("municipality"):
        found = db.session.scalar(select(Municipality.id).where(Municipality.slug == slug))
        if found is None:
            return jsonify(error="Finnes ikke", message="Ukjent kommune.", status=404), 404
        municipality_id = found
    principle_id = None
    if (raw := request.args.get("principle")) is not None:
        number = int(raw) if raw.isdecimal() and len(raw) < 3 else 0
        principle_id = db.session.scalar(select(Principle.id).where(Principle.number == number))
        if principle_id is None:
            return _bad("Ugyldig verdi for «principle»: bruk et tall fra 1 til 8.")
    stage = None
    if (raw := request.args.get("stage")) is not None:
        stage = next((s for s in Stage if s.value == raw), None)
        if stage is None:
            return _bad("Ugyldig verdi for «stage».")
    kind = request.args.get("type")
    if kind is not None and kind not in KINDS:
        return _bad("Ugyldig verdi for «type».")
    wanted = SearchFilter(query, municipality_id, principle_id, stage, kind)
    found_page = search(wanted, page=page, per_page=per_page)
    return jsonify(
        items=[serialize_hit(hit) for hit in found_page.hits],
        page=page,
        per_page=per_page,
        total=found_page.total,
        pages=found_page.pages,
    )
