"""Follow and unfollow a whole challenge, a district or a principle (POST with CSRF), and the
follow buttons this feature adds to the challenge page."""

from flask import abort, flash, redirect
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from .. import sections
from ..accounts.routes import safe_next
from ..database import commit
from ..extensions import db
from ..municipalities.models import District, Municipality
from ..municipalities.services import get_by_slug
from ..reference.models import Principle
from . import bp, holes  # noqa: F401 - holes: what the reader follows
from .facts import challenge_facts
from .following import (
    Topic,
    challenge_path,
    follow_topic,
    unfollow_topic,
)
from .models import Challenge, Phase
from .permissions import can_view_challenge


def _follow_section(challenge: Challenge | None = None, **_context):
    """What the follow hole needs (challenges/holes.py): the same for every reader."""
    if challenge is None or not can_view_challenge(current_user, challenge):
        return None
    return {
        "challenge_id": challenge.id,
        "slug": challenge.municipality.slug,
        "draft": challenge.phase is Phase.draft,
        "districts": [[d.id, d.name] for d in challenge_facts(challenge).districts],
    }


sections.register("challenge_page", "challenges/_follow_section.html", _follow_section, order=5)


def _municipality_or_404(slug: str) -> Municipality:
    return get_by_slug(slug) or abort(404)


def _challenge(slug: str, challenge_id: int) -> Challenge:
    municipality = _municipality_or_404(slug)
    challenge = db.session.get(Challenge, challenge_id)
    if (
        challenge is None
        or challenge.municipality_id != municipality.id
        or not can_view_challenge(current_user, challenge)
    ):
        abort(404)
    return challenge


def _district(slug: str, district_id: int) -> District:
    municipality = _municipality_or_404(slug)
    district = db.session.get(District, district_id)
    if district is None or district.municipality_id != municipality.id:
        abort(404)
    return district


def _principle(slug: str) -> Principle:
    return db.session.scalar(select(Principle).where(Principle.slug == slug)) or abort(404)


def _name(topic: Topic) -> str:
    if isinstance(topic, Challenge):
        return _("utfordringen «%(title)s»", title=topic.title)
    if isinstance(topic, District):
        return _("bydelen %(name)s", name=topic.name)
    return _("prinsippet «%(name)s»", name=topic.name)


def _follow(topic: Topic, back: str) -> Response:
    follow_topic(current_user, topic)
    commit()
    flash(_("Du følger nå %(topic)s.", topic=_name(topic)), "success")
    return redirect(safe_next(back))


def _unfollow(topic: Topic, back: str) -> Response:
    unfollow_topic(current_user, topic)
    commit()
    flash(_("Du følger ikke lenger %(topic)s.", topic=_name(topic)), "success")
    return redirect(safe_next(back))


@bp.route("/k/<slug>/utfordringer/<int:challenge_id>/folg", methods=["POST"])
@login_required
def follow_challenge(slug: str, challenge_id: int):
    challenge = _challenge(slug, challenge_id)
    return _follow(challenge, challenge_path(challenge))


@bp.route("/k/<slug>/utfordringer/<int:challenge_id>/avfolg", methods=["POST"])
@login_required
def unfollow_challenge(slug: str, challenge_id: int):
    challenge = _challenge(slug, challenge_id)
    return _unfollow(challenge, challenge_path(challenge))


@bp.route("/k/<slug>/bydeler/<int:district_id>/folg", methods=["POST"])
@login_required
def follow_district(slug: str, district_id: int):
    return _follow(_district(slug, district_id), f"/k/{slug}/")


@bp.route("/k/<slug>/bydeler/<int:district_id>/avfolg", methods=["POST"])
@login_required
def unfollow_district(slug: str, district_id: int):
    return _unfollow(_district(slug, district_id), f"/k/{slug}/")


@bp.route("/veikartet/prinsipper/<slug>/folg", methods=["POST"])
@login_required
def follow_principle(slug: str):
    return _follow(_principle(slug), f"/veikartet/prinsipper/{slug}")


@bp.route("/veikartet/prinsipper/<slug>/avfolg", methods=["POST"])
@login_required
def unfollow_principle(slug: str):
    return _unfollow(_principle(slug), f"/veikartet/prinsipper/{slug}")
