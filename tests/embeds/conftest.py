"""A world with something to embed: Heimby's open challenge with three inputs (one supported by
two people, one decided with a public answer), a result, and a draft challenge nobody outside
the staff may see."""

import pytest

from cocreate.challenges.models import Phase
from cocreate.embeds.services import add_embed_origin
from cocreate.ideas.services import support_idea
from cocreate.ideas.stages import Stage
from cocreate.pipeline.services import move_idea
from cocreate.results.services import create_result
from tests.cases.conftest import events  # noqa: F401 - re-exported

ANSWER = "Vi har besluttet å sette opp benkene i vår, i tråd med vedtaket."


class Embeds:
    def __init__(self, world, create_user_f, create_challenge_f, create_idea_f) -> None:
        self.world = world
        m = world.municipality
        self.challenge = create_challenge_f(
            m, principles=(4, 1), title="Et grønnere sentrum <for alle>"
        )
        self.ideas = [
            create_idea_f(self.challenge, world.author, title="Flere benker i parken"),
            create_idea_f(self.challenge, world.citizen, title="Blomsterenger & bier"),
            create_idea_f(self.challenge, world.author, title="Sykkelparkering ved torget"),
        ]
        for email in ("a@example.no", "b@example.no"):
            support_idea(self.ideas[1], create_user_f(email))
        move_idea(self.ideas[0], Stage.decided, answer=ANSWER, actor=world.admin)
        self.result = create_result(
            self.challenge,
            title="Nye benker i bypark",
            description="Ti benker langs elva.",
            actor=world.admin,
        )
        self.draft = create_challenge_f(m, phase=Phase.draft, title="Hemmelig utkast")

    def allow(self, *origins: str) -> None:
        for origin in origins:
            add_embed_origin(self.world.municipality, origin, actor=self.world.admin)


@pytest.fixture
def embeds(world, create_user_f, create_challenge_f, create_idea_f):
    return Embeds(world, create_user_f, create_challenge_f, create_idea_f)


def login(client, user) -> None:
    response = client.post(
        "/logg-inn", data={"email": user.email, "password": "riktig-hest-batteri"}
    )
    assert response.status_code == 302
