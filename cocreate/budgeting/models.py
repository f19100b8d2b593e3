"""Participatory budgeting (issue 22 §2): a challenge's budget in whole kroner, the projects made
from its assessed inputs, the residents' ballots, and one-time paper codes.

A ballot belongs to an account (changeable while the vote is open) or to one paper code (cast
once). Results are stored when staff close the vote, for both rules, so the page never changes
after the fact; the ballots are never shown or exported per person.
"""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..challenges.models import Challenge
from ..database import utcnow
from ..enums import enum_column
from ..extensions import Model
from ..ideas.models import Idea
from ..limits import TextLimit
from ..pipeline.models import REFERENCE

PROJECT_TITLE = TextLimit(200, _l("Tittelen må ha mellom %(min)d og %(max)d tegn."), 3)
EXPLANATION = TextLimit(
    5000, _l("Forklaringen av kostnaden må ha mellom %(min)d og %(max)d tegn."), 20
)
DEFAULT_POINTS = 10  # a cumulative ballot spreads this many points unless staff choose another


class BallotKind(enum.Enum):
    approval = "approval"  # pick projects whose total cost is within the budget
    cumulative = "cumulative"  # spread a fixed number of points over the projects

    @property
    def label(self) -> str:
        return str(BALLOT_LABELS[self])


class ResultRule(enum.Enum):
    greedy = "greedy"
    equal_shares = "equal_shares"

    @property
    def label(self) -> str:
        return str(RULE_LABELS[self])


class BudgetStatus(enum.Enum):
    preparing = "preparing"  # staff set it up; nobody votes yet
    open = "open"
    closed = "closed"  # results computed; staff confirm the decision
    decided = "decided"  # winners moved to besluttet with the reference

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


BALLOT_LABELS = {
    BallotKind.approval: _l("Godkjenning: velg prosjekter innenfor budsjettet"),
    BallotKind.cumulative: _l("Poeng: fordel poengene dine på prosjektene"),
}
RULE_LABELS = {
    ResultRule.greedy: _l("Flest stemmer innenfor budsjettet"),
    ResultRule.equal_shares: _l("Like andeler"),
}
STATUS_LABELS = {
    BudgetStatus.preparing: _l("Under forberedelse"),
    BudgetStatus.open: _l("Åpen for stemmer"),
    BudgetStatus.closed: _l("Stemmingen er avsluttet"),
    BudgetStatus.decided: _l("Vedtatt"),
}


class Budget(Model):
    """A challenge's budgeting phase (one per challenge)."""

    __tablename__ = "budgets"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("points BETWEEN 1 AND 100", name="points_range"),
        CheckConstraint(
            "status <> 'decided' OR decision_reference IS NOT NULL", name="decided_has_reference"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), unique=True
    )
    amount: Mapped[int] = mapped_column(BigInteger)  # whole kroner
    ballot_kind: Mapped[BallotKind] = mapped_column(
        enum_column(BallotKind, "ballot_kind"), default=BallotKind.approval
    )
    points: Mapped[int] = mapped_column(default=DEFAULT_POINTS)
    rule: Mapped[ResultRule] = mapped_column(
        enum_column(ResultRule, "result_rule"), default=ResultRule.greedy
    )
    status: Mapped[BudgetStatus] = mapped_column(
        enum_column(BudgetStatus, "budget_status"), default=BudgetStatus.preparing
    )
    closes_at: Mapped[datetime | None]  # announced; voting stops at it even before staff close
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    decision_reference: Mapped[str | None] = mapped_column(String(REFERENCE.max))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    challenge: Mapped[Challenge] = relationship()
    projects: Mapped[list["BudgetProject"]] = relationship(
        back_populates="budget", order_by="BudgetProject.id", cascade="all, delete-orphan"
    )

    @property
    def is_cumulative(self) -> bool:
        return self.ballot_kind is BallotKind.cumulative


class BudgetProject(Model):
    """An assessed input made a project, with the staff's cost estimate and its explanation;
    after closing, whether each rule chose it."""

    __tablename__ = "budget_projects"
    __table_args__ = (
        UniqueConstraint("budget_id", "idea_id"),
        PROJECT_TITLE.check("title", "title_length"),
        CheckConstraint("cost > 0", name="cost_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id", ondelete="CASCADE"))
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(PROJECT_TITLE.max))
    cost: Mapped[int] = mapped_column(BigInteger)  # whole kroner
    explanation: Mapped[str] = mapped_column(Text)
    won_greedy: Mapped[bool] = mapped_column(default=False)
    won_equal_shares: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    budget: Mapped[Budget] = relationship(back_populates="projects")
    idea: Mapped[Idea] = relationship()

    def won(self, rule: ResultRule) -> bool:
        return self.won_greedy if rule is ResultRule.greedy else self.won_equal_shares


class PaperCode(Model):
    """A one-time code printed on paper. Only its HMAC-SHA256 (keyed with SECRET_KEY) is kept."""

    __tablename__ = "budget_paper_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    batch: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]


class Ballot(Model):
    """One voter's ballot: an account's (user_id; kept, without the person, if the account is
    deleted) or a paper code's."""

    __tablename__ = "budget_ballots"
    __table_args__ = (UniqueConstraint("budget_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    paper_code_id: Mapped[int | None] = mapped_column(
        ForeignKey("budget_paper_codes.id", ondelete="SET NULL"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    items: Mapped[list["BallotItem"]] = relationship(cascade="all, delete-orphan")


class BallotItem(Model):
    """A ballot's choice of one project: 1 for an approval, the points for a cumulative ballot."""

    __tablename__ = "budget_ballot_items"
    __table_args__ = (CheckConstraint("points > 0", name="points_positive"),)

    ballot_id: Mapped[int] = mapped_column(
        ForeignKey("budget_ballots.id", ondelete="CASCADE"), primary_key=True
    )
    project_id: Mapped[int] = mapped_column(
        ForeignKey("budget_projects.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    points: Mapped[int] = mapped_column(default=1)
