"""A world with meetings: Heimby's open challenge, a folkemøte with 2 places in a week's time,
and helpers to sign people up and read the outbox."""

from datetime import timedelta

import pytest

from cocreate.database import utcnow
from cocreate.meetings.models import MeetingKind
from cocreate.meetings.services import MeetingData, SignupData, create_meeting, sign_up
from tests.cases.conftest import events, login, mails_to  # noqa: F401 - re-exported


def meeting_data(**fields) -> MeetingData:
    start = (utcnow() + timedelta(days=7)).replace(hour=17, minute=0, second=0, microsecond=0)
    values = {
        "kind": MeetingKind.folkemote,
        "title": "Folkemøte om sentrum",
        "place": "Rådhuset, bystyresalen",
        "address": "Storgata 1, 9999 Heimby",
        "accessibility": "Trinnfri inngang fra parken. Teleslynge i salen.",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "capacity": 2,
        "agenda": "1. Velkommen\n2. Planene for sentrum\n3. Spørsmål",
    }
    values.update(fields)
    return MeetingData(**values)


def person(n: int, **fields) -> SignupData:
    values = {"name": f"Person {n}", "email": f"person{n}@example.no"}
    values.update(fields)
    return SignupData(**values)


class Meetings:
    def __init__(self, world, create_challenge_f) -> None:
        self.world = world
        self.challenge = create_challenge_f(world.municipality)
        self.meeting = create_meeting(self.challenge, meeting_data(), actor=world.facilitator)

    def sign_up(self, n: int, **fields):
        return sign_up(self.meeting, person(n, **fields)).signup


@pytest.fixture
def meetings(world, create_challenge_f):
    return Meetings(world, create_challenge_f)
