"""A small, fixed dataset whose measures are worked out by hand in test_measures.py.

Municipality «heimby» (world fixture), measured at NOW = 2026-06-30 12:00 UTC. Every event is at
12:00, so day differences are whole numbers.

Challenges: C1 konsultere, principle 1, concluded 2026-05-01; C2 involvere, principle 2,
concluded 2026-06-01; C3 medbestemme, principle 1, open.

Inputs (published unless said):
  i1 C1 u1 web        2026-01-10  →vurdert 01-20, →besluttet 02-09 (ref «Sak 2026/12»), →gjort 03-11
  i2 C1 u2 web        2026-01-15  →ikke videreført 01-17
  i3 C1 —  registered 2026-02-01  no moves
  i4 C2 u3 workshop   2026-03-01  →besluttet 03-05 (no reference)
  i5 C2 u1 web        2026-03-10  →vurdert 03-30
  i6 C3 u4 web        2026-06-10  no moves
  i7 C3 u5 web        2026-05-20  →utprøves 06-20 (ref «https://example.no/plan»)
  i8 C3 u6 web        2026-05-21  merged into i7 (a contribution, not an input)
  i9 C3 u7 web        2026-05-22  hidden (neither)
Supports: u2→i1 01-20, u3→i1 01-21, u8→i7 06-01, u1→i7 06-02, u2→i6 06-11.
Comments: u8 on i1 02-15, u4 on i6 06-12, u4 on i7 06-13; a hidden one by u7 on i1 (ignored).
Profiles (consented): u1 18-29 kvinne Sentrum; u2 18-29 kvinne Sentrum; u3 30-44 mann Sentrum;
  u4 30-44 kvinne Nord; u5 18-29 annet Sentrum; u6 45-66 mann —; u8 — — Sentrum;
  u7 80+ kvinne (took no part: never counted).
Workshops: W1 in C2, 2026-03-01, headcount 6, check-ins: age 18-29: 2, 67-79: 3;
  gender kvinne 9, mann 1; district Nord 5. W2 in C3, 2026-06-15, no headcount, 4 check-ins.
Reference population: age 13-17 100, 18-29 200, 30-44 250, 45-66 300, 67-79 100, 80+ 50;
  gender kvinne 500, mann 500; district Sentrum 600, Nord 400.
Survey on C1: u1 (5, 4, 5), u2 (3, 2, 4), u8 (4, 4, 4).
"""

from dataclasses import dataclass, field
from datetime import datetime

import pytest
from sqlalchemy import delete

from cocreate.accounts.models import AgeBand, Gender, ParticipantProfile, Role, User
from cocreate.challenges.models import Challenge, ParticipationLevel, Phase
from cocreate.extensions import db
from cocreate.ideas.models import Channel, Comment, CommentVisibility, Idea, Visibility, Vote
from cocreate.ideas.stages import Stage
from cocreate.metrics.models import Dimension, PopulationReference, SurveyResponse
from cocreate.metrics.scope import Scope
from cocreate.pipeline.models import StageChange
from cocreate.workshops.models import Workshop, WorkshopCheckinCount, WorkshopFormat

NOW = datetime(2026, 6, 30, 12, 0)
ANSWER = "Vi har sett på innspillet og svarer her offentlig."
REFERENCE = {
    Dimension.age_band: {
        "13-17": 100,
        "18-29": 200,
        "30-44": 250,
        "45-66": 300,
        "67-79": 100,
        "80+": 50,
    },
    Dimension.gender: {"kvinne": 500, "mann": 500},
    Dimension.district: {"Sentrum": 600, "Nord": 400},
}


def at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 12, 0)


@dataclass
class Dataset:
    municipality: object
    challenges: dict[str, Challenge]
    users: dict[str, User]
    ideas: dict[str, Idea] = field(default_factory=dict)

    def scope(self, **kwargs) -> Scope:
        return Scope(self.municipality.id, now=NOW, **kwargs)


def add_reference(municipality_id: int, reference=REFERENCE) -> None:
    for dimension, groups in reference.items():
        for group, population in groups.items():
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


@pytest.fixture
def dataset(world, create_challenge_f, create_user_f) -> Dataset:
    m = world.municipality
    c1 = create_challenge_f(
        m,
        phase=Phase.concluded,
        principles=(1,),
        title="Utfordring C1",
        level=ParticipationLevel.konsultere,
    )
    c2 = create_challenge_f(
        m,
        phase=Phase.concluded,
        principles=(2,),
        title="Utfordring C2",
        level=ParticipationLevel.involvere,
    )
    c3 = create_challenge_f(
        m,
        phase=Phase.open,
        principles=(1,),
        title="Utfordring C3",
        level=ParticipationLevel.medbestemme,
    )
    c1.concluded_at, c2.concluded_at = at(5, 1), at(6, 1)
    users = {f"u{n}": create_user_f(f"u{n}@example.no") for n in range(1, 9)}
    data = Dataset(m, {"c1": c1, "c2": c2, "c3": c3}, users)

    def idea(
        key,
        challenge,
        author,
        created,
        channel=Channel.web,
        stage=Stage.heard,
        visibility=Visibility.published,
        merged_into=None,
    ):
        row = Idea(
            challenge_id=challenge.id,
            author_id=users[author].id if author else None,
            title=f"Innspill {key}",
            body="Tekst",
            channel=channel,
            stage=stage,
            visibility=visibility,
            merged_into_id=merged_into,
            created_at=created,
        )
        db.session.add(row)
        db.session.flush()
        data.ideas[key] = row
        return row

    def move(row, steps):
        previous = Stage.heard
        for stage, when, reference in steps:
            db.session.add(
                StageChange(
                    idea_id=row.id,
                    from_stage=previous,
                    to_stage=stage,
                    answer=ANSWER,
                    reference=reference,
                    actor_id=world.facilitator.id,
                    actor_role=Role.facilitator,
                    created_at=when,
                )
            )
            previous = stage
        row.last_moved_at = steps[-1][1]

    i1 = idea("i1", c1, "u1", at(1, 10), stage=Stage.done)
    move(
        i1,
        [
            (Stage.assessed, at(1, 20), None),
            (Stage.decided, at(2, 9), "Sak 2026/12"),
            (Stage.done, at(3, 11), ""),
        ],
    )
    i2 = idea("i2", c1, "u2", at(1, 15), stage=Stage.declined)
    move(i2, [(Stage.declined, at(1, 17), None)])
    idea("i3", c1, None, at(2, 1), channel=Channel.registered)
    i4 = idea("i4", c2, "u3", at(3, 1), channel=Channel.workshop, stage=Stage.decided)
    move(i4, [(Stage.decided, at(3, 5), None)])
    i5 = idea("i5", c2, "u1", at(3, 10), stage=Stage.assessed)
    move(i5, [(Stage.assessed, at(3, 30), None)])
    i6 = idea("i6", c3, "u4", at(6, 10))
    i7 = idea("i7", c3, "u5", at(5, 20), stage=Stage.piloting)
    move(i7, [(Stage.piloting, at(6, 20), "https://example.no/plan")])
    idea("i8", c3, "u6", at(5, 21), visibility=Visibility.merged, merged_into=i7.id)
    idea("i9", c3, "u7", at(5, 22), visibility=Visibility.hidden)

    for user, target, when in [
        ("u2", i1, at(1, 20)),
        ("u3", i1, at(1, 21)),
        ("u8", i7, at(6, 1)),
        ("u1", i7, at(6, 2)),
        ("u2", i6, at(6, 11)),
    ]:
        db.session.add(
            Vote(
                idea_id=target.id,
                user_id=users[user].id,
                challenge_id=target.challenge_id,
                created_at=when,
            )
        )
    for user, target, when, visibility in [
        ("u8", i1, at(2, 15), CommentVisibility.published),
        ("u4", i6, at(6, 12), CommentVisibility.published),
        ("u4", i7, at(6, 13), CommentVisibility.published),
        ("u7", i1, at(2, 16), CommentVisibility.hidden),
    ]:
        db.session.add(
            Comment(
                idea_id=target.id,
                author_id=users[user].id,
                body="Enig!",
                visibility=visibility,
                created_at=when,
            )
        )

    for user, age, gender, district in [
        ("u1", AgeBand.a18_29, Gender.kvinne, "Sentrum"),
        ("u2", AgeBand.a18_29, Gender.kvinne, "Sentrum"),
        ("u3", AgeBand.a30_44, Gender.mann, "Sentrum"),
        ("u4", AgeBand.a30_44, Gender.kvinne, "Nord"),
        ("u5", AgeBand.a18_29, Gender.annet, "Sentrum"),
        ("u6", AgeBand.a45_66, Gender.mann, None),
        ("u8", None, None, "Sentrum"),
        ("u7", AgeBand.a80, Gender.kvinne, None),
    ]:
        db.session.add(
            ParticipantProfile(
                user_id=users[user].id, age_band=age, gender=gender, district=district
            )
        )

    w1 = Workshop(
        challenge_id=c2.id,
        title="Verksted 1",
        format=WorkshopFormat.physical,
        starts_at=at(3, 1),
        ends_at=datetime(2026, 3, 1, 15, 0),
        headcount=6,
        checkin_count=5,
    )
    w2 = Workshop(
        challenge_id=c3.id,
        title="Verksted 2",
        format=WorkshopFormat.digital,
        starts_at=at(6, 15),
        ends_at=datetime(2026, 6, 15, 15, 0),
        headcount=None,
        checkin_count=4,
    )
    db.session.add_all([w1, w2])
    db.session.flush()
    for dimension, value, count in [
        ("age_band", "18-29", 2),
        ("age_band", "67-79", 3),
        ("gender", "kvinne", 9),
        ("gender", "mann", 1),
        ("district", "Nord", 5),
    ]:
        db.session.add(
            WorkshopCheckinCount(workshop_id=w1.id, dimension=dimension, value=value, count=count)
        )
    add_reference(m.id)
    for user, answers in [("u1", (5, 4, 5)), ("u2", (3, 2, 4)), ("u8", (4, 4, 4))]:
        db.session.add(
            SurveyResponse(
                challenge_id=c1.id,
                user_id=users[user].id,
                felt_heard=answers[0],
                understood=answers[1],
                would_return=answers[2],
                created_at=at(5, 5),
            )
        )
    db.session.commit()
    yield data
    # Deleting a merge target sets merged_into_id NULL, which the ideas' CHECK refuses: remove
    # the duplicate first so the suite's table cleanup can run.
    db.session.rollback()
    db.session.execute(delete(Idea).where(Idea.visibility == Visibility.merged))
    db.session.commit()
