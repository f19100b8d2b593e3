"""A small challenge and a small hearing in «heimby» (the world fixture), with figures known
by hand.

Challenge «Grønnere sentrum» (involvere), concluded:
  8 authors, one web input each: 5 in Sentrum, 2 in Nord, 1 without a district;
  6 more people support input 1 («Flere trær i Storgata»); input 2 is supported by author 1.
  Profiles: 6 authors are 18–29, 3 people (authors 7, 8 and supporter 1) are 30–44: a group
  of 3, which the report must never show.
  Moves: input 1 → besluttet, input 2 → ikke videreført; the other 6 have no answer.
  Results: «Plante 40 trær» under arbeid 40 %, linked to inputs 1 and 2; «Ny benk» planlagt 0 %.
Hearing «Kommuneplanens samfunnsdel»: sections 1 «Mål» and 2 «Strategier», 6 statements:
  council (section 1, adopted), organisation (section 1, partly), organisation (section 2,
  not adopted), 3 residents (2 on the whole document, not assessed; 1 on section 2, noted).
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from cocreate.accounts.models import AgeBand, Gender, ParticipantProfile
from cocreate.challenges.models import ParticipationLevel, Phase
from cocreate.challenges.services import advance_phase
from cocreate.database import utcnow
from cocreate.extensions import db
from cocreate.hearings.models import (
    Assessment,
    Consultee,
    Hearing,
    HearingConsultee,
    HearingSection,
    HearingVersion,
    SenderKind,
    Statement,
    StatementChannel,
)
from cocreate.ideas.services import support_idea
from cocreate.ideas.stages import Stage
from cocreate.metrics.models import Dimension, PopulationReference
from cocreate.municipalities.models import District
from cocreate.pipeline.services import move_idea
from cocreate.results.models import Result, ResultInput, ResultStatement, ResultStatus

ANSWER = "Takk for innspillet. Vi har vurdert det grundig og svarer her offentlig."
TOP_TITLE = "Flere trær i Storgata"


@dataclass
class Seeded:
    world: object
    challenge: object
    hearing: object
    ideas: list


def _reference(municipality_id: int) -> None:
    groups = {
        Dimension.age_band: {"13-17": 100, "18-29": 200, "30-44": 250, "45-66": 300},
        Dimension.gender: {"kvinne": 500, "mann": 500},
    }
    for dimension, counts in groups.items():
        for group, population in counts.items():
            db.session.add(
                PopulationReference(
                    municipality_id=municipality_id,
                    dimension=dimension,
                    group=group,
                    population=population,
                    year=2026,
                    source="Testdata",
                    is_demo=False,
                )
            )


def _profile(user, age: AgeBand, gender: Gender) -> None:
    db.session.add(ParticipantProfile(user_id=user.id, age_band=age, gender=gender))


@pytest.fixture
def seeded(world, create_user_f, create_challenge_f, create_idea_f) -> Seeded:
    municipality = world.municipality
    _reference(municipality.id)
    districts = {
        d.name: d
        for d in db.session.scalars(
            select(District).where(District.municipality_id == municipality.id)
        )
    }
    challenge = create_challenge_f(
        municipality, title="Grønnere sentrum", level=ParticipationLevel.involvere
    )
    authors = [create_user_f() for _ in range(8)]
    supporters = [create_user_f() for _ in range(6)]
    places = ["Sentrum"] * 5 + ["Nord"] * 2 + [None]
    titles = [TOP_TITLE, "Sykkelvei langs elva"] + [f"Innspill nummer {n}" for n in range(3, 9)]
    ideas = [
        create_idea_f(
            challenge,
            author,
            title=title,
            district=districts[place] if place else None,
        )
        for author, title, place in zip(authors, titles, places, strict=True)
    ]
    for person in supporters:
        support_idea(ideas[0], person)
    support_idea(ideas[1], authors[0])
    for person in authors[:6]:
        _profile(person, AgeBand.a18_29, Gender.kvinne)
    for person in [authors[6], authors[7], supporters[0]]:
        _profile(person, AgeBand.a30_44, Gender.mann)
    move_idea(ideas[0], Stage.decided, answer=ANSWER, actor=world.facilitator)
    move_idea(ideas[1], Stage.declined, answer=ANSWER, actor=world.facilitator)
    while challenge.phase is not Phase.concluded:
        advance_phase(challenge, actor=None, summary="Vi hørte mye og gjør to tiltak.")
    planted = Result(
        challenge_id=challenge.id,
        title="Plante 40 trær",
        status=ResultStatus.under_way,
        progress=40,
    )
    bench = Result(challenge_id=challenge.id, title="Ny benk ved torget")
    db.session.add_all([planted, bench])
    db.session.flush()
    db.session.add_all(
        [
            ResultInput(result_id=planted.id, idea_id=ideas[0].id),
            ResultInput(result_id=planted.id, idea_id=ideas[1].id),
        ]
    )
    hearing = _hearing(world, planted)
    db.session.flush()
    return Seeded(world, challenge, hearing, ideas)


def _hearing(world, result: Result) -> Hearing:
    today = utcnow().date()
    hearing = Hearing(
        municipality_id=world.municipality.id,
        title="Kommuneplanens samfunnsdel",
        opens_on=today - timedelta(days=60),
        deadline=today - timedelta(days=14),
        opened_at=utcnow() - timedelta(days=60),
        compiled_at=utcnow() - timedelta(days=4),
    )
    db.session.add(hearing)
    db.session.flush()
    version = HearingVersion(hearing_id=hearing.id, number=1, published_at=utcnow())
    db.session.add(version)
    db.session.flush()
    goals = HearingSection(version_id=version.id, number=1, heading="Mål")
    strategies = HearingSection(version_id=version.id, number=2, heading="Strategier")
    council = Consultee(
        municipality_id=world.municipality.id,
        name="Eldrerådet",
        kind=SenderKind.council,
        email="eldreradet@example.no",
    )
    db.session.add_all([goals, strategies, council])
    db.session.flush()
    db.session.add(
        HearingConsultee(hearing_id=hearing.id, consultee_id=council.id, letter_sent_at=utcnow())
    )
    rows = [
        (SenderKind.council, "Eldrerådet", goals, Assessment.adopted),
        (SenderKind.organisation, "Naturvernforbundet", goals, Assessment.partly),
        (SenderKind.organisation, "Handelsstanden", strategies, Assessment.not_adopted),
        (SenderKind.resident, None, None, None),
        (SenderKind.resident, "Kari Innbygger", None, None),
        (SenderKind.resident, None, strategies, Assessment.noted),
    ]
    statements = []
    for kind, name, section, assessment in rows:
        statement = Statement(
            hearing_id=hearing.id,
            section_id=section.id if section else None,
            sender_kind=kind,
            sender_name=name,
            body=f"Uttalelse fra {name or 'en innbygger'}.",
            channel=StatementChannel.registered
            if kind is SenderKind.council
            else StatementChannel.web,
            received_on=today - timedelta(days=20),
            summary=f"Sammendrag fra {name or 'en innbygger'}",
            assessment=assessment,
            reason="Begrunnelse for vurderingen." if assessment else "",
            assessed_at=utcnow() - timedelta(days=5) if assessment else None,
        )
        db.session.add(statement)
        statements.append(statement)
    db.session.flush()
    db.session.add(ResultStatement(result_id=result.id, statement_id=statements[0].id))
    return hearing


def report_url(item, kind: str = "challenge") -> str:
    slug = item.municipality.slug
    if kind == "hearing":
        return f"/k/{slug}/horinger/{item.id}/medvirkningsrapport"
    return f"/k/{slug}/utfordringer/{item.id}/medvirkningsrapport"


def date_today() -> date:
    return utcnow().date()
