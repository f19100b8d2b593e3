"""Participatory budgeting on the dashboard (issue 22 §2): turnout, and each winning project's
support and cost. Read from budgeting's own tables.

Which rows a scope holds: budgets whose vote has closed (closed or decided) under a challenge in
scope; in a date range by closed_at. A budget still open is not counted: its turnout is not
final. The winners are those of the budget's chosen rule.

- voters: ballots cast (an account or a one-time paper code is one person each);
- turnout = voters ÷ the eligible population of the municipality (the reference population in
  the eligible ages, as «reach»), per budget and for all of them (the voters of every budget
  summed, each budget's vote being separate: one person who voted in two budgets counts twice);
- a winning project's support = the ballots that chose it, its share = support ÷ voters of its
  budget; its points for a cumulative ballot; its cost in whole kroner.

Voters and support are counts of persons: publication.py publishes them rounded to the nearest 5
and hides them under 5 (disclosure.rounded), and the shares are worked out again from the
published counts.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select

from ..budgeting.models import Ballot, BallotItem, Budget, BudgetProject, BudgetStatus
from ..challenges.models import Challenge
from ..extensions import db
from .population import eligible_population
from .scope import Scope, ratio, scoped_challenges

CLOSED = (BudgetStatus.closed, BudgetStatus.decided)


@dataclass
class WinnerRow:
    budget_id: int
    challenge: str
    project: str
    cost: int
    support: int | None  # ballots that chose it (persons)
    points: int | None  # a cumulative ballot's points (None for approval ballots)
    support_share: float | None  # support ÷ the budget's voters


@dataclass
class BudgetRow:
    budget_id: int
    challenge: str
    amount: int
    rule: str
    voters: int | None
    paper_voters: int | None
    turnout: float | None
    spent: int  # the winners' cost


@dataclass
class BudgetMeasures:
    budgets: int
    voters: int | None
    eligible_population: int | None
    turnout: float | None
    rows: list[BudgetRow] = field(default_factory=list)
    winners: list[WinnerRow] = field(default_factory=list)


def _share(numerator: float | None, denominator: float | None) -> float | None:
    value = ratio(numerator, denominator)
    return None if value is None else round(value, 3)


def budget_measures(scope: Scope) -> BudgetMeasures:
    """Turnout per closed budget and in all, and each winning project's support and cost."""
    budgets = list(
        db.session.scalars(
            select(Budget)
            .where(
                Budget.challenge_id.in_(scoped_challenges(scope)),
                Budget.status.in_(CLOSED),
                *scope.in_range(Budget.closed_at),
            )
            .order_by(Budget.closed_at, Budget.id)
        )
    )
    eligible = eligible_population(scope.municipality_id)
    if not budgets:
        return BudgetMeasures(0, 0, eligible, None)
    ids = [b.id for b in budgets]
    voters = dict(
        db.session.execute(
            select(Ballot.budget_id, func.count())
            .where(Ballot.budget_id.in_(ids))
            .group_by(Ballot.budget_id)
        ).all()
    )
    paper = dict(
        db.session.execute(
            select(Ballot.budget_id, func.count())
            .where(Ballot.budget_id.in_(ids), Ballot.paper_code_id.is_not(None))
            .group_by(Ballot.budget_id)
        ).all()
    )
    support = {
        project_id: (int(n), int(points or 0))
        for project_id, n, points in db.session.execute(
            select(BallotItem.project_id, func.count(), func.sum(BallotItem.points))
            .join(Ballot, Ballot.id == BallotItem.ballot_id)
            .where(Ballot.budget_id.in_(ids))
            .group_by(BallotItem.project_id)
        )
    }
    titles = dict(
        db.session.execute(
            select(Challenge.id, Challenge.title).where(
                Challenge.id.in_([b.challenge_id for b in budgets])
            )
        ).all()
    )
    rows: list[BudgetRow] = []
    winners: list[WinnerRow] = []
    for budget in budgets:
        n = int(voters.get(budget.id, 0))
        won = [p for p in budget.projects if p.won(budget.rule)]
        rows.append(
            BudgetRow(
                budget.id,
                titles[budget.challenge_id],
                budget.amount,
                budget.rule.value,
                n,
                int(paper.get(budget.id, 0)),
                _share(n, eligible),
                sum(p.cost for p in won),
            )
        )
        winners.extend(_winner(budget, p, support, n, titles) for p in won)
    total = sum(int(v) for v in voters.values())
    return BudgetMeasures(
        budgets=len(budgets),
        voters=total,
        eligible_population=eligible,
        turnout=_share(total, eligible),
        rows=rows,
        winners=winners,
    )


def _winner(
    budget: Budget,
    project: BudgetProject,
    support: dict[int, tuple[int, int]],
    voters: int,
    titles: dict[int, str],
) -> WinnerRow:
    chosen, points = support.get(project.id, (0, 0))
    return WinnerRow(
        budget.id,
        titles[budget.challenge_id],
        project.title,
        project.cost,
        chosen,
        points if budget.is_cumulative else None,
        _share(chosen, voters),
    )


def publish_budgeting(figures: dict, rounded: Callable[[int], int | None]) -> None:
    """The figures as published: every count of persons rounded to 5 and hidden under 5, the
    shares worked out again from the published counts."""
    for row in figures["rows"]:
        exact = row["voters"]
        row["voters"] = rounded(exact)
        row["paper_voters"] = rounded(row["paper_voters"])
        row["turnout"] = _share(row["voters"], figures["eligible_population"])
        for winner in figures["winners"]:
            if winner["budget_id"] == row["budget_id"]:
                winner["support"] = rounded(winner["support"])
                if winner["points"] is not None:
                    winner["points"] = rounded(winner["points"])
                winner["support_share"] = _share(winner["support"], row["voters"])
    figures["voters"] = rounded(figures["voters"])
    figures["turnout"] = _share(figures["voters"], figures["eligible_population"])
