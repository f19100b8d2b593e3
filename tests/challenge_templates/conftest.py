"""A world with templates: Heimby's concluded challenge with a workshop, twelve participants,
answered inputs and «ble du hørt?» answers (a public scope: ≥ 10 participants), and a small
concluded challenge with two participants (no person figure may show)."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from cocreate.audit.models import AuditEvent
from cocreate.challenges.models import Phase
from cocreate.challenges.services import advance_phase
from cocreate.database import utcnow
from cocreate.extensions import db
from cocreate.ideas.stages import Stage
from cocreate.metrics.survey import answer_survey
from cocreate.pipeline.services import move_idea
from cocreate.reference.models import Goal, TargetImage
from cocreate.workshops.models import WorkshopFormat
from cocreate.workshops.services import create_workshop
from tests.members.conftest import login  # noqa: F401 - re-exported for the tests

SUMMARY = "Vi hørte mye, gjør tre tiltak, og forklarer hvorfor her."
ANSWER = "Takk! Vi har vurdert innspillet og tar det med i planen for sentrum."


def events(name: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.event == name)))


def conclude(challenge) -> None:
    while challenge.phase is not Phase.concluded:
        advance_phase(challenge, actor=None, summary=SUMMARY)
    db.session.flush()


class Origin:
    def __init__(self, world, create_user_f, create_challenge_f, create_idea_f, size: int):
        m = world.municipality
        self.world = world
        self.challenge = create_challenge_f(
            m,
            title="Et grønnere sentrum",
            description="Hvor vil du ha **flere trær**?",
            principles=(1, 4),
            target_images=list(db.session.scalars(select(TargetImage).limit(1))),
            goals=list(db.session.scalars(select(Goal).where(Goal.number == 11))),
        )
        start = utcnow() + timedelta(days=1)
        self.workshop = create_workshop(
            self.challenge,
            title="Trevandring i sentrum",
            format=WorkshopFormat.hybrid,
            starts_at=start,
            ends_at=start + timedelta(minutes=90),
            place="Rådhuset",
            link="https://møte.example.no/tre",
            description="Hvor mangler det skygge? Hvilke trær liker du?",
            dots_per_person=5,
            actor=world.facilitator,
        )
        self.people = [create_user_f(f"deltaker{i}@example.no") for i in range(size)]
        self.ideas = [
            create_idea_f(self.challenge, person, title=f"Trær i gate {i}")
            for i, person in enumerate(self.people)
        ]
        for idea in self.ideas:
            move_idea(idea, Stage.assessed, answer=ANSWER, actor=world.facilitator)
        move_idea(self.ideas[0], Stage.decided, answer=ANSWER, actor=world.facilitator)
        conclude(self.challenge)
        for i, person in enumerate(self.people):
            answer_survey(
                self.challenge, person, felt_heard=4 + i % 2, understood=4, would_return=5
            )
        db.session.flush()


@pytest.fixture
def origin(world, create_user_f, create_challenge_f, create_idea_f):
    return Origin(world, create_user_f, create_challenge_f, create_idea_f, size=12)


@pytest.fixture
def small(world, create_user_f, create_challenge_f, create_idea_f):
    return Origin(world, create_user_f, create_challenge_f, create_idea_f, size=2)
