"""The case queue page (saksliste) and its links in the header and on the municipality page."""

from typing import Any

from flask import abort, current_app, render_template, request, url_for
from flask_login import current_user, login_required

from .. import sections
from ..accounts.models import Role
from ..accounts.permissions import municipalities_with_role
from ..extensions import db
from ..municipalities.models import Municipality
from ..municipalities.services import get_by_slug
from ..pipeline.deadlines import today
from ..pipeline.links import idea_path
from ..query_args import link_args
from . import bp, reminders  # noqa: F401 - reminders join the outbox sweep on import
from .permissions import can_see_case_queue
from .queue import PER_PAGE, Filters, facets, queue, rows

QUEUE_ROLES = frozenset({Role.facilitator, Role.admin, Role.case_officer})
# The bulk form of the queue posts the checked inputs here (one answer to many inputs).
BULK_ENDPOINT = "answers.bulk"


def bulk_action(municipality: Municipality) -> str | None:
    if BULK_ENDPOINT not in current_app.view_functions:
        return None
    return url_for(BULK_ENDPOINT, slug=municipality.slug)


@bp.route("/k/<slug>/saker", endpoint="queue")
@login_required
def queue_page(slug: str):
    """The cases this person may see, filtered and counted per filter, by deadline."""
    municipality = get_by_slug(slug) or abort(404)
    if not can_see_case_queue(current_user, municipality):
        abort(403)
    on = today()
    filters = Filters(request.args, municipality, on)
    page = db.paginate(
        queue(current_user, municipality, filters), per_page=PER_PAGE, error_out=False
    )
    args = {k: v for k, v in link_args(filters.args).items() if k != "page"}
    return render_template(
        "cases/queue.html",
        municipality=municipality,
        page=page,
        rows=rows(list(page.items), filters.days, on),
        facets=facets(current_user, municipality, filters),
        args=args,
        bulk_action=bulk_action(municipality),
        idea_path=idea_path,
    )


def queue_municipalities(user: Any) -> list[Municipality]:
    """Where the person may open a case queue (for the header menu)."""
    return municipalities_with_role(user, QUEUE_ROLES)


def _header_nav(user: Any = None, **_context: Any) -> dict[str, Any] | None:
    municipalities = queue_municipalities(user)
    return {"municipalities": municipalities} if municipalities else None


def _municipality_link(municipality: Municipality, **_context: Any) -> dict[str, Any] | None:
    if not can_see_case_queue(current_user, municipality):
        return None
    return {"municipality": municipality}


sections.register("header_nav", "cases/_header_nav.html", _header_nav, order=20)
sections.register("municipality_page", "cases/_municipality_link.html", _municipality_link, order=5)
