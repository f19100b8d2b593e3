"""A world with innbyggerforslag: Heimby (population 10 000 by the factory, so the threshold is
200), its staff, a follower, and a proposal from minsak.no submitted 40 days ago."""

from datetime import timedelta

import pytest

from cocreate.proposals.models import ProposalChannel
from cocreate.proposals.rules import oslo_today
from cocreate.proposals.services import ProposalData, follow_proposal, register_proposal
from tests.cases.conftest import events, login, mails_to  # noqa: F401 - re-exported

MINSAK = "https://minsak.no/forslag/4321"


def data(**fields) -> ProposalData:
    values = {
        "title": "Gatelys langs elvestien",
        "matter": "Vi ber kommunestyret sette opp gatelys langs hele elvestien.",
        "channel": ProposalChannel.minsak,
        "submitted_on": oslo_today() - timedelta(days=40),
        "signatures": 260,
        "valid_signatures": 240,
        "source_url": MINSAK,
        "initiators": "Kari Nordmann og Ola Hansen",
        "initiators_public": True,
        "contact_email": "forslag@example.no",
    }
    values.update(fields)
    return ProposalData(**values)


class Proposals:
    def __init__(self, world, create_user_f) -> None:
        self.world = world
        self.follower = create_user_f("folger@example.no", name="Finn Følger")
        self.proposal = register_proposal(world.municipality, data(), actor=world.admin)
        follow_proposal(self.proposal, self.follower)


@pytest.fixture
def proposals(world, create_user_f):
    return Proposals(world, create_user_f)
