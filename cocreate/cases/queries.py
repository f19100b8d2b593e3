"""Reads for the departments page, the case page and the assignment list."""

from collections import defaultdict

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from ..accounts.models import Membership, Role, User
from ..accounts.permissions import STAFF_ROLES
from ..audit.models import AuditEvent
from ..challenges.models import Challenge
from ..extensions import db
from ..ideas.models import Idea, Visibility
from ..municipalities.models import Municipality
from .models import Department, DepartmentMember
from .services import MEMBER_ROLES


def departments(municipality: Municipality | int) -> Select[Department]:
    municipality_id = municipality if isinstance(municipality, int) else municipality.id
    return (
        select(Department)
        .where(Department.municipality_id == municipality_id)
        .order_by(Department.name, Department.id)
    )


def members_by_department(municipality: Municipality) -> dict[int, list[User]]:
    """Each department's members, by name, in one query."""
    rows = db.session.execute(
        select(DepartmentMember.department_id, User)
        .join(User, User.id == DepartmentMember.user_id)
        .join(Department, Department.id == DepartmentMember.department_id)
        .where(Department.municipality_id == municipality.id)
        .order_by(User.display_name, User.id)
    )
    result: dict[int, list[User]] = defaultdict(list)
    for department_id, user in rows:
        result[department_id].append(user)
    return result


def possible_members(municipality: Municipality) -> list[tuple[User, Role]]:
    """The people who may join a department: the municipality's case officers and staff."""
    rows = db.session.execute(
        select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.municipality_id == municipality.id,
            Membership.role.in_(MEMBER_ROLES),
            User.deleted_at.is_(None),
        )
        .order_by(User.display_name, User.id)
    )
    return [(user, role) for user, role in rows]


def assignable_people(municipality: Municipality) -> list[tuple[User, list[str]]]:
    """Whom an input may be assigned to: staff (any department), and case officers (their
    departments), each with the names of their departments."""
    names = defaultdict(list)
    rows = db.session.execute(
        select(DepartmentMember.user_id, Department.name)
        .join(Department, Department.id == DepartmentMember.department_id)
        .where(Department.municipality_id == municipality.id)
        .order_by(Department.name)
    )
    for user_id, name in rows:
        names[user_id].append(name)
    people = []
    for user, role in possible_members(municipality):
        if role in STAFF_ROLES or names.get(user.id):
            people.append((user, names.get(user.id, [])))
    return people


def assignment_history(idea: Idea) -> list[tuple[AuditEvent, User | None]]:
    """The input's assignments and reassignments, oldest first, with who made each."""
    return list(
        db.session.execute(
            select(AuditEvent, User)
            .outerjoin(User, User.id == AuditEvent.actor_id)
            .where(
                AuditEvent.event == "idea.assigned",
                AuditEvent.subject_type == Idea.__name__,
                AuditEvent.subject_id == idea.id,
            )
            .order_by(AuditEvent.created_at, AuditEvent.id)
        ).all()
    )


def assignable_inputs(
    municipality: Municipality,
    *,
    challenge_id: int | None = None,
    department_ids: frozenset[int] | None = None,
) -> Select[Idea]:
    """Published inputs of the municipality, newest first, optionally of one challenge; with
    `department_ids` only those in these departments (a case officer's)."""
    query = (
        select(Idea)
        .join(Challenge, Challenge.id == Idea.challenge_id)
        .options(joinedload(Idea.challenge))
        .where(
            Challenge.municipality_id == municipality.id, Idea.visibility == Visibility.published
        )
        .order_by(Idea.created_at.desc(), Idea.id.desc())
    )
    if challenge_id is not None:
        query = query.where(Idea.challenge_id == challenge_id)
    if department_ids is not None:
        query = query.where(Idea.department_id.in_(department_ids))
    return query


def names_of(ids: set[int]) -> dict[int, str]:
    """Display names of people by id (for lists of inputs with their assignees)."""
    if not ids:
        return {}
    return dict(
        db.session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).tuples()
    )
