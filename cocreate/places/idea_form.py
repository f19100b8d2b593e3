"""The idea form's part (sections page "idea_form"): the place field group for a challenge that
asks for a place, validated with the idea form and saved in the same transaction."""

from functools import partial
from typing import Any

from ..challenges.models import Challenge
from ..ideas.models import Idea
from .assets import map_config
from .forms import PlaceFields
from .models import PlaceMode
from .queries import bounds_for, mode_of, place_of
from .services import place_idea


def place_form_for(challenge: Challenge, idea: Idea | None = None) -> PlaceFields | None:
    """The field group (with the map's settings), or None when the challenge asks for no place."""
    mode = mode_of(challenge)
    if mode is PlaceMode.off:
        return None
    form = PlaceFields(challenge.municipality, bounds_for(challenge.municipality), mode)
    form.map = map_config()
    found = place_of(idea) if idea is not None else None
    if found is not None and not form.is_submitted():
        form.lat.data, form.lon.data, form.text.data = found.lat, found.lon, found.place_text
    return form


def save_place(form: PlaceFields, idea: Idea) -> None:
    """Store what the field group holds (a service call; refused outside the box)."""
    place_idea(idea, point=form.point(), text=form.text.data or "")


def idea_form_part(challenge: Challenge, idea: Idea | None = None, **_: Any) -> dict | None:
    form = place_form_for(challenge, idea)
    if form is None:
        return None
    return {"form": form, "save": partial(save_place, form)}
