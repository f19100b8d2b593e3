"""Every move of an input along the høre → gjøre stages: append-only history.

Three kinds of row (DESIGN.md §2): a move changes the stage; a correction keeps the stage and
replaces the shown answer (the history keeps both); a progress update keeps the stage and adds a
dated public note. All three carry a public answer and notify like a move.
"""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, event, text
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column, relationship

from ..accounts.models import Role, User
from ..database import utcnow
from ..enums import enum_column
from ..extensions import Model
from ..ideas.models import Idea
from ..ideas.stages import Stage
from ..limits import TextLimit

ANSWER = TextLimit(
    5000, _l("Svaret må ha mellom %(min)d og %(max)d tegn, i et språk alle forstår."), 20
)
REFERENCE = TextLimit(300, _l("Referansen kan være på høyst %(max)d tegn."))
UNIT = TextLimit(120, _l("Navnet på enheten kan være på høyst %(max)d tegn."))


class ChangeKind(enum.Enum):
    move = "move"
    correction = "correction"  # keeps the stage; its answer replaces the shown one
    progress = "progress"  # keeps the stage; a dated note, not an answer (DESIGN.md §3)

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self])


KIND_LABELS = {
    ChangeKind.move: _l("Nytt steg"),
    ChangeKind.correction: _l("Rettelse"),
    ChangeKind.progress: _l("Oppdatering"),
}
# The kinds that give an answer: the shown answer is the newest of these, and only these count
# as a first answer.
ANSWER_KINDS = (ChangeKind.move, ChangeKind.correction)
KIND_KEEPS_STAGE = (
    "(kind = 'move' AND from_stage <> to_stage) OR (kind <> 'move' AND from_stage = to_stage)"
)


class StageChange(Model):
    """One row of the history: from, to, its kind, the public answer, who answered, an optional
    reference. Never edited."""

    __tablename__ = "stage_changes"
    __table_args__ = (
        ANSWER.check("answer", "answer_min_length", upper=False),  # its type allows any length
        # A move changes the stage; a correction or a progress update keeps it.
        CheckConstraint(KIND_KEEPS_STAGE, name="kind_matches_stages"),
        Index("ix_stage_changes_idea_created", "idea_id", "created_at"),
        Index("ix_stage_changes_actor_id", "actor_id"),  # deleting an account sets it NULL
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    from_stage: Mapped[Stage] = mapped_column(enum_column(Stage, "from_stage"))
    to_stage: Mapped[Stage] = mapped_column(enum_column(Stage, "to_stage"), index=True)
    kind: Mapped[ChangeKind] = mapped_column(
        enum_column(ChangeKind, "kind"), default=ChangeKind.move, server_default=text("'move'")
    )
    answer: Mapped[str] = mapped_column(Text)
    reference: Mapped[str | None] = mapped_column(String(REFERENCE.max))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_role: Mapped[Role] = mapped_column(enum_column(Role, "actor_role"))
    unit_name: Mapped[str] = mapped_column(String(UNIT.max), default="")
    # The department that gave the answer (the input's department at the time).
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL")
    )
    # A provisional answer (foreløpig svar): a progress update that says when the answer can be
    # expected. Public; it also moves the staff deadline (ideas.deadline_on).
    expected_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    idea: Mapped[Idea] = relationship()
    actor: Mapped[User | None] = relationship()

    @property
    def actor_role_label(self) -> str:
        return str(ROLE_LABELS.get(self.actor_role, ""))


ROLE_LABELS = {
    Role.facilitator: _l("Fasilitator"),
    Role.admin: _l("Administrator"),
    Role.case_officer: _l("Saksbehandler"),
    Role.citizen: _l("Innbygger"),
}


class HistoryIsAppendOnly(RuntimeError):
    """Someone tried to edit or delete a StageChange; a correction is a new move."""


# The history is append-only (DESIGN.md §2). Flushing an edited or deleted row and bulk
# UPDATE/DELETE statements through the session all raise, so no service can rewrite history.
@event.listens_for(StageChange, "before_update")
def _refuse_update(_mapper, _connection, target: StageChange) -> None:
    raise HistoryIsAppendOnly(f"stage change {target.id} cannot be edited; make a new move")


@event.listens_for(StageChange, "before_delete")
def _refuse_delete(_mapper, _connection, target: StageChange) -> None:
    raise HistoryIsAppendOnly(f"stage change {target.id} cannot be deleted")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state: ORMExecuteState) -> None:
    table = getattr(state.statement, "table", None)
    if (state.is_update or state.is_delete) and (
        getattr(table, "name", None) == StageChange.__tablename__
    ):
        raise HistoryIsAppendOnly("stage changes cannot be updated or deleted")
