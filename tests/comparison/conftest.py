"""Five municipalities for the comparison (issue 25 §4).

- Heimby (12 000, 5 000–19 999), shares: challenge A (principle 1) with 6 inputs by 6 persons
  submitted 2025-03-10 (3 answered), challenge B (principle 2) with 6 inputs by 6 others
  submitted 2026-02-10 (1 answered, 1 gjort);
- Bortby (8 000, same band), shares: 6 inputs by 6 persons in 2026 (all answered);
- Tredjeby (15 000, same band), shares: 5 inputs by 5 persons in 2026 (none answered);
- Lukketby (9 000, same band) does not share: 6 inputs by 6 persons;
- Litenby (3 000, under 5 000) shares, with only 2 participants: no figure anywhere.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import count

import pytest

from cocreate import page_generations
from cocreate.accounts.models import Gender, ParticipantProfile, Role
from cocreate.extensions import db
from cocreate.ideas.stages import Stage
from cocreate.metrics.models import Dimension, PopulationReference
from cocreate.pipeline.services import move_idea

ANSWER = "Vi har sett på innspillet og svarer her offentlig."
_people = count(1)


@dataclass
class Places:
    heimby: object
    bortby: object
    tredjeby: object
    lukketby: object
    litenby: object
    litenby_admin: object


def _inputs(create_idea_f, create_user_f, challenge, n: int, when: datetime) -> list:
    ideas = []
    for _ in range(n):
        person = create_user_f(f"deltaker{next(_people)}@example.no")
        idea = create_idea_f(challenge, person, title=f"Innspill {next(_people)}")
        idea.created_at = when
        ideas.append(idea)
    db.session.flush()
    return ideas


def _answer(ideas, actor, stage=Stage.assessed) -> None:
    for idea in ideas:
        move_idea(idea, stage, answer=ANSWER, actor=actor)
    db.session.flush()


@pytest.fixture
def places(world, create_municipality_f, create_challenge_f, create_idea_f, create_user_f):
    heimby, bortby = world.municipality, world.other
    tredjeby = create_municipality_f("Tredjeby kommune", "tredjeby")
    lukketby = create_municipality_f("Lukketby kommune", "lukketby")
    litenby = create_municipality_f("Litenby kommune", "litenby")
    for municipality, population in (
        (heimby, 12_000),
        (bortby, 8_000),
        (tredjeby, 15_000),
        (lukketby, 9_000),
        (litenby, 3_000),
    ):
        municipality.population = population
    lukketby.shares_with_others = False
    admins = {}
    for municipality in (tredjeby, lukketby, litenby):
        admins[municipality.slug] = create_user_f(
            f"admin@{municipality.slug}.no", role=Role.admin, municipality=municipality
        )

    a = create_challenge_f(heimby, principles=(1,), title="Utfordring A")
    b = create_challenge_f(heimby, principles=(2,), title="Utfordring B")
    old = _inputs(create_idea_f, create_user_f, a, 6, datetime(2025, 3, 10, 12, tzinfo=UTC))
    new = _inputs(create_idea_f, create_user_f, b, 6, datetime(2026, 2, 10, 12, tzinfo=UTC))
    _answer(old[:3], world.admin)
    _answer(new[:1], world.admin)
    _answer(new[1:2], world.admin, Stage.done)

    c = create_challenge_f(bortby, principles=(1,), title="Bortbys utfordring")
    bortby_inputs = _inputs(
        create_idea_f, create_user_f, c, 6, datetime(2026, 1, 5, 12, tzinfo=UTC)
    )
    _answer(bortby_inputs, world.other_admin)
    # Consented profiles and a reference population: Bortby's R is a figure (4 women, 2 men
    # against 50/50: R = 0.83, published to one decimal since the men are fewer than 5).
    for n, idea in enumerate(bortby_inputs):
        gender = Gender.kvinne if n < 4 else Gender.mann
        db.session.add(ParticipantProfile(user_id=idea.author_id, gender=gender))
    for group in ("kvinne", "mann"):
        db.session.add(
            PopulationReference(
                municipality_id=bortby.id,
                dimension=Dimension.gender,
                group=group,
                population=4_000,
                year=2026,
                source="Testdata",
                is_demo=False,
            )
        )
    d = create_challenge_f(tredjeby, principles=(1,), title="Tredjebys utfordring")
    _inputs(create_idea_f, create_user_f, d, 5, datetime(2026, 4, 5, 12, tzinfo=UTC))
    e = create_challenge_f(lukketby, principles=(1,), title="Lukketbys utfordring")
    _answer(
        _inputs(create_idea_f, create_user_f, e, 6, datetime(2026, 1, 5, 12, tzinfo=UTC)),
        admins["lukketby"],
    )
    f = create_challenge_f(litenby, principles=(1,), title="Litenbys utfordring")
    _inputs(create_idea_f, create_user_f, f, 2, datetime(2026, 1, 5, 12, tzinfo=UTC))
    page_generations.site_changed()  # the rows written by hand above (dates, population)
    db.session.commit()
    return Places(heimby, bortby, tredjeby, lukketby, litenby, admins["litenby"])
