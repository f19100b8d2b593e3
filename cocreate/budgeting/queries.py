"""Reads of budgeting: a challenge's budget, the tallies per project (never per person), a
voter's own ballot, and the inputs that can become projects."""

from dataclasses import dataclass

from sqlalchemy import func, select

from ..challenges.models import Challenge
from ..extensions import db
from ..ideas.models import Idea, Visibility
from .models import Ballot, BallotItem, Budget, BudgetProject, ResultRule
from .services import PROJECT_STAGES


def budget_of(challenge: Challenge) -> Budget | None:
    return db.session.scalar(select(Budget).where(Budget.challenge_id == challenge.id))


@dataclass(frozen=True)
class Tally:
    """A project's support: ballots that chose it and the points they gave (= ballots for an
    approval ballot)."""

    project: BudgetProject
    voters: int
    points: int

    def won(self, rule: ResultRule) -> bool:
        return self.project.won(rule)


def tallies(budget: Budget) -> list[Tally]:
    """Every project with its support, most supported first (ties: the project made first)."""
    counts = {
        project_id: (int(voters), int(points or 0))
        for project_id, voters, points in db.session.execute(
            select(BallotItem.project_id, func.count(), func.sum(BallotItem.points))
            .join(Ballot, Ballot.id == BallotItem.ballot_id)
            .where(Ballot.budget_id == budget.id)
            .group_by(BallotItem.project_id)
        )
    }
    rows = [Tally(p, *counts.get(p.id, (0, 0))) for p in budget.projects]
    return sorted(rows, key=lambda t: (-t.points, t.project.id))


def voter_count(budget: Budget) -> int:
    """Ballots cast (each a person: an account or a paper code)."""
    return db.session.scalar(select(func.count()).where(Ballot.budget_id == budget.id)) or 0


def paper_voter_count(budget: Budget) -> int:
    return (
        db.session.scalar(
            select(func.count()).where(
                Ballot.budget_id == budget.id, Ballot.paper_code_id.is_not(None)
            )
        )
        or 0
    )


def own_choices(budget: Budget, user_id: int | None) -> dict[int, int]:
    """A signed-in person's own ballot: project id → points."""
    if user_id is None:
        return {}
    return dict(
        db.session.execute(
            select(BallotItem.project_id, BallotItem.points)
            .join(Ballot, Ballot.id == BallotItem.ballot_id)
            .where(Ballot.budget_id == budget.id, Ballot.user_id == user_id)
        ).all()
    )


def candidate_ideas(budget: Budget) -> list[Idea]:
    """The challenge's published inputs, assessed or further, that are not projects yet."""
    taken = select(BudgetProject.idea_id).where(BudgetProject.budget_id == budget.id)
    return list(
        db.session.scalars(
            select(Idea)
            .where(
                Idea.challenge_id == budget.challenge_id,
                Idea.visibility == Visibility.published,
                Idea.stage.in_(PROJECT_STAGES),
                Idea.id.not_in(taken),
            )
            .order_by(Idea.title, Idea.id)
        )
    )


def spent(budget: Budget, rule: ResultRule) -> int:
    return sum(p.cost for p in budget.projects if p.won(rule))
