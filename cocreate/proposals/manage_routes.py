"""The staff's forms of innbyggerforslag: register and edit, and the proposal's work page
(moving it towards the council's decision, marking it as the same content as an earlier one)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms 3.2

from ..database import attempt, flash_outcome
from ..extensions import db, limiter
from ..municipalities.models import Municipality
from ..refusals import require
from . import bp
from .forms import MoveForm, ProposalForm, SameContentForm
from .lookups import municipality_or_404, proposal_or_404
from .models import CitizenProposal, ProposalChannel, ProposalState
from .permissions import why_not_manage_proposals
from .queries import earlier_proposals, moves
from .services import (
    MOVES,
    ProposalData,
    mark_same_content,
    move_proposal,
    register_proposal,
    update_proposal,
)

WRITE_LIMIT = "30/minute;300/hour"


def _data(form: ProposalForm) -> ProposalData:
    assert form.submitted_on.data is not None  # InputRequired
    return ProposalData(
        title=form.title.data or "",
        matter=form.matter.data or "",
        channel=ProposalChannel(form.channel.data),
        submitted_on=form.submitted_on.data,
        signatures=form.signatures.data or 0,
        valid_signatures=form.valid_signatures.data,
        source_url=form.source_url.data,
        initiators=form.initiators.data or "",
        initiators_public=bool(form.initiators_public.data),
        contact_email=form.contact_email.data,
    )


def _form_page(municipality: Municipality, form: ProposalForm, proposal: CitizenProposal | None):
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "proposals/form.html", municipality=municipality, form=form, proposal=proposal
    ), status


@bp.route("/k/<slug>/innbyggerforslag/ny", methods=["GET", "POST"])
@login_required
@limiter.limit(WRITE_LIMIT, methods=["POST"])
def create(slug: str):
    """Staff register an innbyggerforslag."""
    municipality = municipality_or_404(slug)
    require(why_not_manage_proposals(current_user, municipality))
    form = ProposalForm()
    if form.validate_on_submit():
        done = attempt(lambda: register_proposal(municipality, _data(form), actor=current_user))
        if done.refusal:
            form.form_errors.append(done.refusal.reason)
        elif done.value is not None:
            flash(_("Innbyggerforslaget er registrert."), "success")
            return redirect(url_for(".detail", slug=slug, proposal_id=done.value.id), code=303)
    return _form_page(municipality, form, None)


@bp.route("/k/<slug>/innbyggerforslag/<int:proposal_id>/rediger", methods=["GET", "POST"])
@login_required
@limiter.limit(WRITE_LIMIT, methods=["POST"])
def edit(slug: str, proposal_id: int):
    """Staff correct what was registered, e.g. the valid signatures after their control."""
    municipality = municipality_or_404(slug)
    proposal = proposal_or_404(municipality, proposal_id)
    require(why_not_manage_proposals(current_user, municipality))
    form = ProposalForm(obj=None if request.method == "POST" else proposal)
    if request.method == "GET":
        form.channel.data = proposal.channel.value
    if form.validate_on_submit():
        done = attempt(lambda: update_proposal(proposal, _data(form), actor=current_user))
        if done.refusal:
            form.form_errors.append(done.refusal.reason)
        else:
            flash(_("Innbyggerforslaget er oppdatert."), "success")
            return redirect(url_for(".detail", slug=slug, proposal_id=proposal.id), code=303)
    return _form_page(municipality, form, proposal)


def _same_form(proposal: CitizenProposal, *, blank: bool = False) -> SameContentForm:
    form = SameContentForm(formdata=None) if blank else SameContentForm()
    form.same_as_id.choices = [SelectChoice(0, _("Ikke i Samskap"))] + [
        SelectChoice(p.id, p.title) for p in earlier_proposals(proposal)
    ]
    return form


def _manage_page(municipality, proposal, move_form=None, same_form=None, status=200):
    if move_form is None:
        move_form = MoveForm(formdata=None)
        move_form.set_states(MOVES[proposal.state])
    if same_form is None:
        same_form = _same_form(proposal, blank=True)
        same_form.same.data = proposal.same_content
        same_form.reason.data = proposal.same_reason
        same_form.same_as_id.data = proposal.same_as_id or 0
    return render_template(
        "proposals/manage.html",
        municipality=municipality,
        proposal=proposal,
        history=moves(proposal.id),
        move_form=move_form,
        same_form=same_form,
        can_move=bool(MOVES[proposal.state]),
    ), status


@bp.route("/k/<slug>/innbyggerforslag/<int:proposal_id>/behandle")
@login_required
def manage(slug: str, proposal_id: int):
    """The staff's work page of a proposal."""
    municipality = municipality_or_404(slug)
    proposal = proposal_or_404(municipality, proposal_id)
    require(why_not_manage_proposals(current_user, municipality))
    return _manage_page(municipality, proposal)


@bp.route("/k/<slug>/innbyggerforslag/<int:proposal_id>/status", methods=["POST"])
@login_required
@limiter.limit(WRITE_LIMIT)
def move(slug: str, proposal_id: int):
    """Move the proposal (e.g. to the council's decision) with a public answer."""
    municipality = municipality_or_404(slug)
    proposal = proposal_or_404(municipality, proposal_id)
    require(why_not_manage_proposals(current_user, municipality))
    form = MoveForm()
    form.set_states(MOVES[proposal.state])
    if form.validate_on_submit():
        done = attempt(
            lambda: move_proposal(
                proposal,
                to_state=ProposalState(form.to_state.data),
                answer=form.answer.data or "",
                reference=form.reference.data,
                actor=current_user,
            )
        )
        if flash_outcome(done, _("Forslaget er flyttet, og svaret er publisert.")):
            return redirect(url_for(".detail", slug=slug, proposal_id=proposal.id), code=303)
    return _manage_page(municipality, proposal, move_form=form, status=400)


@bp.route("/k/<slug>/innbyggerforslag/<int:proposal_id>/samme-innhold", methods=["POST"])
@login_required
@limiter.limit(WRITE_LIMIT)
def same_content(slug: str, proposal_id: int):
    """Mark (or unmark) the proposal as the same content as one treated in this election period."""
    municipality = municipality_or_404(slug)
    proposal = proposal_or_404(municipality, proposal_id)
    require(why_not_manage_proposals(current_user, municipality))
    form = _same_form(proposal)
    if form.validate_on_submit():
        earlier = db.session.get(CitizenProposal, form.same_as_id.data or 0)
        done = attempt(
            lambda: mark_same_content(
                proposal,
                same=bool(form.same.data),
                reason=form.reason.data or "",
                same_as=earlier,
                actor=current_user,
            )
        )
        if flash_outcome(done, _("Lagret.")):
            return redirect(url_for(".detail", slug=slug, proposal_id=proposal.id), code=303)
    return _manage_page(municipality, proposal, same_form=form, status=400)
