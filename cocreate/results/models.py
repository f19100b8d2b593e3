"""Results (tiltak): measures under a challenge that answer one or more inputs and hearing
statements. A result has a department, costs, the council's decision reference, milestones, a
progress percentage and a status; every change of progress or status is a public update
(`ResultUpdate`) that notifies everyone behind its linked inputs."""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..cases.models import Department
from ..challenges.models import Challenge
from ..database import utcnow
from ..enums import enum_column
from ..extensions import Model
from ..hearings.models import Statement
from ..ideas.models import Idea
from ..limits import TextLimit
from ..pipeline.models import REFERENCE

RESULT_TITLE = TextLimit(200, _l("Tittelen må ha mellom %(min)d og %(max)d tegn."), 3)
RESULT_DESCRIPTION = TextLimit(10000, _l("Beskrivelsen kan være på høyst %(max)d tegn."))
MILESTONE_TITLE = TextLimit(200, _l("Milepælen må ha mellom %(min)d og %(max)d tegn."), 1)
UPDATE_NOTE = TextLimit(5000, _l("Oppdateringen må ha mellom %(min)d og %(max)d tegn."), 1)
STOP_REASON = TextLimit(5000, _l("Begrunnelsen må ha mellom %(min)d og %(max)d tegn."), 1)
# The council's decision reference (vedtak, saksnummer): as long as a move's reference.
DECISION_REFERENCE = REFERENCE


class ResultStatus(enum.Enum):
    planned = "planned"
    under_way = "under_way"
    done = "done"
    stopped = "stopped"  # always with a reason

    @property
    def label(self) -> str:
        return str(RESULT_STATUS_LABELS[self])


RESULT_STATUS_LABELS = {
    ResultStatus.planned: _l("Planlagt"),
    ResultStatus.under_way: _l("Under arbeid"),
    ResultStatus.done: _l("Gjennomført"),
    ResultStatus.stopped: _l("Stanset"),
}


class Result(Model):
    __tablename__ = "results"
    __table_args__ = (
        RESULT_TITLE.check("title", "title_length"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        CheckConstraint("cost_estimate IS NULL OR cost_estimate >= 0", name="estimate_positive"),
        CheckConstraint("actual_cost IS NULL OR actual_cost >= 0", name="actual_positive"),
        CheckConstraint("status <> 'stopped' OR stop_reason <> ''", name="stop_has_reason"),
        Index("ix_results_decision_reference", "decision_reference"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(RESULT_TITLE.max))
    description: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL")
    )
    cost_estimate: Mapped[int | None]  # whole kroner
    actual_cost: Mapped[int | None]
    decision_reference: Mapped[str | None] = mapped_column(String(DECISION_REFERENCE.max))
    progress: Mapped[int] = mapped_column(default=0)
    status: Mapped[ResultStatus] = mapped_column(
        enum_column(ResultStatus, "result_status"), default=ResultStatus.planned
    )
    stop_reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # When the status became done (a measure: days from besluttet to done).
    done_at: Mapped[datetime | None]

    challenge: Mapped[Challenge] = relationship()
    department: Mapped[Department | None] = relationship()
    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Result {self.id} {self.status.value} {self.progress}%>"


class ResultMilestone(Model):
    __tablename__ = "result_milestones"
    __table_args__ = (MILESTONE_TITLE.check("title", "title_length"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("results.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(MILESTONE_TITLE.max))
    due_on: Mapped[date]
    done_on: Mapped[date | None]


class ResultInput(Model):
    """The result answers this input."""

    __tablename__ = "result_inputs"

    result_id: Mapped[int] = mapped_column(
        ForeignKey("results.id", ondelete="CASCADE"), primary_key=True
    )
    idea_id: Mapped[int] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    idea: Mapped[Idea] = relationship()


class ResultStatement(Model):
    """The result takes up this hearing statement."""

    __tablename__ = "result_statements"

    result_id: Mapped[int] = mapped_column(
        ForeignKey("results.id", ondelete="CASCADE"), primary_key=True
    )
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    statement: Mapped[Statement] = relationship()


class ResultUpdate(Model):
    """A public update of a result: its progress and status after the change, and a note.
    Append-only; the result's own columns show the newest."""

    __tablename__ = "result_updates"
    __table_args__ = (
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        Index("ix_result_updates_result_created", "result_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("results.id", ondelete="CASCADE"))
    progress: Mapped[int]
    status: Mapped[ResultStatus] = mapped_column(enum_column(ResultStatus, "result_status"))
    note: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    result: Mapped[Result] = relationship()
    actor: Mapped[User | None] = relationship()
