"""Reads: a challenge's place setting, a municipality's box, the public points as GeoJSON."""

from typing import Any

from flask import url_for
from sqlalchemy import Select, select

from ..challenges.models import Challenge
from ..challenges.queries import PUBLIC_PHASES
from ..extensions import db
from ..ideas.models import Idea, Visibility
from ..municipalities.models import Municipality
from .geo import DEFAULT_BOUNDS, NORWAY, Box, feature, feature_collection
from .models import ChallengePlaceSettings, IdeaPlace, MunicipalityBounds, PlaceMode


def settings_of(challenge: Challenge) -> ChallengePlaceSettings | None:
    return db.session.get(ChallengePlaceSettings, challenge.id)


def mode_of(challenge: Challenge) -> PlaceMode:
    found = settings_of(challenge)
    return found.mode if found is not None else PlaceMode.off


def decimals_of(challenge: Challenge) -> int | None:
    found = settings_of(challenge)
    return found.decimals if found is not None else None


def own_bounds(municipality: Municipality) -> MunicipalityBounds | None:
    return db.session.get(MunicipalityBounds, municipality.id)


def bounds_for(municipality: Municipality) -> Box:
    """The staff's box, else the reference default for its number, else Norway's."""
    own = own_bounds(municipality)
    if own is not None:
        return Box(own.min_lat, own.min_lon, own.max_lat, own.max_lon)
    return DEFAULT_BOUNDS.get(municipality.number, NORWAY)


def place_of(idea: Idea) -> IdeaPlace | None:
    return db.session.get(IdeaPlace, idea.id)


def public_places(*, challenge_id: int | None = None, municipality_id: int | None = None) -> Select:
    """Published ideas of public challenges with a point: id, title, stage, challenge, place,
    the point and the challenge's rounding."""
    query = (
        select(
            Idea.id,
            Idea.title,
            Idea.stage,
            Idea.challenge_id,
            IdeaPlace.place_text,
            IdeaPlace.lat,
            IdeaPlace.lon,
            ChallengePlaceSettings.decimals,
        )
        .join(IdeaPlace, IdeaPlace.idea_id == Idea.id)
        .join(Challenge, Challenge.id == Idea.challenge_id)
        .outerjoin(ChallengePlaceSettings, ChallengePlaceSettings.challenge_id == Challenge.id)
        .where(Idea.visibility == Visibility.published, IdeaPlace.lat.is_not(None))
        .order_by(Idea.id)
    )
    if challenge_id is not None:
        query = query.where(Idea.challenge_id == challenge_id)
    else:
        query = query.where(
            Challenge.municipality_id == municipality_id, Challenge.phase.in_(PUBLIC_PHASES)
        )
    return query


def geojson(query: Select, slug: str) -> dict[str, Any]:
    """The rows of public_places() as a FeatureCollection, each point rounded as its challenge
    says (the only way points leave the server)."""
    features = [
        feature(
            row.lat,
            row.lon,
            {
                "idea_id": row.id,
                "title": row.title,
                "stage": row.stage.value,
                "stage_label": row.stage.label,
                "challenge_id": row.challenge_id,
                "place": row.place_text or None,
                "url": url_for("ideas.detail", slug=slug, idea_id=row.id, _external=True),
            },
            row.decimals,
        )
        for row in db.session.execute(query)
    ]
    return feature_collection(features)
