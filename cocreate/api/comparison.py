"""The comparison between municipalities (issue 25 §4) in the open API: the headline measures of
the municipalities that share, for the whole period, one calendar year or one principle."""

from typing import Any

from flask import Response, jsonify, request

from ..comparison.figures import INDICATORS, Row, comparison
from ..extensions import db
from ..reference.models import Principle
from . import bp

YEARS = (2000, 2100)


def _error(message: str) -> tuple[Response, int]:
    return jsonify(error="Ugyldig forespørsel", message=message, status=400), 400


def _not_found(message: str) -> tuple[Response, int]:
    return jsonify(error="Finnes ikke", message=message, status=404), 404


def _int(name: str, low: int, high: int) -> int | None:
    raw = request.args.get(name, "").strip()
    if raw == "":
        return None
    if not raw.isdecimal() or not low <= int(raw) <= high:
        raise ValueError(name)
    return int(raw)


def row(item: Row) -> dict[str, Any]:
    return {
        "municipality": item.slug,
        "name": item.name,
        "number": item.number,
        "population": item.population,
        "size_band": item.band,
        "suppressed": item.suppressed,
        **{indicator: item.value(indicator) for indicator in INDICATORS},
    }


@bp.get("/comparison")
def comparison_figures() -> Any:
    try:
        year = _int("year", *YEARS)
    except ValueError:
        return _error(f"Ugyldig verdi for «year»: bruk et år fra {YEARS[0]} til {YEARS[1]}.")
    try:
        principle_id = _int("principle", 1, 2**31 - 1)
    except ValueError:
        return _error("Ugyldig verdi for «principle»: bruk et prinsipps id (se /principles).")
    if principle_id is not None and db.session.get(Principle, principle_id) is None:
        return _not_found("Prinsippet finnes ikke (se /principles).")
    if year is not None and principle_id is not None:
        # Like a challenge with too few participants (/challenges/{id}/metrics): a scope
        # whose counts of persons are not protected with the others is not published.
        return _not_found(
            "Velg «year» eller «principle», ikke begge: tallene sammenlignes bare for "
            "avgrensninger der ingen små grupper kan regnes ut."
        )
    return jsonify(
        year=year,
        principle=principle_id,
        items=[row(item) for item in comparison(year, principle_id)],
    )
