"""Downloads of a challenge's poster and paper form, and the links to them on its page."""

from typing import Any

from flask import Response, abort, request
from flask_login import current_user, login_required

from .. import sections
from ..challenges.models import Challenge
from ..extensions import db
from ..refusals import require
from ..workshops.permissions import can_register_offline_input
from . import bp
from .documents import LANGUAGES, Sheet, render_html, render_pdf
from .permissions import can_print_paper, why_not_print_paper


def _challenge_section(challenge: Challenge, **_context: Any) -> dict[str, Any] | None:
    if not can_print_paper(current_user, challenge):
        return None
    return {
        "challenge": challenge,
        "languages": LANGUAGES,
        "sheets": Sheet,
        "can_register": can_register_offline_input(current_user, challenge),
    }


sections.register("challenge_page", "paper/_challenge_section.html", _challenge_section, 65)


def _load(slug: str, challenge_id: int) -> Challenge:
    challenge = db.session.get(Challenge, challenge_id)
    if challenge is None or challenge.municipality.slug != slug:
        abort(404)
    return challenge


@bp.route("/k/<slug>/utfordringer/<int:challenge_id>/<any(plakat, innspillsskjema):name>.pdf")
@login_required
def download(slug: str, challenge_id: int, name: str):
    """The poster or the form as an A4 PDF, in ?lang=nb|nn (the municipality's own by default)."""
    challenge = _load(slug, challenge_id)
    require(why_not_print_paper(current_user, challenge))
    language = request.args.get("lang") or challenge.municipality.language.value
    if language not in LANGUAGES:
        abort(404)
    sheet = next(s for s in Sheet if s.filename == name)
    pdf = render_pdf(render_html(sheet, challenge, language))
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{name}-{challenge.id}-{language}.pdf"'
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
