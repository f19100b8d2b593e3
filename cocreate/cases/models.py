"""Departments (enheter) of a municipality and their members: the case officers who answer the
inputs assigned to the department. An input's department and assignee are columns of `ideas`;
a challenge's default department is a column of `challenges`; the department that gave an
answer is a column of `stage_changes` (all SET NULL when a department is deleted)."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import EMAIL, User
from ..database import utcnow
from ..extensions import Model
from ..limits import TextLimit
from ..municipalities.models import Municipality

DEPARTMENT_NAME = TextLimit(120, _l("Navnet på enheten må ha mellom %(min)d og %(max)d tegn."), 2)


class Department(Model):
    """A unit of the municipality (enhet): a name unique in the municipality and an optional
    e-mail address for the unit."""

    __tablename__ = "departments"
    __table_args__ = (
        UniqueConstraint("municipality_id", "name"),
        DEPARTMENT_NAME.check("name", "name_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(DEPARTMENT_NAME.max))
    email: Mapped[str | None] = mapped_column(String(EMAIL.max))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    municipality: Mapped[Municipality] = relationship()

    def __repr__(self) -> str:
        return f"<Department {self.id} {self.name!r}>"


class DepartmentMember(Model):
    """A person belongs to a department (a case officer, or staff who answer for it)."""

    __tablename__ = "department_members"

    department_id: Mapped[int] = mapped_column(
        ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    department: Mapped[Department] = relationship()
    user: Mapped[User] = relationship()


class CaseReminder(Model):
    """The day's reminder of cases due soon or overdue was written for this person
    (cases/reminders.py): one a day, so a second run the same day sends nothing."""

    __tablename__ = "case_reminders"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    sent_on: Mapped[date] = mapped_column(primary_key=True)
    cases: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
