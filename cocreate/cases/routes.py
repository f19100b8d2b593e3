"""The departments page of a municipality (administrators), an input's case page (assignment
and its internal history) and the assignment of many inputs at once."""

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import sections
from ..accounts.models import User
from ..accounts.permissions import is_staff
from ..challenges.models import Challenge
from ..challenges.permissions import can_edit_challenge
from ..database import attempt, flash_outcome
from ..extensions import db
from ..ideas.models import Idea
from ..members.forms import ConfirmForm
from ..municipalities.models import Municipality
from ..municipalities.services import get_by_slug
from ..pipeline.links import idea_path
from . import bp, queue_routes  # noqa: F401 - queue_routes: Saksliste's views on bp
from .forms import (
    AssignForm,
    BulkAssignForm,
    DefaultDepartmentForm,
    DepartmentForm,
    MemberForm,
)
from .models import Department
from .permissions import (
    can_assign,
    can_manage_departments,
    can_see_case,
    can_see_case_queue,
    department_ids,
    why_not_see_case,
)
from .queries import (
    assignable_inputs,
    assignable_people,
    assignment_history,
    departments,
    members_by_department,
    names_of,
    possible_members,
)
from .services import (
    add_department_member,
    assign_inputs,
    create_department,
    delete_department,
    remove_department_member,
    set_default_department,
    update_department,
)

bp.add_app_template_global(can_see_case, "can_see_case")


def _admin_links(municipality: Municipality, **_context: Any) -> dict[str, Any] | None:
    if not can_see_case_queue(current_user, municipality):
        return None
    return {
        "municipality": municipality,
        "manage": can_manage_departments(current_user, municipality),
    }


sections.register("municipality_page", "cases/_admin_link.html", _admin_links, order=86)


def _default_department_section(challenge: Challenge, **_context: Any) -> dict[str, Any] | None:
    if not can_edit_challenge(current_user, challenge):
        return None
    form = DefaultDepartmentForm(department_id=challenge.default_department_id or 0)
    _department_choices(form, challenge.municipality_id, _("Ingen enhet"))
    return {"challenge": challenge, "form": form}


sections.register(
    "challenge_edit_page", "cases/_default_department.html", _default_department_section
)


def _department_choices(form: Any, municipality_id: int, none_label: str) -> None:
    form.department_id.choices = [(0, none_label)] + [
        (d.id, d.name) for d in db.session.scalars(departments(municipality_id))
    ]


def _municipality(slug: str) -> Municipality:
    return get_by_slug(slug) or abort(404)


def _managed(slug: str) -> Municipality:
    municipality = _municipality(slug)
    if not can_manage_departments(current_user, municipality):
        abort(403)
    return municipality


def _department(municipality: Municipality, department_id: int) -> Department:
    department = db.session.get(Department, department_id)
    if department is None or department.municipality_id != municipality.id:
        abort(404)
    return department


def _back(municipality: Municipality):
    return redirect(url_for("cases.departments_page", slug=municipality.slug), code=303)


def _departments_page(municipality: Municipality, form: DepartmentForm, status: int = 200):
    rows = list(db.session.scalars(departments(municipality)))
    members = members_by_department(municipality)
    candidates = possible_members(municipality)
    member_forms = {}
    for department in rows:
        inside = {user.id for user in members.get(department.id, [])}
        member_form = MemberForm(prefix=f"d{department.id}")
        member_form.user_id.choices = [
            (user.id, user.display_name) for user, _role in candidates if user.id not in inside
        ]
        member_forms[department.id] = member_form
    return render_template(
        "cases/departments.html",
        municipality=municipality,
        form=form,
        departments=rows,
        members=members,
        member_forms=member_forms,
        edit_forms={d.id: DepartmentForm(prefix=f"e{d.id}", obj=d) for d in rows},
    ), status


@bp.route("/k/<slug>/enheter")
@login_required
def departments_page(slug: str):
    return _departments_page(_managed(slug), DepartmentForm())


@bp.route("/k/<slug>/enheter", methods=["POST"])
@login_required
def create(slug: str):
    municipality = _managed(slug)
    form = DepartmentForm()
    if not form.validate_on_submit():
        return _departments_page(municipality, form, 400)
    done = attempt(
        lambda: create_department(
            municipality, name=form.name.data or "", email=form.email.data, actor=current_user
        )
    )
    if done.refusal:
        form.name.errors = [*form.name.errors, done.refusal.reason]
        return _departments_page(municipality, form, done.refusal.status)
    flash(_("Enheten «%(name)s» er opprettet.", name=form.name.data), "success")
    return _back(municipality)


@bp.route("/k/<slug>/enheter/<int:department_id>", methods=["POST"])
@login_required
def update(slug: str, department_id: int):
    municipality = _managed(slug)
    department = _department(municipality, department_id)
    form = DepartmentForm(prefix=f"e{department.id}")
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return _back(municipality)
    done = attempt(
        lambda: update_department(
            department, name=form.name.data or "", email=form.email.data, actor=current_user
        )
    )
    flash_outcome(done, _("Enheten «%(name)s» er lagret.", name=department.name))
    return _back(municipality)


@bp.route("/k/<slug>/enheter/<int:department_id>/slett", methods=["POST"])
@login_required
def delete(slug: str, department_id: int):
    municipality = _managed(slug)
    department = _department(municipality, department_id)
    name = department.name
    if ConfirmForm().validate_on_submit():
        done = attempt(lambda: delete_department(department, actor=current_user))
        flash_outcome(done, _("Enheten «%(name)s» er slettet.", name=name))
    return _back(municipality)


@bp.route("/k/<slug>/enheter/<int:department_id>/medlemmer", methods=["POST"])
@login_required
def add_member(slug: str, department_id: int):
    municipality = _managed(slug)
    department = _department(municipality, department_id)
    form = MemberForm(prefix=f"d{department.id}")
    form.user_id.choices = [
        (user.id, user.display_name) for user, _ in possible_members(municipality)
    ]
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return _back(municipality)
    user = db.session.get(User, form.user_id.data) or abort(404)
    done = attempt(lambda: add_department_member(department, user, actor=current_user))
    flash_outcome(
        done,
        _("%(name)s er med i %(department)s.", name=user.display_name, department=department.name),
    )
    return _back(municipality)


@bp.route("/k/<slug>/enheter/<int:department_id>/medlemmer/<int:user_id>/fjern", methods=["POST"])
@login_required
def remove_member(slug: str, department_id: int, user_id: int):
    municipality = _managed(slug)
    department = _department(municipality, department_id)
    user = db.session.get(User, user_id) or abort(404)
    if ConfirmForm().validate_on_submit():
        done = attempt(lambda: remove_department_member(department, user, actor=current_user))
        flash_outcome(
            done,
            _(
                "%(name)s er ikke lenger med i %(department)s.",
                name=user.display_name,
                department=department.name,
            ),
        )
    return _back(municipality)


# --- assignment -----------------------------------------------------------------------------


def _assign_choices(form: AssignForm, municipality: Municipality) -> None:
    _department_choices(form, municipality.id, _("Velg enhet"))
    form.assignee_id.choices = [(0, _("Ingen bestemt person"))] + [
        (user.id, f"{user.display_name} ({', '.join(names)})" if names else user.display_name)
        for user, names in assignable_people(municipality)
    ]


def _chosen(form: AssignForm, municipality: Municipality) -> tuple[Department, User | None]:
    department = _department(municipality, form.department_id.data or 0)
    assignee = db.session.get(User, form.assignee_id.data) if form.assignee_id.data else None
    if form.assignee_id.data and assignee is None:
        abort(404)
    return department, assignee


def _idea(municipality: Municipality, idea_id: int) -> Idea:
    idea = db.session.get(Idea, idea_id)
    if idea is None or idea.challenge.municipality_id != municipality.id:
        abort(404)
    return idea


@bp.route("/k/<slug>/innspill/<int:idea_id>/sak", methods=["GET", "POST"])
@login_required
def case(slug: str, idea_id: int):
    """An input's case: its department and case officer, the assignment form and the internal
    history of assignments. Never public."""
    municipality = _municipality(slug)
    idea = _idea(municipality, idea_id)
    if why_not_see_case(current_user, idea):
        abort(403)
    may_assign = can_assign(current_user, idea)
    form = AssignForm(department_id=idea.department_id or 0, assignee_id=idea.assignee_id or 0)
    _assign_choices(form, municipality)
    status = 200
    if request.method == "POST":
        if not may_assign:
            abort(403)
        if form.validate_on_submit() and form.department_id.data:
            department, assignee = _chosen(form, municipality)
            done = attempt(lambda: assign_inputs([idea], department, assignee, actor=current_user))
            if done.refusal is None:
                flash(_assigned_message(department, assignee), "success")
                return redirect(url_for("cases.case", slug=slug, idea_id=idea.id), code=303)
            form.assignee_id.errors = [done.refusal.reason]
            status = done.refusal.status
        else:
            if not form.department_id.data:
                form.department_id.errors = [_("Velg en enhet.")]
            status = 400
    return render_template(
        "cases/case.html",
        municipality=municipality,
        idea=idea,
        department=db.session.get(Department, idea.department_id) if idea.department_id else None,
        assignee=db.session.get(User, idea.assignee_id) if idea.assignee_id else None,
        form=form if may_assign else None,
        history=assignment_history(idea),
        idea_link=idea_path(idea),
    ), status


def _assigned_message(department: Department, assignee: User | None) -> str:
    if assignee is None:
        return _("Tildelt %(department)s.", department=department.name)
    return _(
        "Tildelt %(name)s i %(department)s.",
        name=assignee.display_name,
        department=department.name,
    )


@bp.route("/k/<slug>/tildel", methods=["GET", "POST"])
@login_required
def assign_many(slug: str):
    """Many inputs at once: tick them, choose the department and the person, all or nothing.
    Staff see every published input; a case officer those of their departments."""
    municipality = _municipality(slug)
    if not can_see_case_queue(current_user, municipality):
        abort(403)
    challenge_id = request.args.get("utfordring", type=int)
    own = (
        None
        if is_staff(current_user, municipality)
        else department_ids(current_user, municipality.id)
    )
    form = BulkAssignForm()
    _assign_choices(form, municipality)
    status = 200
    if form.validate_on_submit():
        ids = list(dict.fromkeys(form.idea_ids.data or []))
        ideas = [_idea(municipality, idea_id) for idea_id in ids]
        if not ideas:
            form.idea_ids.errors = [_("Velg minst ett innspill å tildele.")]
            status = 400
        elif not form.department_id.data:
            form.department_id.errors = [_("Velg en enhet.")]
            status = 400
        else:
            department, assignee = _chosen(form, municipality)
            done = attempt(lambda: assign_inputs(ideas, department, assignee, actor=current_user))
            if done.refusal is None:
                flash(
                    _(
                        "%(n)s innspill er tildelt %(department)s.",
                        n=len(ideas),
                        department=department.name,
                    ),
                    "success",
                )
                return redirect(request.full_path, code=303)
            form.idea_ids.errors = done.refusal.reason.split("\n")
            status = done.refusal.status
    elif form.is_submitted():
        status = 400
    page = db.paginate(
        assignable_inputs(municipality, challenge_id=challenge_id, department_ids=own),
        per_page=50,
        error_out=False,
    )
    departments_by_id = {d.id: d.name for d in db.session.scalars(departments(municipality))}
    return render_template(
        "cases/assign.html",
        municipality=municipality,
        form=form,
        page=page,
        challenge_id=challenge_id,
        departments_by_id=departments_by_id,
        assignees=names_of({i.assignee_id for i in page.items if i.assignee_id}),
        selected=set(form.idea_ids.data or []),
        idea_path=idea_path,
    ), status


@bp.route("/k/<slug>/utfordringer/<int:challenge_id>/standardenhet", methods=["POST"])
@login_required
def default_department(slug: str, challenge_id: int):
    """The department new inputs of the challenge land in (on the challenge's edit page)."""
    municipality = _municipality(slug)
    challenge = db.session.get(Challenge, challenge_id)
    if challenge is None or challenge.municipality_id != municipality.id:
        abort(404)
    if not can_edit_challenge(current_user, challenge):
        abort(403)
    form = DefaultDepartmentForm()
    _department_choices(form, municipality.id, _("Ingen enhet"))
    back = redirect(url_for("challenges.edit", slug=slug, challenge_id=challenge.id), code=303)
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return back
    department = (
        _department(municipality, form.department_id.data) if form.department_id.data else None
    )
    done = attempt(lambda: set_default_department(challenge, department, actor=current_user))
    if department is None:
        flash_outcome(done, _("Nye innspill i utfordringen får ingen enhet."))
    else:
        flash_outcome(
            done,
            _("Nye innspill i utfordringen havner i %(department)s.", department=department.name),
        )
    return back
