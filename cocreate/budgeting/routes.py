"""Public pages of a budget: the projects and the ballot (signed in), voting with a paper code,
the result by the chosen rule explained in plain words, and the section on the challenge page.
The staff's pages are in manage_routes."""

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import sections
from ..challenges.models import Challenge
from ..database import attempt
from ..extensions import limiter
from ..generation_cache import for_generation
from . import bp, manage_routes  # noqa: F401 - the staff's routes register on import
from .forms import BallotForm, PaperBallotForm, choices_from
from .lookups import budget_or_404
from .models import Budget, BudgetStatus
from .permissions import can_manage_budget, why_not_open_for_votes, why_not_vote
from .privacy import published_count
from .queries import budget_of, own_choices, spent, tallies, voter_count
from .services import cast_ballot, cast_paper_ballot, kroner

# Guessing a 10-character code is hopeless at this pace; a class typing its slips is not slowed.
CODE_LIMIT = "10/minute;60/hour"


def _challenge_section(challenge: Challenge, **_context: Any) -> dict[str, Any] | None:
    # Asked on every view of the challenge page: the budget's state is kept per page generation.
    status = for_generation(("budget-status", challenge.id), lambda: _status_of(challenge))
    may_manage = can_manage_budget(current_user, challenge)
    if status is None and not may_manage:
        return None
    if status is BudgetStatus.preparing and not may_manage:
        return None
    return {"challenge": challenge, "status": status, "may_manage": may_manage}


def _status_of(challenge: Challenge) -> BudgetStatus | None:
    budget = budget_of(challenge)
    return budget.status if budget is not None else None


sections.register("challenge_page", "budgeting/_challenge_section.html", _challenge_section, 62)


def _page(budget: Budget, *, choices: dict[int, int], error: str | None = None, status: int = 200):
    user_id = current_user.id if current_user.is_authenticated else None
    rows = tallies(budget)
    used = (
        sum(choices.values())
        if budget.is_cumulative
        else sum(p.cost for p in budget.projects if p.id in choices)
    )
    return render_template(
        "budgeting/show.html",
        budget=budget,
        challenge=budget.challenge,
        municipality=budget.challenge.municipality,
        rows=rows,
        choices=choices,
        voted=bool(own_choices(budget, user_id)),
        used=used,
        error=error,
        form=BallotForm(),
        why_not_vote=why_not_vote(current_user, budget),
        open_reason=why_not_open_for_votes(budget),
        voters=published_count(voter_count(budget)),
        spent=spent(budget, budget.rule),
        published_count=published_count,
        kroner=kroner,
        may_manage=can_manage_budget(current_user, budget.challenge),
    ), status


@bp.route("/k/<slug>/utfordringer/<int:challenge_id>/budsjett")
def show(slug: str, challenge_id: int):
    """The budget's projects, the person's ballot while open, and the result once closed."""
    budget = budget_or_404(slug, challenge_id)
    user_id = current_user.id if current_user.is_authenticated else None
    return _page(budget, choices=own_choices(budget, user_id))


@bp.route("/k/<slug>/utfordringer/<int:challenge_id>/budsjett/stemme", methods=["POST"])
@login_required
def vote(slug: str, challenge_id: int):
    """Cast or change the signed-in person's ballot."""
    budget = budget_or_404(slug, challenge_id)
    form = BallotForm()
    choices, error = choices_from(budget, request.form)
    if not form.validate_on_submit():
        error = _("Skjemaet var utløpt. Prøv igjen.")
    if error is None:
        done = attempt(lambda: cast_ballot(budget, choices, voter=current_user))
        if done.refusal is None:
            flash(
                _("Stemmen din er lagret. Du kan endre den til avstemningen avsluttes."), "success"
            )
            return redirect(url_for(".show", slug=slug, challenge_id=challenge_id), code=303)
        error = done.refusal.reason
    return _page(budget, choices=choices, error=error, status=400)


@bp.route("/k/<slug>/utfordringer/<int:challenge_id>/budsjett/kode", methods=["GET", "POST"])
@limiter.limit(CODE_LIMIT, methods=["POST"])
def paper_vote(slug: str, challenge_id: int):
    """Vote with a one-time code from a paper slip, without an account."""
    budget = budget_or_404(slug, challenge_id)
    form = PaperBallotForm()
    choices: dict[int, int] = {}
    error = None
    if request.method == "POST":
        choices, error = choices_from(budget, request.form)
        if form.validate_on_submit() and error is None:
            code = form.code.data or ""
            done = attempt(lambda: cast_paper_ballot(budget, code, choices))
            if done.refusal is None:
                return render_template(
                    "budgeting/paper_done.html", budget=budget, challenge=budget.challenge
                )
            error = done.refusal.reason
        elif error is None:
            error = next(iter(form.errors.values()))[0]
    return render_template(
        "budgeting/paper.html",
        budget=budget,
        challenge=budget.challenge,
        municipality=budget.challenge.municipality,
        form=form,
        choices=choices,
        error=error,
        open_reason=why_not_open_for_votes(budget),
        kroner=kroner,
    ), 400 if error else 200
