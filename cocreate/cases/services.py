"""Departments, their members and the assignment of inputs. Services flush; routes commit.

Each change checks its rule in permissions.py and raises its reason as a CaseError, and writes an
audit row. An input's assignments are its internal history: the audit log's `idea.assigned`
rows for that input (queries.assignment_history), shown on the case page and never in public.
"""

from collections.abc import Sequence

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.models import EMAIL, Membership, Role, User
from ..audit.services import record_event
from ..challenges.models import Challenge
from ..challenges.permissions import why_not_edit_challenge
from ..database import utcnow
from ..extensions import db
from ..ideas.models import Idea
from ..municipalities.models import Municipality
from ..notifications.compose import default_locale, locale_of
from ..notifications.links import path_for
from ..notifications.services import notify
from ..refusals import Refusal, require
from .models import DEPARTMENT_NAME, Department, DepartmentMember
from .permissions import why_not_assign, why_not_assign_to, why_not_manage_departments

# Work mail for staff, so not registered (notifications/kinds.py): the kind would be listed on
# every citizen's e-mail settings. It can still be unsubscribed from through its own link.
CASE_ASSIGNED = "case_assigned"
# The roles a department member may have: case officers, and staff who answer for the unit.
MEMBER_ROLES = (Role.case_officer, Role.facilitator, Role.admin)


class CaseError(Refusal):
    """A rule about departments or assignment was broken; the message is shown to the person."""


def _clean(municipality: Municipality, name: str, email: str | None, *, current: int | None):
    name = DEPARTMENT_NAME.enforce(" ".join((name or "").split()), CaseError)
    email = EMAIL.enforce((email or "").strip(), CaseError) or None
    if email is not None and "@" not in email:
        raise CaseError(_("Skriv en gyldig e-postadresse for enheten, eller la feltet stå tomt."))
    taken = db.session.scalar(
        select(Department.id).where(
            Department.municipality_id == municipality.id, Department.name == name
        )
    )
    if taken is not None and taken != current:
        raise CaseError(_("Kommunen har allerede en enhet som heter «%(name)s».", name=name))
    return name, email


def create_department(
    municipality: Municipality, *, name: str, email: str | None, actor: User | None
) -> Department:
    """A new department of the municipality (administrators; None = the operator's CLI)."""
    if actor is not None:
        require(why_not_manage_departments(actor, municipality))
    name, email = _clean(municipality, name, email, current=None)
    department = Department(municipality_id=municipality.id, name=name, email=email)
    db.session.add(department)
    db.session.flush()
    record_event(
        "department.created", actor=actor, municipality=municipality, subject=department, name=name
    )
    return department


def update_department(
    department: Department, *, name: str, email: str | None, actor: User
) -> Department:
    """Rename a department or change its e-mail address. Answers it gave keep the name they were
    given under."""
    municipality = department.municipality
    require(why_not_manage_departments(actor, municipality))
    old_name = department.name
    department.name, department.email = _clean(municipality, name, email, current=department.id)
    db.session.flush()
    record_event(
        "department.updated",
        actor=actor,
        municipality=municipality,
        subject=department,
        old_name=old_name,
        name=department.name,
    )
    return department


def delete_department(department: Department, *, actor: User) -> None:
    """Delete a department: its inputs keep their assignee and lose the department, its answers
    keep the name they were signed with."""
    municipality = department.municipality
    require(why_not_manage_departments(actor, municipality))
    record_event(
        "department.deleted",
        actor=actor,
        municipality=municipality,
        subject=department,
        name=department.name,
    )
    db.session.delete(department)
    db.session.flush()
    db.session.expire_all()  # the inputs' and answers' department_id were set NULL by the database


def _role_in(user: User, municipality_id: int) -> Role | None:
    return db.session.scalar(
        select(Membership.role).where(
            Membership.user_id == user.id, Membership.municipality_id == municipality_id
        )
    )


def add_department_member(department: Department, user: User, *, actor: User | None) -> bool:
    """Make a case officer, facilitator or administrator of the municipality a member of the
    department; whether they were not one already."""
    municipality = department.municipality
    if actor is not None:
        require(why_not_manage_departments(actor, municipality))
    if not user.is_active or _role_in(user, municipality.id) not in MEMBER_ROLES:
        raise CaseError(
            _(
                "%(name)s er ikke saksbehandler, fasilitator eller administrator i kommunen. "
                "Gi personen en rolle under «Medlemmer og roller» først.",
                name=user.display_name,
            )
        )
    if db.session.get(DepartmentMember, (department.id, user.id)) is not None:
        return False
    db.session.add(DepartmentMember(department_id=department.id, user_id=user.id))
    db.session.flush()
    record_event(
        "department.member_added",
        actor=actor,
        municipality=municipality,
        subject=department,
        user_id=user.id,
    )
    return True


def remove_department_member(department: Department, user: User, *, actor: User) -> bool:
    """Take a person out of the department; whether they were in it. Inputs assigned to them
    stay theirs until someone assigns them again."""
    municipality = department.municipality
    require(why_not_manage_departments(actor, municipality))
    member = db.session.get(DepartmentMember, (department.id, user.id))
    if member is None:
        return False
    db.session.delete(member)
    db.session.flush()
    record_event(
        "department.member_removed",
        actor=actor,
        municipality=municipality,
        subject=department,
        user_id=user.id,
    )
    return True


def assign_inputs(
    ideas: Sequence[Idea], department: Department, assignee: User | None, *, actor: User
) -> list[Idea]:
    """Assign inputs to a department and optionally a person, all or none: if one may not be
    assigned, nothing is, and the refusal names every input that failed and why. Each input
    gets an audit row (its internal history); the assignee is told once, in the app and by
    e-mail."""
    if not ideas:
        raise CaseError(_("Velg minst ett innspill å tildele."))
    municipality = department.municipality
    if reason := why_not_assign_to(department, assignee):
        raise CaseError(reason)
    failed = []
    for idea in ideas:
        if idea.challenge.municipality_id != municipality.id:
            failed.append((idea, _("Innspillet hører til en annen kommune.")))
        elif reason := why_not_assign(actor, idea):
            failed.append((idea, reason))
    if failed:
        lines = [_("Ingen av innspillene ble tildelt, fordi disse ikke kunne tildeles:")]
        lines += [f"«{idea.title}»: {reason}" for idea, reason in failed]
        raise CaseError("\n".join(lines))
    now = utcnow()
    changed = []
    for idea in ideas:
        before = (idea.department_id, idea.assignee_id)
        if before == (department.id, assignee.id if assignee else None):
            continue
        idea.department_id = department.id
        idea.assignee_id = assignee.id if assignee else None
        idea.assigned_at = now
        record_event(
            "idea.assigned",
            actor=actor,
            municipality=municipality,
            subject=idea,
            department_id=department.id,
            department=department.name,
            assignee_id=assignee.id if assignee else None,
            assignee=assignee.display_name if assignee else None,
            previous_department_id=before[0],
            previous_assignee_id=before[1],
        )
        changed.append(idea)
    db.session.flush()
    if assignee is not None and assignee.id != actor.id and changed:
        _notify_assignee(assignee, changed, department)
    return changed


def _notify_assignee(assignee: User, ideas: list[Idea], department: Department) -> None:
    first = ideas[0]
    municipality = department.municipality
    with default_locale(municipality.default_locale), force_locale(locale_of(assignee)):
        if len(ideas) == 1:
            subject = _("Du har fått innspillet «%(title)s» til behandling", title=first.title)
        else:
            subject = _("Du har fått %(n)s innspill til behandling", n=len(ideas))
        lines = [
            _(
                "Disse innspillene er tildelt deg i %(department)s:",
                department=department.name,
            )
        ]
        lines += [f"– {idea.title}" for idea in ideas]
        notify(
            assignee,
            kind=CASE_ASSIGNED,
            subject=subject,
            text="\n".join(lines),
            link=path_for("cases.case", slug=municipality.slug, idea_id=first.id),
        )


def set_default_department(
    challenge: Challenge, department: Department | None, *, actor: User
) -> None:
    """The department new inputs of the challenge land in (None: none); inputs already in keep
    theirs. Whoever may edit the challenge sets it."""
    require(why_not_edit_challenge(actor, challenge))
    if department is not None and department.municipality_id != challenge.municipality_id:
        raise CaseError(_("Enheten hører til en annen kommune."))
    challenge.default_department_id = department.id if department is not None else None
    db.session.flush()
    record_event(
        "challenge.default_department_set",
        actor=actor,
        municipality=challenge.municipality,
        subject=challenge,
        department_id=challenge.default_department_id,
    )
