"""Public pages of results: a municipality's and a challenge's Resultater, a result's page, the
trace of a council decision, and the sections on the idea, challenge and municipality pages.
The staff's forms are in manage_routes."""

from typing import Any

from flask import abort, render_template, request
from flask_login import current_user

from .. import sections
from ..accounts.permissions import is_staff
from ..challenges.models import Challenge
from ..extensions import db
from ..ideas.models import Idea
from ..municipalities.models import Municipality
from ..pagecache import cached_for_visitors
from . import bp, manage_routes  # noqa: F401 - the staff's routes register on import
from .forms import ResultFilterForm
from .lookups import challenge_or_404, municipality_or_404, result_or_404
from .permissions import can_manage_results, can_update_result
from .queries import (
    decision_trace,
    grouped_by_status,
    input_counts,
    linked_inputs,
    linked_statements,
    milestones,
    results,
    results_for_idea,
    updates,
    valid_reference,
)


def _listing(municipality: Municipality, challenge: Challenge | None, form: ResultFilterForm):
    principle, target_image = form.principle(), form.target_image()
    rows = list(
        db.session.scalars(
            results(
                municipality.id,
                challenge_id=challenge.id if challenge else None,
                principle_id=principle.id if principle else None,
                target_image_id=target_image.id if target_image else None,
                include_drafts=is_staff(current_user, municipality),
            )
        ).unique()
    )
    return {
        "groups": grouped_by_status(rows),
        "counts": input_counts(r.id for r in rows),
        "filtered": bool(principle or target_image),
        "total": len(rows),
    }


@bp.route("/k/<slug>/resultater")
@cached_for_visitors
def municipality_results(slug: str):
    """A municipality's results (tiltak), grouped by status, filterable by the challenges'
    principle and målbilde."""
    municipality = municipality_or_404(slug)
    form = ResultFilterForm(formdata=request.args)
    return render_template(
        "results/list.html",
        municipality=municipality,
        challenge=None,
        form=form,
        **_listing(municipality, None, form),
    )


@bp.route("/k/<slug>/utfordringer/<int:challenge_id>/resultater")
@cached_for_visitors
def challenge_results(slug: str, challenge_id: int):
    """One challenge's results, grouped by status."""
    municipality = municipality_or_404(slug)
    challenge = challenge_or_404(municipality, challenge_id)
    form = ResultFilterForm(formdata=request.args)
    return render_template(
        "results/list.html",
        municipality=municipality,
        challenge=challenge,
        form=form,
        may_create=can_manage_results(current_user, challenge),
        **_listing(municipality, challenge, form),
    )


@bp.route("/k/<slug>/resultater/<int:result_id>")
@cached_for_visitors
def detail(slug: str, result_id: int):
    """A result's page: what it is, who does it, what it costs, the decision, milestones,
    updates, and the inputs and statements it answers."""
    municipality = municipality_or_404(slug)
    result = result_or_404(municipality, result_id)
    return render_template(
        "results/detail.html",
        municipality=municipality,
        result=result,
        inputs=linked_inputs(result.id),
        statements=linked_statements(result.id),
        milestones=milestones(result.id),
        updates=updates(result.id),
        may_manage=can_manage_results(current_user, result.challenge),
        may_update=can_update_result(current_user, result),
    )


@bp.route("/k/<slug>/vedtak/<path:reference>")
@cached_for_visitors
def decision(slug: str, reference: str):
    """The trace of a council decision: every public input and statement it took up, partly took
    up or declined, with the answers."""
    municipality = municipality_or_404(slug)
    if not valid_reference(reference):
        abort(404)
    trace = decision_trace(municipality.id, reference)
    # A reference nothing public cites is not a page (nor an entry in the visitors' cache).
    if not (trace.results or trace.inputs or trace.statements):
        abort(404)
    return render_template("results/decision.html", municipality=municipality, trace=trace)


def _on_idea(idea: Idea, **_context: Any) -> dict[str, Any] | None:
    found = results_for_idea(
        idea.id, include_drafts=is_staff(current_user, idea.challenge.municipality_id)
    )
    return {"results": found} if found else None


def _on_challenge(challenge: Challenge, **_context: Any) -> dict[str, Any] | None:
    return {"challenge": challenge, "may_create": can_manage_results(current_user, challenge)}


def _on_municipality(municipality: Municipality, **_context: Any) -> dict[str, Any] | None:
    return {"municipality": municipality}


sections.register(
    "idea_page",
    "results/_on_idea.html",
    _on_idea,
    order=35,
    shared=lambda idea, **_: not is_staff(current_user, idea.challenge.municipality_id),
)
sections.register("challenge_page", "results/_on_challenge.html", _on_challenge, order=25)
sections.register("municipality_page", "results/_on_municipality.html", _on_municipality, order=7)
