"""Shared by the workshop views: loading with tenant checks, the participant cookie, links."""

from flask import abort, current_app, g, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from ..challenges.models import Challenge
from ..extensions import db, login_manager
from ..ideas.models import Idea
from ..municipalities.models import Municipality
from . import bp
from .codes import new_participant_token, participant_hash
from .models import Workshop

PARTICIPANT_COOKIE = "samskap_deltaker"
PARTICIPANT_COOKIE_DAYS = 30


def require(allowed: bool) -> None:
    """Log-in page for visitors, 403 for people without the right."""
    if allowed:
        return
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    abort(403)


def load_challenge(slug: str, challenge_id: int) -> Challenge:
    challenge = db.session.get(Challenge, challenge_id)
    if challenge is None or challenge.municipality.slug != slug:
        abort(404)
    return challenge


def load_workshop(slug: str, workshop_id: int) -> Workshop:
    workshop = db.session.get(
        Workshop,
        workshop_id,
        options=[selectinload(Workshop.challenge).selectinload(Challenge.municipality)],
    )
    if workshop is None or workshop.challenge.municipality.slug != slug:
        abort(404)
    return workshop


def challenge_url(challenge: Challenge) -> str:
    return url_for("challenges.detail", slug=challenge.municipality.slug, challenge_id=challenge.id)


def idea_url(idea: Idea) -> str:
    slug = db.session.get_one(Municipality, idea.challenge.municipality_id).slug
    return url_for("ideas.detail", slug=slug, idea_id=idea.id)


def _base() -> str:
    return (current_app.config.get("BASE_URL") or request.host_url).rstrip("/")


def join_url(workshop: Workshop) -> str:
    """The full address a QR code and a poster point to."""
    return _base() + url_for("workshops.live", code=workshop.join_code)


@bp.app_template_global()
def workshop_join_page() -> str:
    """The full address of the page where a code is typed in."""
    return _base() + url_for("workshops.join")


def participant_token() -> str:
    """This device's random token from its cookie; a new one is made (and set) when it has none."""
    token = g.get("participant_token") or request.cookies.get(PARTICIPANT_COOKIE, "")
    if not (40 <= len(token) <= 64) or not all(c.isalnum() or c in "-_" for c in token):
        token = ""
    if not token:
        token = new_participant_token()
        g.new_participant_token = token
    g.participant_token = token
    return token


def participant_of(workshop: Workshop) -> str:
    """This device's pseudonym in the workshop."""
    return participant_hash(workshop.id, participant_token())


def device_key() -> str:
    """Rate-limit key: the device token, else the address (a venue's Wi-Fi shares one address)."""
    return "device:" + (request.cookies.get(PARTICIPANT_COOKIE) or get_remote_address())


@bp.after_request
def _set_participant_cookie(response: Response) -> Response:
    token = g.get("new_participant_token")
    if token:
        response.set_cookie(
            PARTICIPANT_COOKIE,
            token,
            max_age=PARTICIPANT_COOKIE_DAYS * 24 * 3600,
            path="/w/",
            httponly=True,
            samesite="Lax",
            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        )
    return response
