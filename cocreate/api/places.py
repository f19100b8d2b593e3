"""The ideas' points as GeoJSON (issue 22 §4), rounded as each challenge says."""

from flask import Response, abort, jsonify
from sqlalchemy import select

from ..challenges.models import Challenge
from ..challenges.queries import PUBLIC_PHASES
from ..extensions import db
from ..municipalities.models import Municipality
from ..places.queries import geojson, public_places
from . import bp


def _geojson(data: dict) -> Response:
    response = jsonify(data)
    response.mimetype = "application/geo+json"
    return response


@bp.get("/challenges/<int:challenge_id>/places")
def challenge_places(challenge_id: int) -> Response:
    challenge = db.session.get(Challenge, challenge_id)
    if challenge is None or challenge.phase not in PUBLIC_PHASES:
        abort(404)
    slug = challenge.municipality.slug
    return _geojson(geojson(public_places(challenge_id=challenge.id), slug))


@bp.get("/municipalities/<slug>/places")
def municipality_places(slug: str) -> Response:
    found = db.session.scalar(select(Municipality).where(Municipality.slug == slug))
    municipality = found or abort(404)
    return _geojson(geojson(public_places(municipality_id=municipality.id), slug))
