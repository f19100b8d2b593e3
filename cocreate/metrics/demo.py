"""Demo data for the effects dashboard: a reference population clearly labelled as invented,
consented profiles for the demo citizens, and a public page with a few panels."""

from typing import Any

from sqlalchemy import select

from ..accounts.models import AgeBand, Gender, ParticipantProfile
from ..extensions import db
from ..municipalities.models import District
from .dashboard import set_public_panels
from .models import Dimension, PopulationReference

DEMO_SOURCE = "Demodata: oppdiktede tall for Fjordvik, ikke fra SSB"
DEMO_YEAR = 2025
DEMO_AGES = {"13-17": 900, "18-29": 2300, "30-44": 3000, "45-66": 4300, "67-79": 1900, "80+": 800}
DEMO_GENDERS = {"kvinne": 6550, "mann": 6650}
# The citizens' consented profiles (the demo shows how groups under 5 are suppressed).
DEMO_PROFILES = [
    (AgeBand.a18_29, Gender.kvinne, "Sentrum"),
    (AgeBand.a30_44, Gender.mann, "Nordbyen"),
    (AgeBand.a30_44, Gender.kvinne, "Sentrum"),
    (AgeBand.a45_66, Gender.mann, "Sørsida"),
    (AgeBand.a67_79, Gender.kvinne, "Sentrum"),
    (None, Gender.kvinne, "Fjellheim"),
]
DEMO_PUBLIC = ["key_figures", "funnel", "representativeness", "channels", "promise_kept"]


def seed_metrics(world: Any) -> None:
    """Add the demo reference population, profiles and public panels (new demo base only)."""
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
    for citizen, (age, gender, district) in zip(world.citizens, DEMO_PROFILES, strict=False):
        db.session.add(
            ParticipantProfile(user_id=citizen.id, age_band=age, gender=gender, district=district)
        )
    db.session.flush()
    set_public_panels(municipality.id, DEMO_PUBLIC)


def _districts(municipality_id: int) -> list[District]:
    return list(
        db.session.scalars(
            select(District)
            .where(District.municipality_id == municipality_id)
            .order_by(District.name)
        )
    )
