"""The two result rules, computed by pabutools (never by hand): greedy by votes within the
budget, and the method of equal shares completed as equalshares.net does.

A project is named by its zero-padded id, so pabutools' default tie-breaking (lexicographic on
the name) gives a tie to the project made first. Satisfaction:

- approval ballots: a voter's satisfaction with a project is its cost (`Cost_Sat`). Greedy then
  takes the projects by number of votes (votes x cost / cost), which is the rule of Decidim and
  most cities; equal shares uses cost utilities as equalshares.net does.
- cumulative ballots: greedy takes projects by points (points x cost / cost, `PointsCost_Sat`);
  equal shares uses the points as utilities (`Additive_Cardinal_Sat`).

Equal shares alone may leave money unspent; it is completed by raising each voter's share step by
step until the outcome is exhaustive (`exhaustion_by_budget_increase`, 1 % of the budget per
step), and what is still left is filled greedily (`completion_by_rule_combination`).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pabutools.election import (
    AbstractProfile,
    Additive_Cardinal_Sat,
    AdditiveSatisfaction,
    ApprovalBallot,
    ApprovalProfile,
    Cost_Sat,
    CumulativeBallot,
    CumulativeProfile,
    Instance,
    Project,
)
from pabutools.rules import (
    completion_by_rule_combination,
    exhaustion_by_budget_increase,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)


def _points_cost(instance, profile, ballot, project, precomputed_values):
    return ballot.get(project, 0) * project.cost


class PointsCost_Sat(AdditiveSatisfaction):
    """A cumulative ballot's points for a project times its cost: greedy by points."""

    def __init__(self, instance: Instance, profile: AbstractProfile, ballot) -> None:
        AdditiveSatisfaction.__init__(self, instance, profile, ballot, _points_cost)


@dataclass(frozen=True)
class Election:
    """What the rules read: the budget, each project's cost, and the ballots (project id →
    points; 1 for an approval)."""

    budget: int
    costs: Mapping[int, int]
    ballots: Sequence[Mapping[int, int]]
    cumulative: bool


def _name(project_id: int) -> str:
    return f"{project_id:012d}"


def _instance(election: Election) -> tuple[Instance, AbstractProfile, dict[str, int]]:
    # A project nobody voted for never wins (pabutools' greedy would add it if money is left).
    supported = {p for b in election.ballots for p, n in b.items() if n > 0}
    projects = {
        pid: Project(_name(pid), cost) for pid, cost in election.costs.items() if pid in supported
    }
    instance = Instance(projects.values(), budget_limit=election.budget)
    profile: AbstractProfile
    if election.cumulative:
        profile = CumulativeProfile(
            [
                CumulativeBallot({projects[p]: n for p, n in b.items() if p in projects and n > 0})
                for b in election.ballots
            ],
            instance=instance,
        )
    else:
        profile = ApprovalProfile(
            [ApprovalBallot(projects[p] for p in b if p in projects) for b in election.ballots],
            instance=instance,
        )
    return instance, profile, {_name(pid): pid for pid in projects}


def _ids(allocation, names: dict[str, int]) -> list[int]:
    return sorted(names[p.name] for p in allocation)


def greedy(election: Election) -> list[int]:
    """Greedy by votes (or points) within the budget: the ids of the projects that win."""
    instance, profile, names = _instance(election)
    if not names:
        return []
    sat = PointsCost_Sat if election.cumulative else Cost_Sat
    return _ids(greedy_utilitarian_welfare(instance, profile, sat_class=sat), names)


def equal_shares(election: Election) -> list[int]:
    """The method of equal shares, completed by budget increase and then greedily."""
    instance, profile, names = _instance(election)
    if not names or not len(profile):
        return []
    mes_sat = Additive_Cardinal_Sat if election.cumulative else Cost_Sat
    greedy_sat = PointsCost_Sat if election.cumulative else Cost_Sat
    allocation = completion_by_rule_combination(
        instance,
        profile,
        [exhaustion_by_budget_increase, greedy_utilitarian_welfare],
        [
            {
                "rule": method_of_equal_shares,
                "rule_params": {"sat_class": mes_sat},
                "budget_step": max(1, election.budget // 100),
            },
            {"sat_class": greedy_sat},
        ],
    )
    return _ids(allocation, names)
