"""Who keeps departments, who sees and handles a case, and who assigns inputs.

A case officer (Role.case_officer) belongs to departments of one municipality. They see and
handle (answer, correct, update, move; pipeline/permissions.py asks `handles_case` through
pipeline/case_rules.py) the inputs assigned to them or to one of their departments, write
internal notes on them and see the case queue. They are not staff (accounts.permissions
.is_staff stays facilitator/admin), so moderation, workshops, challenges and exports keep
refusing them. Facilitators and administrators see and handle every case of their municipality.
"""

from typing import Any

from flask import g, has_request_context
from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.models import Membership, Role, User
from ..accounts.permissions import is_admin, is_staff, role_in
from ..extensions import db
from ..ideas.models import Idea
from ..municipalities.models import Municipality
from ..pipeline import case_rules
from .models import Department, DepartmentMember


def _user_id(user: Any) -> int | None:
    if isinstance(user, User) and user.is_authenticated and user.is_active:
        return user.id
    return None


def department_ids(user: Any, municipality_id: int) -> frozenset[int]:
    """The departments of this municipality the person belongs to, read once per request."""
    user_id = _user_id(user)
    if user_id is None:
        return frozenset()
    if not has_request_context():
        return _read_department_ids(user_id, municipality_id)
    cache = g.setdefault("department_cache", {})
    key = (user_id, municipality_id)
    if key not in cache:
        cache[key] = _read_department_ids(user_id, municipality_id)
    return cache[key]


def _read_department_ids(user_id: int, municipality_id: int) -> frozenset[int]:
    return frozenset(
        db.session.scalars(
            select(DepartmentMember.department_id)
            .join(Department, Department.id == DepartmentMember.department_id)
            .where(
                DepartmentMember.user_id == user_id, Department.municipality_id == municipality_id
            )
        )
    )


def is_case_officer(user: Any, municipality: Municipality | int) -> bool:
    return role_in(user, municipality) is Role.case_officer


def _officer_has(user: Any, idea: Idea) -> bool:
    """The input is assigned to this case officer, or to one of their departments."""
    municipality_id = idea.challenge.municipality_id
    if not is_case_officer(user, municipality_id):
        return False
    if idea.assignee_id is not None and idea.assignee_id == _user_id(user):
        return True
    return idea.department_id is not None and idea.department_id in department_ids(
        user, municipality_id
    )


def handles_case(user: Any, idea: Idea) -> bool:
    """A case officer handles the inputs assigned to them or to one of their departments (staff
    handle every input through pipeline's own rule)."""
    return _officer_has(user, idea)


def why_not_see_case(user: Any, idea: Idea) -> str | None:
    """Staff of the input's municipality, and the case officer who has it (assigned to them or
    to one of their departments), see the case: its internal history and notes."""
    if is_staff(user, idea.challenge.municipality_id) or _officer_has(user, idea):
        return None
    if is_case_officer(user, idea.challenge.municipality_id):
        return _("Innspillet er ikke tildelt deg eller en enhet du er med i.")
    return _("Bare kommunens saksbehandlere, fasilitatorer og administratorer kan se saken.")


def can_see_case(user: Any, idea: Idea) -> bool:
    return why_not_see_case(user, idea) is None


def why_not_write_internal_notes(user: Any, idea: Idea) -> str | None:
    """Whoever sees the case may write internal notes on it."""
    return why_not_see_case(user, idea)


def can_write_internal_notes(user: Any, idea: Idea) -> bool:
    return why_not_write_internal_notes(user, idea) is None


def can_see_case_queue(user: Any, municipality: Municipality | int) -> bool:
    """The municipality's staff and case officers see the case queue (each their own part)."""
    return is_staff(user, municipality) or is_case_officer(user, municipality)


def why_not_manage_departments(user: Any, municipality: Municipality) -> str | None:
    """Only the municipality's administrators keep its departments and their members."""
    if not is_admin(user, municipality):
        return _("Bare kommunens administratorer kan endre enhetene.")
    return None


def can_manage_departments(user: Any, municipality: Municipality) -> bool:
    return why_not_manage_departments(user, municipality) is None


def why_not_assign(user: Any, idea: Idea) -> str | None:
    """Staff assign any input of their municipality; a case officer the inputs of their own
    departments (to pass one on, or to take it)."""
    municipality_id = idea.challenge.municipality_id
    if is_staff(user, municipality_id):
        return None
    if is_case_officer(user, municipality_id):
        if idea.department_id is not None and idea.department_id in department_ids(
            user, municipality_id
        ):
            return None
        return _("Du kan bare tildele innspill som ligger i en enhet du er med i.")
    return _(
        "Bare kommunens saksbehandlere, fasilitatorer og administratorer kan tildele innspill."
    )


def can_assign(user: Any, idea: Idea) -> bool:
    return why_not_assign(user, idea) is None


def why_not_assign_to(department: Department, assignee: User | None) -> str | None:
    """A person an input is assigned to is a case officer in that department, or a facilitator
    or administrator of the municipality."""
    if assignee is None:
        return None
    membership = db.session.scalar(
        select(Membership).where(
            Membership.user_id == assignee.id,
            Membership.municipality_id == department.municipality_id,
        )
    )
    role = membership.role if membership is not None and assignee.is_active else None
    if role in (Role.facilitator, Role.admin):
        return None
    if role is Role.case_officer and department.id in _read_department_ids(
        assignee.id, department.municipality_id
    ):
        return None
    return _(
        "%(name)s er ikke saksbehandler i %(department)s, og heller ikke fasilitator eller "
        "administrator i kommunen.",
        name=assignee.display_name,
        department=department.name,
    )


def _department_name(department_id: int) -> str | None:
    department = db.session.get(Department, department_id)
    return department.name if department is not None else None


case_rules.register(handles=handles_case, department_name=_department_name)
