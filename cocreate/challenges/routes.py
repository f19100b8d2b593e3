from flask import abort, render_template
from sqlalchemy import select

from ..extensions import db
from ..municipalities.services import get_by_slug
from ..reference.models import Principle
from . import bp
from .queries import challenges_for_principle, public_challenges


@bp.route("/k/<slug>/")
def municipality(slug: str):
    """A municipality's home: its challenges (an empty state when there are none)."""
    municipality = get_by_slug(slug) or abort(404)
    challenges = db.session.scalars(public_challenges(municipality.id)).all()
    return render_template(
        "challenges/municipality.html", municipality=municipality, challenges=challenges
    )


@bp.route("/veikartet/prinsipper/<slug>")
def principle(slug: str):
    principle = db.session.scalar(select(Principle).where(Principle.slug == slug)) or abort(404)
    challenges = db.session.scalars(challenges_for_principle(principle.id)).all()
    return render_template("challenges/principle.html", principle=principle, challenges=challenges)
