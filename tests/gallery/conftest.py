"""A gallery world: Heimby (the origin) has an input at gjort with its author and four
supporters (five persons), a second input at gjort with only its author, and a done result;
Bortby's staff may take them in."""

import pytest

from cocreate.extensions import db
from cocreate.ideas.services import support_idea
from cocreate.ideas.stages import Stage
from cocreate.pipeline.services import move_idea
from cocreate.results.models import ResultStatus
from cocreate.results.services import create_result, link_inputs, report_progress
from tests.cases.conftest import events, mails_to  # noqa: F401 - re-exported
from tests.members.conftest import login  # noqa: F401 - re-exported

ANSWER = "Benkene er satt opp i parken, og de brukes hver dag."


def reach_done(idea, actor) -> None:
    move_idea(
        idea,
        Stage.decided,
        answer="Vi har vedtatt å gjøre dette nå.",
        actor=actor,
        reference="2026/17",
    )
    move_idea(idea, Stage.done, answer=ANSWER, actor=actor)


class Gallery:
    def __init__(self, world, create_user_f, create_challenge_f, create_idea_f) -> None:
        self.world = world
        m = world.municipality
        self.challenge = create_challenge_f(m, principles=(1, 8))
        self.other_challenge = create_challenge_f(world.other, title="Et bedre sentrum i Bortby")
        self.idea = create_idea_f(self.challenge, world.author, title="Flere benker i parken")
        self.small = create_idea_f(self.challenge, world.author, title="Lys i lysløypa")
        self.open_idea = create_idea_f(self.challenge, world.author, title="Ikke gjort ennå")
        for n in range(4):
            support_idea(self.idea, create_user_f(f"stotte{n}@example.no"))
        reach_done(self.idea, world.admin)
        reach_done(self.small, world.admin)
        self.result = create_result(
            self.challenge,
            title="Nye lekeplasser",
            description="Tre lekeplasser er bygget.",
            department=None,
            cost_estimate=400_000,
            decision_reference="2026/40",
            actor=world.admin,
        )
        link_inputs(self.result, [self.idea], actor=world.admin)
        report_progress(
            self.result, progress=100, status=ResultStatus.done, note="Ferdig.", actor=world.admin
        )
        db.session.flush()


@pytest.fixture
def gallery(world, create_user_f, create_challenge_f, create_idea_f):
    return Gallery(world, create_user_f, create_challenge_f, create_idea_f)
