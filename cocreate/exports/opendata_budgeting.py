"""Participatory budgeting in the open data (issue 22 §2): budgets whose vote has closed, and
their projects with the ballots in aggregate (votes, points, cost, won), never per person.

Votes and points are counts of persons (or of their points): as on the public page, a count under
5 is left empty and every other is rounded to the nearest 5 (k = 5, DESIGN.md §3).
"""

from collections.abc import Callable
from typing import Any

from sqlalchemy import Select, case, func, select

from ..budgeting.models import (
    Ballot,
    BallotItem,
    BallotKind,
    Budget,
    BudgetProject,
    BudgetStatus,
    ResultRule,
)
from ..challenges.models import Challenge
from ..challenges.queries import PUBLIC_PHASES
from ..ideas.models import Idea
from ..municipalities.models import Municipality

CLOSED = (BudgetStatus.closed, BudgetStatus.decided)
K = 5
ID = ["id"]
POSITIVE = {"minimum": 1}


def _protected(count: Any) -> Any:
    """NULL under K, else the nearest multiple of 5 (integer division: 5 × ((n + 2) ÷ 5))."""
    return case((count < K, None), else_=5 * ((count + 2) // 5))


def _closed(m: Municipality) -> Any:
    return (
        select(Budget.id)
        .join(Challenge, Challenge.id == Budget.challenge_id)
        .where(
            Challenge.municipality_id == m.id,
            Challenge.phase.in_(PUBLIC_PHASES),
            Budget.status.in_(CLOSED),
        )
    )


def _budgets(m: Municipality) -> Select:
    voters = select(Ballot.budget_id, func.count().label("n")).group_by(Ballot.budget_id).subquery()
    return (
        select(
            Budget.id,
            Budget.challenge_id,
            Budget.amount,
            Budget.ballot_kind,
            Budget.points,
            Budget.rule,
            Budget.status,
            _protected(func.coalesce(voters.c.n, 0)),
            Budget.closed_at,
            Budget.decision_reference,
        )
        .outerjoin(voters, voters.c.budget_id == Budget.id)
        .where(Budget.id.in_(_closed(m)))
        .order_by(Budget.id)
    )


def _projects(public_ideas: Callable[[Municipality], Select]) -> Callable[[Municipality], Select]:
    def query(m: Municipality) -> Select:
        support = (
            select(
                BallotItem.project_id,
                func.count().label("votes"),
                func.sum(BallotItem.points).label("points"),
            )
            .group_by(BallotItem.project_id)
            .subquery()
        )
        shown = public_ideas(m).with_only_columns(Idea.id).order_by(None)
        return (
            select(
                BudgetProject.id,
                BudgetProject.budget_id,
                case((BudgetProject.idea_id.in_(shown), BudgetProject.idea_id), else_=None),
                BudgetProject.title,
                BudgetProject.cost,
                _protected(func.coalesce(support.c.votes, 0)),
                case(
                    (
                        Budget.ballot_kind == BallotKind.cumulative,
                        _protected(func.coalesce(support.c.points, 0)),
                    ),
                    else_=None,
                ),
                case(
                    (Budget.rule == ResultRule.greedy, BudgetProject.won_greedy),
                    else_=BudgetProject.won_equal_shares,
                ),
                BudgetProject.won_greedy,
                BudgetProject.won_equal_shares,
            )
            .join(Budget, Budget.id == BudgetProject.budget_id)
            .outerjoin(support, support.c.project_id == BudgetProject.id)
            .where(BudgetProject.budget_id.in_(_closed(m)))
            .order_by(BudgetProject.id)
        )

    return query


def budget_resources(field: Callable[..., dict], public_ideas: Callable) -> list[tuple]:
    """The two resources, with opendata's field helper and its query of public inputs."""
    rounded = "under 5 står tomt, ellers rundet til nærmeste 5"
    return [
        (
            "budgets",
            "Innbyggerbudsjetter der avstemningen er avsluttet",
            _budgets,
            [
                field("id", "integer", "Budsjettets id"),
                field("challenge_id", "integer", "Utfordringens id"),
                field("amount", "integer", "Budsjett i hele kroner", constraints={"minimum": 1}),
                field(
                    "ballot_kind",
                    "string",
                    "Stemmemåte: approval (velg prosjekter innenfor budsjettet) eller "
                    "cumulative (fordel poeng)",
                    constraints={"enum": [k.value for k in BallotKind]},
                ),
                field("points", "integer", "Poeng hver velger kunne fordele (ved cumulative)"),
                field(
                    "rule",
                    "string",
                    "Valgt regel: greedy (flest stemmer innenfor budsjettet) eller "
                    "equal_shares (like andeler)",
                    constraints={"enum": [r.value for r in ResultRule]},
                ),
                field(
                    "status",
                    "string",
                    "closed (avsluttet) eller decided (vedtatt)",
                    constraints={"enum": [s.value for s in CLOSED]},
                ),
                field("voters", "integer", f"Antall som stemte; {rounded}"),
                field("closed_at", "datetime", "Avstemningen avsluttet (UTC)"),
                field("decision_reference", "string", "Vedtakets referanse (saksnummer)"),
            ],
            ["id"],
            [
                {
                    "fields": ["challenge_id"],
                    "reference": {"resource": "challenges", "fields": ["id"]},
                }
            ],
        ),
        (
            "budget_projects",
            "Prosjektene i innbyggerbudsjettene, med stemmene samlet per prosjekt",
            _projects(public_ideas),
            [
                field("id", "integer", "Prosjektets id"),
                field("budget_id", "integer", "Budsjettets id"),
                field(
                    "idea_id", "integer", "Innspillet prosjektet bygger på (tomt om det er skjult)"
                ),
                field("title", "string", "Tittel"),
                field(
                    "cost", "integer", "Kostnadsoverslag i hele kroner", constraints={"minimum": 1}
                ),
                field("votes", "integer", f"Stemmer (antall som valgte prosjektet); {rounded}"),
                field("points", "integer", f"Poeng i alt (ved cumulative); {rounded}"),
                field("won", "boolean", "Vant etter den valgte regelen"),
                field("won_greedy", "boolean", "Vant etter flest stemmer innenfor budsjettet"),
                field("won_equal_shares", "boolean", "Vant etter like andeler"),
            ],
            ["id"],
            [{"fields": ["budget_id"], "reference": {"resource": "budgets", "fields": ["id"]}}],
        ),
    ]
