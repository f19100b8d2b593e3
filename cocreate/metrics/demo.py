"""Demo data for the effects dashboard: a reference population clearly labelled as invented,
consented profiles for the demo's citizens, spread so that most groups reach k = 5, and a
public page with the panels published."""

import random
from typing import Any

from sqlalchemy import select

from ..accounts.models import AgeBand, Gender
from ..extensions import db
from ..municipalities.models import District
from ..privacy.services import save_profile
from .dashboard import PANELS, set_public_panels
from .models import Dimension, PopulationReference

DEMO_SOURCE = "Demodata: oppdiktede tall for Fjordvik, ikke fra SSB"
DEMO_YEAR = 2025
DEMO_AGES = {"13-17": 900, "18-29": 2300, "30-44": 3000, "45-66": 4300, "67-79": 1900, "80+": 800}
DEMO_GENDERS = {"kvinne": 6550, "mann": 6650}
# The six named citizens' profiles (the last one left her age out).
Profile = tuple[AgeBand | None, Gender | None, str | None]
NAMED_PROFILES: list[Profile] = [
    (AgeBand.a18_29, Gender.kvinne, "Sentrum"),
    (AgeBand.a30_44, Gender.mann, "Nordbyen"),
    (AgeBand.a30_44, Gender.kvinne, "Sentrum"),
    (AgeBand.a45_66, Gender.mann, "Sørsida"),
    (AgeBand.a67_79, Gender.kvinne, "Sentrum"),
    (None, Gender.kvinne, "Fjellheim"),
]
# The crowd's answers, counted out per group (None: the question left out). Young adults are
# under-represented, as in most municipalities; every group still reaches k = 5.
CROWD_AGES = {"13-17": 6, "18-29": 11, "30-44": 25, "45-66": 40, "67-79": 18, "80+": 6, None: 2}
CROWD_DISTRICTS = {"Sentrum": 40, "Nordbyen": 27, "Sørsida": 26, "Fjellheim": 12, None: 3}
CROWD_NO_GENDER = (17, 62)  # two of the crowd left their gender out
DEMO_PUBLIC = list(PANELS)


def seed_metrics(world: Any, timeline: Any) -> None:
    """Add the demo reference population, consented profiles and public panels (new demo
    base only); the consents are dated the day the demo's people were made."""
    municipality = world.municipality
    groups = {
        Dimension.age_band: DEMO_AGES,
        Dimension.gender: DEMO_GENDERS,
        Dimension.district: {d.name: d.population or 0 for d in _districts(municipality.id)},
    }
    for dimension, populations in groups.items():
        for group, population in populations.items():
            db.session.add(
                PopulationReference(
                    municipality_id=municipality.id,
                    dimension=dimension,
                    group=group,
                    population=population,
                    year=DEMO_YEAR,
                    source=DEMO_SOURCE,
                    is_demo=True,
                )
            )
    profiles = NAMED_PROFILES + crowd_profiles()  # in world.citizens' order
    with timeline.back(-600, 12):
        for citizen, (age, gender, district) in zip(world.citizens, profiles, strict=True):
            save_profile(citizen, consent=True, age_band=age, gender=gender, district=district)
    set_public_panels(municipality.id, DEMO_PUBLIC)


def crowd_profiles() -> list[Profile]:
    """One profile per crowd member, in crowd order (women and men taking turns): the counted
    ages and districts, dealt out in a fixed shuffled order."""
    ages = [age for age, n in CROWD_AGES.items() for _ in range(n)]
    districts = [name for name, n in CROWD_DISTRICTS.items() for _ in range(n)]
    random.Random(14).shuffle(ages)  # a fixed order, not a secret
    random.Random(17).shuffle(districts)
    profiles: list[Profile] = []
    for n, (age, district) in enumerate(zip(ages, districts, strict=True)):
        gender = None if n in CROWD_NO_GENDER else (Gender.kvinne, Gender.mann)[n % 2]
        profiles.append((AgeBand(age) if age else None, gender, district))
    return profiles


def _districts(municipality_id: int) -> list[District]:
    return list(
        db.session.scalars(
            select(District)
            .where(District.municipality_id == municipality_id)
            .order_by(District.name)
        )
    )
