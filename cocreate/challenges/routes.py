"""Challenge pages: lists, the challenge page, and the staff's create, edit and phase forms."""

from typing import Any, TypeVar

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import sections
from ..database import attempt
from ..extensions import db, limiter
from ..municipalities.models import District, Municipality
from ..municipalities.services import get_by_slug
from ..pagecache import cached_for_visitors
from ..reference.models import Goal, Principle, TargetImage
from ..refusals import require
from ..shells import kept_page
from . import bp, follow_routes  # noqa: F401 - the follow routes register on import
from .facts import challenge_facts
from .following import is_following
from .forms import ChallengeForm, FilterForm, PhaseForm
from .models import Challenge, ParticipationLevel, Phase
from .permissions import (
    can_create_challenge,
    can_view_challenge,
    why_not_change_phase,
    why_not_edit_challenge,
)
from .queries import (
    challenge_for_page,
    challenge_with_municipality,
    challenges_for_principle,
    municipality_challenges,
    open_challenges,
)
from .services import NEXT_PHASE, advance_phase, create_challenge, update_challenge

PER_PAGE = 20
FRONT_PAGE_LIMIT = 12
WRITE_LIMIT = "20/minute;200/hour"


def _front_page_section(**_context: Any) -> dict[str, Any] | None:
    challenges = db.session.scalars(open_challenges().limit(FRONT_PAGE_LIMIT)).all()
    return {"challenges": challenges}


sections.register("front_page", "challenges/_front_page.html", _front_page_section, order=10)


def _municipality_or_404(slug: str) -> Municipality:
    return get_by_slug(slug) or abort(404)


def _challenge_or_404(municipality: Municipality, challenge_id: int) -> Challenge:
    challenge = db.session.scalar(challenge_for_page(municipality.id, challenge_id))
    if challenge is None or not can_view_challenge(current_user, challenge):
        abort(404)
    return challenge


@bp.route("/k/<slug>/")
@cached_for_visitors
def municipality(slug: str):
    """A municipality's home: its challenges, filterable by principle, målbilde and phase."""
    municipality = _municipality_or_404(slug)
    staff = can_create_challenge(current_user, municipality)
    form = FilterForm(formdata=request.args, include_drafts=staff)
    principle, target_image = form.selected_principle(), form.selected_target_image()
    query = municipality_challenges(
        municipality.id,
        include_drafts=staff,
        principle_id=principle.id if principle else None,
        target_image_id=target_image.id if target_image else None,
        phase=form.selected_phase(),
    )
    page = db.paginate(
        query, page=request.args.get("side", 1, type=int), per_page=PER_PAGE, error_out=False
    )
    filtered = any((principle, target_image, form.selected_phase()))
    return render_template(
        "challenges/municipality.html",
        municipality=municipality,
        challenges=page.items,
        page=page,
        form=form,
        filtered=filtered,
    )


@bp.route("/veikartet/prinsipper/<slug>")
@cached_for_visitors
def principle(slug: str):
    """One of the roadmap's principles and the public challenges linked to it."""
    principle = db.session.scalar(select(Principle).where(Principle.slug == slug)) or abort(404)
    page = db.paginate(
        challenges_for_principle(principle.id),
        page=request.args.get("side", 1, type=int),
        per_page=PER_PAGE,
        error_out=False,
    )
    return render_template(
        "challenges/principle.html",
        principle=principle,
        challenges=page.items,
        page=page,
        following=is_following(current_user, principle),
    )


@bp.route("/k/<slug>/utfordringer/<int:challenge_id>")
@cached_for_visitors
def detail(slug: str, challenge_id: int):
    """The challenge page; other features add their sections below it. Drawn once for the
    citizens who see the same page, their own parts filled in per request (shells.py)."""
    return kept_page(slug, ("challenge", challenge_id), lambda: _detail(slug, challenge_id))


def _detail(slug: str, challenge_id: int) -> str:
    challenge = db.session.scalar(challenge_with_municipality(slug, challenge_id))
    if challenge is None or not can_view_challenge(current_user, challenge):
        abort(404)
    return render_template(
        "challenges/detail.html",
        municipality=challenge.municipality,
        challenge=challenge,
        facts=challenge_facts(challenge),
        next_phase=NEXT_PHASE.get(challenge.phase),
    )


_Linked = TypeVar("_Linked", Principle, TargetImage, Goal, District)


def _chosen(model: type[_Linked], ids: list[int] | None) -> list[_Linked]:
    if not ids:
        return []
    return list(db.session.scalars(select(model).where(model.id.in_(ids))))


def _fields(form: ChallengeForm) -> dict[str, Any]:
    return {
        "title": form.title.data,
        "description": form.description.data,
        "principles": _chosen(Principle, form.principles.data),
        "target_images": _chosen(TargetImage, form.target_images.data),
        "goals": _chosen(Goal, form.goals.data),
        "districts": _chosen(District, form.districts.data),
        "level": ParticipationLevel(form.level.data),
        "opens_on": form.opens_on.data,
        "closes_on": form.closes_on.data,
        "premoderation": form.premoderation.data,
        "vote_budget": form.vote_budget.data,
    }


def _render_form(municipality: Municipality, form: ChallengeForm, challenge: Challenge | None):
    promises = {level.value: level.promise for level in ParticipationLevel}
    html = render_template(
        "challenges/form.html",
        municipality=municipality,
        form=form,
        challenge=challenge,
        level_promises=promises,
    )
    # Refused input is a client error, as on the other features' forms.
    return html, 400 if form.errors else 200


@bp.route("/k/<slug>/utfordringer/ny", methods=["GET", "POST"])
@login_required
@limiter.limit(WRITE_LIMIT, methods=["POST"])
def create(slug: str):
    """Staff open a new challenge; it starts as a draft."""
    municipality = _municipality_or_404(slug)
    if not can_create_challenge(current_user, municipality):
        abort(403)
    form = ChallengeForm(municipality)
    if form.validate_on_submit():
        done = attempt(lambda: create_challenge(municipality, actor=current_user, **_fields(form)))
        if done.refusal:
            form.form_errors.append(done.refusal.reason)
        elif (challenge := done.value) is not None:
            flash(_("Utfordringen er lagret som utkast. Publiser den når den er klar."), "success")
            return redirect(url_for(".detail", slug=slug, challenge_id=challenge.id))
    return _render_form(municipality, form, None)


@bp.route("/k/<slug>/utfordringer/<int:challenge_id>/rediger", methods=["GET", "POST"])
@login_required
@limiter.limit(WRITE_LIMIT, methods=["POST"])
def edit(slug: str, challenge_id: int):
    """Staff edit a challenge until it is concluded."""
    municipality = _municipality_or_404(slug)
    challenge = _challenge_or_404(municipality, challenge_id)
    require(why_not_edit_challenge(current_user, challenge))
    form = ChallengeForm(municipality, obj=None if request.method == "POST" else challenge)
    if request.method == "GET":
        form.principles.data = [p.id for p in challenge.principles]
        form.target_images.data = [t.id for t in challenge.target_images]
        form.goals.data = [g.id for g in challenge.goals]
        form.districts.data = [d.id for d in challenge.districts]
        form.level.data = challenge.level.value
    if form.validate_on_submit():
        done = attempt(lambda: update_challenge(challenge, actor=current_user, **_fields(form)))
        if done.refusal:
            form.form_errors.append(done.refusal.reason)
        else:
            flash(_("Endringene er lagret."), "success")
            return redirect(url_for(".detail", slug=slug, challenge_id=challenge.id))
    return _render_form(municipality, form, challenge)


@bp.route("/k/<slug>/utfordringer/<int:challenge_id>/fase", methods=["GET", "POST"])
@login_required
@limiter.limit(WRITE_LIMIT, methods=["POST"])
def change_phase(slug: str, challenge_id: int):
    """Staff move a challenge one phase forward; concluding asks for the public summary."""
    municipality = _municipality_or_404(slug)
    challenge = _challenge_or_404(municipality, challenge_id)
    require(why_not_change_phase(current_user, challenge))
    target = NEXT_PHASE[challenge.phase]
    # What other features show before concluding (the metrics' promise check); one that says
    # the check would fail makes the form ask for an explicit confirmation.
    checks = (
        sections.collect("conclude_form", challenge=challenge) if target is Phase.concluded else []
    )
    form = PhaseForm(
        concluding=target is Phase.concluded,
        needs_confirmation=any(data.get("needs_confirmation") for _t, data in checks),
    )
    if form.validate_on_submit():
        done = attempt(
            lambda: advance_phase(challenge, actor=current_user, summary=form.summary.data)
        )
        if done.refusal:
            form.summary.errors = [*form.summary.errors, done.refusal.reason]
        else:
            flash(_("Utfordringen er nå: %(phase)s.", phase=target.label), "success")
            return redirect(url_for(".detail", slug=slug, challenge_id=challenge.id))
    html = render_template(
        "challenges/phase.html",
        municipality=municipality,
        challenge=challenge,
        target=target,
        form=form,
        checks=checks,
    )
    return html, 400 if form.errors else 200
