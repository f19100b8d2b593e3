"""The staff's forms of results: create and edit, and the result's work page (progress updates,
links to inputs and statements, milestones, and moving the inputs to gjort)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms 3.2

from ..cases.models import Department
from ..cases.queries import departments
from ..database import attempt, flash_outcome
from ..extensions import db, limiter
from ..hearings.models import Statement
from ..ideas.models import Idea
from ..members.forms import ConfirmForm
from ..municipalities.models import Municipality
from ..refusals import require
from . import bp
from .forms import (
    DoneForm,
    LinkInputsForm,
    LinkStatementsForm,
    MilestoneForm,
    ProgressForm,
    ResultForm,
)
from .lookups import challenge_or_404, municipality_or_404, result_or_404
from .models import Result, ResultMilestone, ResultStatus
from .permissions import why_not_manage_results, why_not_update_result
from .queries import (
    linkable_inputs,
    linkable_statements,
    linked_inputs,
    linked_statements,
    milestones,
)
from .services import (
    add_milestone,
    complete_milestone,
    create_result,
    link_inputs,
    link_statements,
    move_inputs_to_done,
    remove_milestone,
    report_progress,
    unlink_input,
    unlink_statement,
    update_result,
)

WRITE_LIMIT = "30/minute;300/hour"


def _places(slug: str, result_id: int) -> tuple[Municipality, Result]:
    municipality = municipality_or_404(slug)
    return municipality, result_or_404(municipality, result_id)


def _department_choices(form: ResultForm, municipality: Municipality) -> None:
    form.department_id.choices = [SelectChoice(0, _("Ingen enhet valgt"))] + [
        SelectChoice(d.id, d.name) for d in db.session.scalars(departments(municipality.id))
    ]


def _fields(form: ResultForm, municipality: Municipality) -> dict:
    department = None
    if form.department_id.data:
        department = db.session.get(Department, form.department_id.data)
        if department is None or department.municipality_id != municipality.id:
            abort(404)
    return {
        "title": form.title.data or "",
        "description": form.description.data or "",
        "department": department,
        "cost_estimate": form.cost_estimate.data,
        "actual_cost": form.actual_cost.data,
        "decision_reference": form.decision_reference.data,
    }


@bp.route("/k/<slug>/utfordringer/<int:challenge_id>/resultater/ny", methods=["GET", "POST"])
@login_required
@limiter.limit(WRITE_LIMIT, methods=["POST"])
def create(slug: str, challenge_id: int):
    """Staff add a result (tiltak) to a challenge."""
    municipality = municipality_or_404(slug)
    challenge = challenge_or_404(municipality, challenge_id)
    require(why_not_manage_results(current_user, challenge))
    form = ResultForm()
    _department_choices(form, municipality)
    if form.validate_on_submit():
        done = attempt(
            lambda: create_result(challenge, actor=current_user, **_fields(form, municipality))
        )
        if done.refusal:
            form.form_errors.append(done.refusal.reason)
        elif done.value is not None:
            flash(_("Resultatet er lagret."), "success")
            return redirect(url_for(".manage", slug=slug, result_id=done.value.id), code=303)
    return render_template(
        "results/form.html", municipality=municipality, challenge=challenge, form=form, result=None
    ), 400 if form.errors or form.form_errors else 200


@bp.route("/k/<slug>/resultater/<int:result_id>/rediger", methods=["GET", "POST"])
@login_required
@limiter.limit(WRITE_LIMIT, methods=["POST"])
def edit(slug: str, result_id: int):
    """Staff edit what a result is (progress and status change by a public update)."""
    municipality, result = _places(slug, result_id)
    require(why_not_manage_results(current_user, result.challenge))
    form = ResultForm(obj=None if request.method == "POST" else result)
    _department_choices(form, municipality)
    if request.method == "GET":
        form.department_id.data = result.department_id or 0
    if form.validate_on_submit():
        done = attempt(
            lambda: update_result(result, actor=current_user, **_fields(form, municipality))
        )
        if done.refusal:
            form.form_errors.append(done.refusal.reason)
        else:
            flash(_("Endringene er lagret."), "success")
            return redirect(url_for(".manage", slug=slug, result_id=result.id), code=303)
    return render_template(
        "results/form.html",
        municipality=municipality,
        challenge=result.challenge,
        form=form,
        result=result,
    ), 400 if form.errors or form.form_errors else 200


@bp.route("/k/<slug>/resultater/<int:result_id>/behandle")
@login_required
def manage(slug: str, result_id: int):
    """The result's work page: report progress, link inputs and statements, milestones."""
    municipality, result = _places(slug, result_id)
    require(why_not_update_result(current_user, result))
    may_manage = why_not_manage_results(current_user, result.challenge) is None
    progress = ProgressForm(
        formdata=None, progress=str(result.progress), status=result.status.value
    )
    return render_template(
        "results/manage.html",
        municipality=municipality,
        result=result,
        may_manage=may_manage,
        progress_form=progress,
        inputs=linked_inputs(result.id),
        statements=linked_statements(result.id),
        milestones=milestones(result.id),
        candidates=linkable_inputs(result) if may_manage else [],
        statement_candidates=linkable_statements(result) if may_manage else [],
        inputs_form=LinkInputsForm(formdata=None),
        statements_form=LinkStatementsForm(formdata=None),
        milestone_form=MilestoneForm(formdata=None),
        done_form=DoneForm(formdata=None),
        confirm=ConfirmForm(formdata=None),
        done=ResultStatus.done,
    )


def _back(slug: str, result: Result):
    return redirect(url_for(".manage", slug=slug, result_id=result.id), code=303)


def _flash_errors(form) -> None:
    for errors in form.errors.values():
        for error in errors:
            flash(error, "error")


@bp.route("/k/<slug>/resultater/<int:result_id>/fremdrift", methods=["POST"])
@login_required
@limiter.limit(WRITE_LIMIT)
def progress(slug: str, result_id: int):
    """A public update of progress and status; the people behind the inputs are told."""
    _municipality, result = _places(slug, result_id)
    require(why_not_update_result(current_user, result))
    form = ProgressForm()
    if not form.validate_on_submit():
        _flash_errors(form)
        return _back(slug, result)
    done = attempt(
        lambda: report_progress(
            result,
            progress=form.progress_value(),
            status=ResultStatus(form.status.data),
            note=form.note.data or "",
            stop_reason=form.stop_reason.data or "",
            actor=current_user,
        )
    )
    flash_outcome(done, _("Oppdateringen er publisert."))
    return _back(slug, result)


@bp.route("/k/<slug>/resultater/<int:result_id>/innspill", methods=["POST"])
@login_required
@limiter.limit(WRITE_LIMIT)
def link_inputs_route(slug: str, result_id: int):
    """Link inputs the result answers."""
    _municipality, result = _places(slug, result_id)
    require(why_not_manage_results(current_user, result.challenge))
    form = LinkInputsForm()
    if not form.validate_on_submit():
        _flash_errors(form)
        return _back(slug, result)
    ids = form.chosen_ids()
    ideas = list(db.session.scalars(select(Idea).where(Idea.id.in_(ids)))) if ids else []
    if len(ideas) != len(ids):
        missing = sorted(set(ids) - {idea.id for idea in ideas})
        flash(_("Fant ikke innspill nummer %(ids)s.", ids=", ".join(map(str, missing))), "error")
        return _back(slug, result)
    done = attempt(lambda: link_inputs(result, ideas, actor=current_user))
    if done.refusal is None:
        count = done.value or 0
        flash(
            ngettext(
                "%(num)d innspill er knyttet til resultatet.",
                "%(num)d innspill er knyttet til resultatet.",
                count,
            ),
            "success",
        )
    else:
        flash(done.refusal.reason, "error")
    return _back(slug, result)


@bp.route("/k/<slug>/resultater/<int:result_id>/innspill/<int:idea_id>/fjern", methods=["POST"])
@login_required
def unlink_input_route(slug: str, result_id: int, idea_id: int):
    _municipality, result = _places(slug, result_id)
    require(why_not_manage_results(current_user, result.challenge))
    idea = db.session.get(Idea, idea_id) or abort(404)
    if ConfirmForm().validate_on_submit():
        done = attempt(lambda: unlink_input(result, idea, actor=current_user))
        flash_outcome(done, _("Innspillet er ikke lenger knyttet til resultatet."))
    return _back(slug, result)


@bp.route("/k/<slug>/resultater/<int:result_id>/uttalelser", methods=["POST"])
@login_required
@limiter.limit(WRITE_LIMIT)
def link_statements_route(slug: str, result_id: int):
    """Link hearing statements the result takes up."""
    _municipality, result = _places(slug, result_id)
    require(why_not_manage_results(current_user, result.challenge))
    form = LinkStatementsForm()
    if not form.validate_on_submit():
        _flash_errors(form)
        return _back(slug, result)
    ids = list(dict.fromkeys(form.statement_ids.data or []))
    found = list(db.session.scalars(select(Statement).where(Statement.id.in_(ids)))) if ids else []
    if len(found) != len(ids):
        abort(404)
    done = attempt(lambda: link_statements(result, found, actor=current_user))
    flash_outcome(done, _("Høringsuttalelsene er knyttet til resultatet."))
    return _back(slug, result)


@bp.route(
    "/k/<slug>/resultater/<int:result_id>/uttalelser/<int:statement_id>/fjern", methods=["POST"]
)
@login_required
def unlink_statement_route(slug: str, result_id: int, statement_id: int):
    _municipality, result = _places(slug, result_id)
    require(why_not_manage_results(current_user, result.challenge))
    statement = db.session.get(Statement, statement_id) or abort(404)
    if ConfirmForm().validate_on_submit():
        done = attempt(lambda: unlink_statement(result, statement, actor=current_user))
        flash_outcome(done, _("Høringsuttalelsen er ikke lenger knyttet til resultatet."))
    return _back(slug, result)


def _milestone(result: Result, milestone_id: int) -> ResultMilestone:
    milestone = db.session.get(ResultMilestone, milestone_id)
    if milestone is None or milestone.result_id != result.id:
        abort(404)
    return milestone


@bp.route("/k/<slug>/resultater/<int:result_id>/milepaeler", methods=["POST"])
@login_required
@limiter.limit(WRITE_LIMIT)
def add_milestone_route(slug: str, result_id: int):
    _municipality, result = _places(slug, result_id)
    require(why_not_manage_results(current_user, result.challenge))
    form = MilestoneForm()
    if not form.validate_on_submit() or form.due_on.data is None:
        _flash_errors(form)
        return _back(slug, result)
    due_on = form.due_on.data
    done = attempt(
        lambda: add_milestone(
            result, title=form.title.data or "", due_on=due_on, actor=current_user
        )
    )
    flash_outcome(done, _("Milepælen er lagt til."))
    return _back(slug, result)


@bp.route(
    "/k/<slug>/resultater/<int:result_id>/milepaeler/<int:milestone_id>/nadd", methods=["POST"]
)
@login_required
def complete_milestone_route(slug: str, result_id: int, milestone_id: int):
    _municipality, result = _places(slug, result_id)
    require(why_not_update_result(current_user, result))
    milestone = _milestone(result, milestone_id)
    if ConfirmForm().validate_on_submit():
        done = attempt(lambda: complete_milestone(milestone, result, actor=current_user))
        flash_outcome(done, _("Milepælen er markert som nådd."))
    return _back(slug, result)


@bp.route(
    "/k/<slug>/resultater/<int:result_id>/milepaeler/<int:milestone_id>/fjern", methods=["POST"]
)
@login_required
def remove_milestone_route(slug: str, result_id: int, milestone_id: int):
    _municipality, result = _places(slug, result_id)
    require(why_not_manage_results(current_user, result.challenge))
    milestone = _milestone(result, milestone_id)
    if ConfirmForm().validate_on_submit():
        done = attempt(lambda: remove_milestone(milestone, result, actor=current_user))
        flash_outcome(done, _("Milepælen er fjernet."))
    return _back(slug, result)


@bp.route("/k/<slug>/resultater/<int:result_id>/gjort", methods=["POST"])
@login_required
@limiter.limit(WRITE_LIMIT)
def inputs_done(slug: str, result_id: int):
    """Move the linked inputs of a done result to gjort with one public answer."""
    _municipality, result = _places(slug, result_id)
    require(why_not_manage_results(current_user, result.challenge))
    form = DoneForm()
    if not form.validate_on_submit():
        _flash_errors(form)
        return _back(slug, result)
    done = attempt(
        lambda: move_inputs_to_done(result, answer=form.answer.data or "", actor=current_user)
    )
    if done.refusal is not None:
        flash(done.refusal.reason, "error")
        for failure in getattr(done.refusal, "failures", []):
            flash(f"«{failure.idea.title}»: {failure.reason}", "error")
        return _back(slug, result)
    assert done.value is not None
    changes, skipped = done.value
    moved = len({change.idea_id for change in changes})
    flash(
        ngettext(
            "%(num)d innspill er flyttet til «Gjort».",
            "%(num)d innspill er flyttet til «Gjort».",
            moved,
        ),
        "success",
    )
    for idea in skipped:
        flash(
            _(
                "«%(title)s» sto allerede i steget «%(stage)s» og ble ikke flyttet.",
                title=idea.title,
                stage=idea.stage.label,
            ),
            "info",
        )
    return _back(slug, result)
