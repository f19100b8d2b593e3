"""Load what a results URL names, or answer 404 (also for what the person may not see)."""

from flask import abort
from flask_login import current_user

from ..challenges.models import Challenge
from ..challenges.permissions import can_view_challenge
from ..extensions import db
from ..municipalities.models import Municipality
from ..municipalities.services import get_by_slug
from .models import Result
from .permissions import can_view_result


def municipality_or_404(slug: str) -> Municipality:
    return get_by_slug(slug) or abort(404)


def challenge_or_404(municipality: Municipality, challenge_id: int) -> Challenge:
    challenge = db.session.get(Challenge, challenge_id)
    if (
        challenge is None
        or challenge.municipality_id != municipality.id
        or not can_view_challenge(current_user, challenge)
    ):
        abort(404)
    return challenge


def result_or_404(municipality: Municipality, result_id: int) -> Result:
    result = db.session.get(Result, result_id)
    if (
        result is None
        or result.challenge.municipality_id != municipality.id
        or not can_view_result(current_user, result)
    ):
        abort(404)
    return result
