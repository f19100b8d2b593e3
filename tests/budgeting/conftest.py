"""A world with a budget: Heimby's challenge with four inputs (three assessed, one only heard),
three voters, and a budget of 100 000 kr with two projects made by a facilitator."""

import pytest

from cocreate.budgeting.models import BallotKind, ResultRule
from cocreate.budgeting.services import add_project, set_budget
from cocreate.ideas.stages import Stage
from cocreate.pipeline.services import move_idea
from tests.cases.conftest import events, login  # noqa: F401 - re-exported

ROLES = ["anonymous", "citizen", "facilitator", "admin", "other_facilitator"]
ASSESSED = "Vi har vurdert forslaget og regnet på hva det vil koste kommunen."
EXPLAINS = "Kostnaden er anslått av teknisk etat ut fra tilsvarende arbeid i fjor."


class Budgeting:
    def __init__(self, world, create_user_f, create_challenge_f, create_idea_f) -> None:
        self.world = world
        m = world.municipality
        self.challenge = create_challenge_f(m)
        self.ideas = [
            create_idea_f(self.challenge, world.author, title="Benker i parken"),
            create_idea_f(self.challenge, world.author, title="Lys langs elva"),
            create_idea_f(self.challenge, world.citizen, title="Skatepark ved skolen"),
            create_idea_f(self.challenge, world.citizen, title="Bare hørt ennå"),
        ]
        for idea in self.ideas[:3]:
            move_idea(idea, Stage.assessed, answer=ASSESSED, actor=world.facilitator)
        self.voters = [create_user_f(f"velger{n}@example.no") for n in range(3)]
        self.budget = set_budget(
            self.challenge,
            amount=100_000,
            ballot_kind=BallotKind.approval,
            points=10,
            rule=ResultRule.greedy,
            closes_at=None,
            actor=world.facilitator,
        )
        self.projects = [
            add_project(
                self.budget,
                idea,
                title=idea.title,
                cost=cost,
                explanation=EXPLAINS,
                actor=world.facilitator,
            )
            for idea, cost in zip(self.ideas[:2], (60_000, 50_000), strict=True)
        ]

    def roles(self):
        w = self.world
        return {
            "anonymous": None,
            "citizen": w.citizen,
            "facilitator": w.facilitator,
            "admin": w.admin,
            "other_facilitator": w.other_facilitator,
        }


@pytest.fixture
def budgeting(world, create_user_f, create_challenge_f, create_idea_f):
    return Budgeting(world, create_user_f, create_challenge_f, create_idea_f)
