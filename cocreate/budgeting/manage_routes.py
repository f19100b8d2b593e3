"""The staff's page of a budget: the settings, projects from assessed inputs, paper codes (a
PDF), opening and closing the vote, both results side by side, the rule, and the decision."""

from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms 3.2

from ..database import attempt, flash_outcome
from ..extensions import db, limiter
from ..ideas.models import Idea
from ..members.forms import ConfirmForm
from ..refusals import require
from . import bp
from .documents import LANGUAGES, codes_pdf
from .forms import BudgetForm, CodesForm, DecideForm, ProjectForm, RuleForm
from .lookups import budget_or_404, challenge_or_404, project_or_404
from .models import BallotKind, Budget, ResultRule
from .permissions import why_not_manage_budget
from .queries import budget_of, candidate_ideas, paper_voter_count, spent, tallies, voter_count
from .services import (
    add_project,
    choose_rule,
    close_vote,
    decide_budget,
    generate_codes,
    kroner,
    open_vote,
    remove_project,
    set_budget,
)

WRITE_LIMIT = "30/minute;300/hour"
BASE = "/k/<slug>/utfordringer/<int:challenge_id>/budsjett"


def _back(slug: str, challenge_id: int):
    return redirect(url_for(".manage", slug=slug, challenge_id=challenge_id), code=303)


def _manage_page(challenge, budget: Budget | None, status: int = 200, **forms):
    budget_form = forms.get("budget_form") or BudgetForm(obj=budget)
    if budget is not None and "budget_form" not in forms:
        budget_form.ballot_kind.data = budget.ballot_kind.value
        budget_form.rule.data = budget.rule.value
    project_form = forms.get("project_form") or ProjectForm()
    rule_form = forms.get("rule_form") or RuleForm()
    if budget is not None:
        project_form.idea_id.choices = [
            SelectChoice(i.id, i.title) for i in candidate_ideas(budget)
        ]
        rule_form.rule.data = rule_form.rule.data or budget.rule.value
    return render_template(
        "budgeting/manage.html",
        challenge=challenge,
        municipality=challenge.municipality,
        budget=budget,
        budget_form=budget_form,
        project_form=project_form,
        codes_form=forms.get("codes_form") or CodesForm(),
        rule_form=rule_form,
        decide_form=forms.get("decide_form") or DecideForm(),
        confirm_form=ConfirmForm(),
        rows=tallies(budget) if budget else [],
        voters=voter_count(budget) if budget else 0,
        paper_voters=paper_voter_count(budget) if budget else 0,
        spent={rule: spent(budget, rule) for rule in ResultRule} if budget else {},
        rules=ResultRule,
        languages=LANGUAGES,
        kroner=kroner,
    ), status


@bp.route(f"{BASE}/styr", methods=["GET", "POST"])
@login_required
@limiter.limit(WRITE_LIMIT, methods=["POST"])
def manage(slug: str, challenge_id: int):
    """Staff set up the budget (or change its settings) and see everything about it."""
    challenge = challenge_or_404(slug, challenge_id)
    require(why_not_manage_budget(current_user, challenge))
    budget = budget_of(challenge)
    form = BudgetForm()
    if request.method == "POST":
        if form.validate_on_submit():
            done = attempt(
                lambda: set_budget(
                    challenge,
                    amount=form.amount.data,
                    ballot_kind=BallotKind(form.ballot_kind.data),
                    points=form.points.data or 10,
                    rule=ResultRule(form.rule.data),
                    closes_at=form.closes_at(),
                    actor=current_user,
                )
            )
            if flash_outcome(done, _("Budsjettet er lagret.")):
                return _back(slug, challenge_id)
        return _manage_page(challenge, budget_of(challenge), 400, budget_form=form)
    return _manage_page(challenge, budget)


def _staff_budget(slug: str, challenge_id: int) -> Budget:
    budget = budget_or_404(slug, challenge_id)
    require(why_not_manage_budget(current_user, budget.challenge))
    return budget


@bp.route(f"{BASE}/prosjekter", methods=["POST"])
@login_required
@limiter.limit(WRITE_LIMIT)
def add_project_route(slug: str, challenge_id: int):
    """Make an assessed input a project with a cost estimate and its explanation."""
    budget = _staff_budget(slug, challenge_id)
    form = ProjectForm()
    form.idea_id.choices = [SelectChoice(i.id, i.title) for i in candidate_ideas(budget)]
    if form.validate_on_submit():
        idea = db.session.get(Idea, form.idea_id.data)
        if idea is None or idea.challenge_id != budget.challenge_id:
            abort(404)
        done = attempt(
            lambda: add_project(
                budget,
                idea,
                title=form.title.data or "",
                cost=form.cost.data,
                explanation=form.explanation.data or "",
                actor=current_user,
            )
        )
        if flash_outcome(done, _("Prosjektet er lagt til.")):
            return _back(slug, challenge_id)
    return _manage_page(budget.challenge, budget, 400, project_form=form)


@bp.route(f"{BASE}/prosjekter/<int:project_id>/fjern", methods=["POST"])
@login_required
@limiter.limit(WRITE_LIMIT)
def remove_project_route(slug: str, challenge_id: int, project_id: int):
    """Take a project out before the vote opens."""
    budget = _staff_budget(slug, challenge_id)
    project = project_or_404(budget, project_id)
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            attempt(lambda: remove_project(project, actor=current_user)),
            _("Prosjektet er fjernet."),
        )
    return _back(slug, challenge_id)


@bp.route(f"{BASE}/apne", methods=["POST"])
@login_required
@limiter.limit(WRITE_LIMIT)
def open_route(slug: str, challenge_id: int):
    """Open the vote."""
    budget = _staff_budget(slug, challenge_id)
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            attempt(lambda: open_vote(budget, actor=current_user)),
            _("Avstemningen er åpnet."),
        )
    return _back(slug, challenge_id)


@bp.route(f"{BASE}/avslutt", methods=["POST"])
@login_required
@limiter.limit(WRITE_LIMIT)
def close_route(slug: str, challenge_id: int):
    """Close the vote; both results are computed."""
    budget = _staff_budget(slug, challenge_id)
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            attempt(lambda: close_vote(budget, actor=current_user)),
            _("Avstemningen er avsluttet. Se resultatene etter begge reglene nedenfor."),
        )
    return _back(slug, challenge_id)


@bp.route(f"{BASE}/koder", methods=["POST"])
@login_required
@limiter.limit(WRITE_LIMIT)
def codes_route(slug: str, challenge_id: int):
    """Make a batch of one-time codes and hand them out once, as a PDF to print."""
    budget = _staff_budget(slug, challenge_id)
    form = CodesForm()
    if not form.validate_on_submit():
        return _manage_page(budget.challenge, budget, 400, codes_form=form)
    language = request.form.get("lang") or budget.challenge.municipality.language.value
    if language not in LANGUAGES:
        abort(404)
    count = form.count.data or 0
    done = attempt(lambda: generate_codes(budget, count, actor=current_user))
    if done.refusal is not None or done.value is None:
        flash_outcome(done, "")
        return _back(slug, challenge_id)
    response = Response(codes_pdf(budget, done.value, language), mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="stemmekoder-{budget.challenge_id}.pdf"'
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route(f"{BASE}/regel", methods=["POST"])
@login_required
@limiter.limit(WRITE_LIMIT)
def rule_route(slug: str, challenge_id: int):
    """Choose which rule's result counts."""
    budget = _staff_budget(slug, challenge_id)
    form = RuleForm()
    if form.validate_on_submit():
        rule = ResultRule(form.rule.data)
        flash_outcome(
            attempt(lambda: choose_rule(budget, rule, actor=current_user)),
            _("Regelen er valgt."),
        )
    return _back(slug, challenge_id)


@bp.route(f"{BASE}/vedtak", methods=["POST"])
@login_required
@limiter.limit(WRITE_LIMIT)
def decide_route(slug: str, challenge_id: int):
    """Confirm the result with the decision's reference; the winners move to besluttet."""
    budget = _staff_budget(slug, challenge_id)
    form = DecideForm()
    if form.validate_on_submit():
        done = attempt(
            lambda: decide_budget(
                budget,
                reference=form.reference.data or "",
                answer=form.answer.data or "",
                actor=current_user,
            )
        )
        if flash_outcome(
            done, _("Resultatet er vedtatt, og de vinnende innspillene er besluttet.")
        ):
            return _back(slug, challenge_id)
    return _manage_page(budget.challenge, budget, 400, decide_form=form)
