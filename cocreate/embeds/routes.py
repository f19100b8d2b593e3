"""The embed pages (public, read-only, in their own light layout) and the header that lets only
the municipality's allowlisted sites frame them. The staff page is in manage_routes."""

from flask import Response, abort, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..challenges.permissions import can_view_challenge
from ..challenges.queries import challenge_for_page
from ..extensions import db
from ..gallery.queries import GalleryFilter, entry_page
from ..ideas.stages import MAIN_PATH
from ..municipalities.models import Municipality
from ..municipalities.services import get_by_slug
from ..pipeline.links import challenge_path, idea_path
from ..pipeline.queries import action_ideas, answers_for, shown_answer
from ..results.queries import grouped_by_status, input_counts, results
from ..security.headers import allow_framing
from . import bp, manage_routes, social  # noqa: F401 - their routes and globals register on import
from .queries import INPUTS_SHOWN, challenge_inputs, frame_ancestors_for
from .registry import embed, is_embed

ACTIONS_SHOWN = 20
GALLERY_SHOWN = 20


@bp.after_request
def _framing(response: Response) -> Response:
    """Embeds may be framed by their municipality's allowlist (also when served from the page
    cache: this runs for every response of an embed route); every other page by nobody."""
    if is_embed(request.endpoint):
        allow_framing(frame_ancestors_for((request.view_args or {}).get("slug", "")))
    return response


def _municipality(slug: str) -> Municipality:
    return get_by_slug(slug) or abort(404)


@embed("utfordringer/<int:challenge_id>", _l("Innspill til en utfordring"), per_challenge=True)
def challenge_inputs_embed(slug: str, challenge_id: int):
    """A challenge's public inputs with their stage and support, most supported first."""
    municipality = _municipality(slug)
    challenge = db.session.scalar(challenge_for_page(municipality.id, challenge_id))
    if challenge is None or not can_view_challenge(current_user, challenge):
        abort(404)
    page = db.paginate(
        challenge_inputs(challenge.id), page=1, per_page=INPUTS_SHOWN, error_out=False
    )
    return render_template(
        "embeds/challenge.html",
        municipality=municipality,
        challenge=challenge,
        page=page,
        idea_path=idea_path,
        challenge_path=challenge_path,
    )


@embed("fra-ord-til-handling", _l("Fra ord til handling"))
def action_embed(slug: str):
    """Fra ord til handling: inputs the municipality decided on, tries out or did."""
    municipality = _municipality(slug)
    page = db.paginate(
        action_ideas(municipality.id), page=1, per_page=ACTIONS_SHOWN, error_out=False
    )
    return render_template(
        "embeds/action.html",
        municipality=municipality,
        page=page,
        answers=answers_for(idea.id for idea in page.items),
        shown_answer=shown_answer,
        idea_path=idea_path,
        challenge_path=challenge_path,
        main_path=MAIN_PATH,
    )


@embed("resultater", _l("Resultater"))
def results_embed(slug: str):
    """The municipality's public results (tiltak), grouped by status, with their progress."""
    municipality = _municipality(slug)
    rows = list(db.session.scalars(results(municipality.id)).unique())
    return render_template(
        "embeds/results.html",
        municipality=municipality,
        groups=grouped_by_status(rows),
        counts=input_counts(r.id for r in rows),
        total=len(rows),
    )


@embed("gjort-i-kommunene", _l("Gjort i kommunene"))
def gallery_embed(slug: str):
    """The gallery filtered to this municipality: its inputs and results that reached gjort
    (empty while it does not share with the other municipalities)."""
    municipality = _municipality(slug)
    page = entry_page(GalleryFilter(municipality=municipality.slug), 1, GALLERY_SHOWN)
    return render_template("embeds/gallery.html", municipality=municipality, page=page)
