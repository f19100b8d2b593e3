"""Place pages: the staff's setting per challenge and box per municipality, the map sections,
and the public points (GeoJSON, and a plain list for those without JavaScript)."""

from typing import Any

from flask import abort, current_app, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import sections
from ..challenges.models import Challenge
from ..challenges.permissions import can_edit_challenge, can_view_challenge
from ..database import attempt
from ..extensions import db, limiter
from ..ideas.models import Idea
from ..municipalities.models import Municipality
from ..municipalities.services import get_by_slug
from ..pagecache import cached_for_visitors
from ..settings.permissions import can_change_settings
from . import bp
from .assets import map_config
from .forms import BoundsForm, PlaceSettingsForm
from .geo import DEFAULT_BOUNDS, NORWAY, round_point
from .idea_form import idea_form_part
from .models import PlaceMode
from .queries import (
    bounds_for,
    decimals_of,
    geojson,
    mode_of,
    own_bounds,
    place_of,
    public_places,
    settings_of,
)
from .services import configure_places, set_bounds

WRITE_LIMIT = "20/minute;200/hour"


def _municipality(slug: str) -> Municipality:
    return get_by_slug(slug) or abort(404)


def _challenge(slug: str, challenge_id: int) -> Challenge:
    municipality = _municipality(slug)
    challenge = db.session.get(Challenge, challenge_id)
    if challenge is None or challenge.municipality_id != municipality.id:
        abort(404)
    if not can_view_challenge(current_user, challenge):
        abort(404)
    return challenge


# Staff: the challenge's setting and the municipality's box ----------------------------------


@bp.route("/k/<slug>/utfordringer/<int:challenge_id>/sted", methods=["POST"])
@login_required
@limiter.limit(WRITE_LIMIT, methods=["POST"])
def settings(slug: str, challenge_id: int):
    """Staff choose whether ideas get a place, and how points are rounded in public."""
    challenge = _challenge(slug, challenge_id)
    if not can_edit_challenge(current_user, challenge):
        abort(403)
    form = PlaceSettingsForm()
    back = url_for("challenges.edit", slug=slug, challenge_id=challenge.id)
    if not form.validate_on_submit():
        flash(_("Velg om innspillskjemaet skal spørre om sted."), "error")
        return redirect(back + "#sted-innstillinger", code=303)
    decimals = int(form.decimals.data) if form.decimals.data else None
    mode = PlaceMode(form.mode.data)
    done = attempt(
        lambda: configure_places(challenge, mode=mode, decimals=decimals, actor=current_user)
    )
    if done.refusal is None:
        flash(_("Stedsvalget er lagret."), "success")
    else:
        flash(done.refusal.reason, "error")
    return redirect(back + "#sted-innstillinger", code=303)


def _settings_section(challenge: Challenge, **_context: Any) -> dict[str, Any] | None:
    if not can_edit_challenge(current_user, challenge):
        return None
    found = settings_of(challenge)
    form = PlaceSettingsForm(
        mode=found.mode.value if found else PlaceMode.off.value,
        decimals=str(found.decimals) if found and found.decimals else "",
    )
    return {"challenge": challenge, "form": form}


sections.register("challenge_edit_page", "places/_settings.html", _settings_section, order=60)


@bp.route("/k/<slug>/kartgrense", methods=["GET", "POST"])
@login_required
@limiter.limit(WRITE_LIMIT, methods=["POST"])
def bounds(slug: str):
    """Administrators set the box ideas' points must lie in."""
    municipality = _municipality(slug)
    if not can_change_settings(current_user, municipality):
        abort(403)
    own = own_bounds(municipality)
    current = bounds_for(municipality)
    form = BoundsForm(obj=None if own is None else own)
    if form.validate_on_submit():
        box = form.box()
        done = attempt(lambda: set_bounds(municipality, box, actor=current_user))
        if done.refusal is None:
            flash(_("Kartgrensen er lagret."), "success")
            return redirect(url_for(".bounds", slug=slug), code=303)
        form.form_errors.append(done.refusal.reason)
    elif own is None and not form.is_submitted():
        form.min_lat.data, form.min_lon.data = current.min_lat, current.min_lon
        form.max_lat.data, form.max_lon.data = current.max_lat, current.max_lon
    html = render_template(
        "places/bounds.html",
        municipality=municipality,
        form=form,
        own=own,
        default=DEFAULT_BOUNDS.get(municipality.number),
        norway=NORWAY,
    )
    return html, 400 if form.errors else 200


def _bounds_link(municipality: Municipality, **_context: Any) -> dict[str, Any] | None:
    if not can_change_settings(current_user, municipality):
        return None
    return {"municipality": municipality}


sections.register("municipality_page", "places/_admin_link.html", _bounds_link, order=88)


# Public: the map on the challenge page, the points as GeoJSON and as a list -----------------


def _map_section(challenge: Challenge, **_context: Any) -> dict[str, Any] | None:
    if mode_of(challenge) is PlaceMode.off and not db.session.scalar(
        public_places(challenge_id=challenge.id).with_only_columns(Idea.id).limit(1)
    ):
        return None
    return {
        "challenge": challenge,
        "box": bounds_for(challenge.municipality),
        "map": map_config(),
        "decimals": decimals_of(challenge),
    }


# The map is the same for every reader: drawn once per page generation.
sections.register(
    "challenge_page",
    "places/_challenge_map.html",
    _map_section,
    order=45,
    shared=lambda **_: True,
)


def _idea_section(idea: Idea, **_context: Any) -> dict[str, Any] | None:
    found = place_of(idea)
    if found is None:
        return None
    point = None
    if found.lat is not None and found.lon is not None:
        point = round_point(found.lat, found.lon, decimals_of(idea.challenge))
    return {"idea": idea, "place": found, "point": point}


sections.register(
    "idea_page", "places/_on_idea.html", _idea_section, order=5, shared=lambda **_: True
)
sections.register("idea_form", "places/_fields.html", idea_form_part)


@bp.route("/k/<slug>/utfordringer/<int:challenge_id>/steder.geojson")
@cached_for_visitors
def challenge_geojson(slug: str, challenge_id: int):
    """The challenge's published ideas with a point, as a GeoJSON FeatureCollection."""
    challenge = _challenge(slug, challenge_id)
    response = jsonify(geojson(public_places(challenge_id=challenge.id), slug))
    response.mimetype = "application/geo+json"
    return response


@bp.route("/k/<slug>/utfordringer/<int:challenge_id>/steder")
@cached_for_visitors
def challenge_list(slug: str, challenge_id: int):
    """The same points as a plain list (the map's text alternative, without JavaScript)."""
    challenge = _challenge(slug, challenge_id)
    collection = geojson(public_places(challenge_id=challenge.id), slug)
    return render_template(
        "places/list.html",
        challenge=challenge,
        municipality=challenge.municipality,
        features=collection["features"],
        decimals=decimals_of(challenge),
        tiles=current_app.config.get("MAP_TILE_URL"),
    )
