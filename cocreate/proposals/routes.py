"""Public pages of innbyggerforslag: a municipality's list and a proposal's page (threshold,
countdown, history), following a proposal, and the offer on a widely supported idea's page.
The staff's forms are in manage_routes."""

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import sections
from ..database import commit
from ..extensions import db
from ..ideas.models import Idea
from ..municipalities.models import Municipality
from ..pagecache import cached_for_visitors
from ..refusals import require

# The staff's routes register on import; the reminders join the outbox sweep on import.
from . import bp, manage_routes, reminders  # noqa: F401
from .lookups import municipality_or_404, proposal_or_404
from .models import CitizenProposal
from .permissions import can_manage_proposals, why_not_follow_proposal
from .queries import moves, proposal_offer, proposals
from .rules import countdown, population_of, reaches, threshold_for
from .services import follow_proposal, is_following, unfollow_proposal


def facts(proposal: CitizenProposal, needed: int | None) -> dict[str, Any]:
    """What the list and the page show of a proposal: its countdown and whether it qualifies."""
    return {"countdown": countdown(proposal), "reaches": reaches(proposal, needed)}


def _threshold(municipality: Municipality) -> tuple[int | None, int | None]:
    population = population_of(municipality)
    return threshold_for(municipality.kind, population), population


@bp.route("/k/<slug>/innbyggerforslag")
@cached_for_visitors
def municipality_proposals(slug: str):
    """A municipality's innbyggerforslag with their state, signatures and deadline."""
    municipality = municipality_or_404(slug)
    needed, population = _threshold(municipality)
    rows = list(db.session.scalars(proposals(municipality.id)))
    return render_template(
        "proposals/list.html",
        municipality=municipality,
        proposals=[(p, facts(p, needed)) for p in rows],
        threshold=needed,
        population=population,
        may_manage=can_manage_proposals(current_user, municipality),
    )


@bp.route("/k/<slug>/innbyggerforslag/<int:proposal_id>")
@cached_for_visitors
def detail(slug: str, proposal_id: int):
    """A proposal's page: the matter, the threshold, the countdown, the answers."""
    municipality = municipality_or_404(slug)
    proposal = proposal_or_404(municipality, proposal_id)
    needed, population = _threshold(municipality)
    return render_template(
        "proposals/detail.html",
        municipality=municipality,
        proposal=proposal,
        threshold=needed,
        population=population,
        history=moves(proposal.id),
        following=is_following(proposal, current_user),
        may_manage=can_manage_proposals(current_user, municipality),
        **facts(proposal, needed),
    )


@bp.route("/k/<slug>/innbyggerforslag/<int:proposal_id>/folg", methods=["POST"])
@login_required
def follow(slug: str, proposal_id: int):
    proposal = proposal_or_404(municipality_or_404(slug), proposal_id)
    require(why_not_follow_proposal(current_user))
    follow_proposal(proposal, current_user)
    commit()
    flash(
        _("Du følger nå «%(title)s» og får beskjed når det skjer noe.", title=proposal.title),
        "success",
    )
    return redirect(url_for(".detail", slug=slug, proposal_id=proposal.id), code=303)


@bp.route("/k/<slug>/innbyggerforslag/<int:proposal_id>/avfolg", methods=["POST"])
@login_required
def unfollow(slug: str, proposal_id: int):
    proposal = proposal_or_404(municipality_or_404(slug), proposal_id)
    unfollow_proposal(proposal, current_user)
    commit()
    flash(_("Du følger ikke lenger «%(title)s».", title=proposal.title), "success")
    return redirect(url_for(".detail", slug=slug, proposal_id=proposal.id), code=303)


def _on_idea(idea: Idea, **_context: Any) -> dict[str, Any] | None:
    return proposal_offer(idea)


def _on_municipality(municipality: Municipality, **_context: Any) -> dict[str, Any] | None:
    return {"municipality": municipality}


sections.register("idea_page", "proposals/_offer.html", _on_idea, order=38, shared=lambda **_: True)
sections.register("municipality_page", "proposals/_on_municipality.html", _on_municipality, order=8)
