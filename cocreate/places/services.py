"""Every change of places: a challenge's setting, an idea's point, a municipality's box."""

from typing import Any

from flask_babel import gettext as _

from ..audit.services import record_event
from ..challenges.models import Challenge
from ..extensions import db
from ..ideas.models import Idea
from ..municipalities.models import Municipality
from ..page_generations import changed
from ..refusals import Refusal
from .geo import Box
from .models import (
    PLACE_TEXT,
    PRECISION_RANGE,
    ChallengePlaceSettings,
    IdeaPlace,
    MunicipalityBounds,
    PlaceMode,
)
from .queries import bounds_for, mode_of, place_of, settings_of
from .rules import why_not_place


def configure_places(
    challenge: Challenge, *, mode: PlaceMode, decimals: int | None, actor: Any
) -> ChallengePlaceSettings:
    """Staff choose whether the idea form asks for a place, and how public points are rounded."""
    if decimals is not None and not PRECISION_RANGE[0] <= decimals <= PRECISION_RANGE[1]:
        raise Refusal(_("Velg en gyldig avrunding."))
    found = settings_of(challenge)
    if found is None:
        found = ChallengePlaceSettings(challenge_id=challenge.id, mode=mode, decimals=decimals)
        db.session.add(found)
    found.mode, found.decimals = mode, decimals
    db.session.flush()
    changed(challenge.municipality_id)
    record_event(
        "places.configured",
        actor=actor,
        municipality=challenge.municipality,
        subject=challenge,
        mode=mode.value,
        decimals=decimals,
    )
    return found


def place_idea(idea: Idea, *, point: tuple[float, float] | None, text: str) -> IdeaPlace | None:
    """Set (or clear) where an idea is about; refused outside the municipality's box, and when the
    challenge requires a place and none is given."""
    challenge = idea.challenge
    municipality = challenge.municipality
    text = PLACE_TEXT.enforce(text.strip(), Refusal)
    mode = mode_of(challenge)
    if reason := why_not_place(municipality.name, bounds_for(municipality), mode, point, text):
        raise Refusal(reason)
    found = place_of(idea)
    if point is None and not text:
        if found is not None:
            db.session.delete(found)
            db.session.flush()
            changed(municipality.id)
        return None
    if found is None:
        found = IdeaPlace(idea_id=idea.id)
        db.session.add(found)
    found.lat, found.lon = point if point is not None else (None, None)
    found.place_text = text
    db.session.flush()
    changed(municipality.id)
    return found


def set_bounds(municipality: Municipality, box: Box | None, *, actor: Any) -> None:
    """Staff set the box points must lie in (None: back to the default)."""
    if box is not None and not (box.min_lat < box.max_lat and box.min_lon < box.max_lon):
        raise Refusal(_("Sør må være mindre enn nord, og vest mindre enn øst."))
    found = db.session.get(MunicipalityBounds, municipality.id)
    if box is None:
        if found is not None:
            db.session.delete(found)
    else:
        if found is None:
            found = MunicipalityBounds(municipality_id=municipality.id)
            db.session.add(found)
        found.min_lat, found.min_lon = box.min_lat, box.min_lon
        found.max_lat, found.max_lon = box.max_lat, box.max_lon
    db.session.flush()
    changed(municipality.id)
    record_event(
        "places.bounds_set",
        actor=actor,
        municipality=municipality,
        subject=municipality,
        box=box.as_list() if box is not None else None,
    )
