"""Districts: create, rename and merge, and what follows them: the profiles, the reference
population, the workshop check-ins, ideas and challenges, the profile form, and so the
representativeness figures (which must be the same figures under the new names)."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from cocreate.accounts.models import ParticipantProfile
from cocreate.audit.models import AuditEvent
from cocreate.database import utcnow
from cocreate.extensions import db
from cocreate.ideas.models import Vote
from cocreate.metrics.measures_people import group_counts, representativeness
from cocreate.metrics.models import Dimension, PopulationReference
from cocreate.metrics.population import reference_for
from cocreate.metrics.scope import Scope
from cocreate.municipalities.models import District
from cocreate.refusals import NotAllowed
from cocreate.settings.districts import (
    DistrictError,
    create_district,
    merge_districts,
    rename_district,
)
from cocreate.workshops.models import WorkshopCheckinCount, WorkshopFormat
from cocreate.workshops.services import create_workshop
from tests.factories import PASSWORD

# Profiles of people who took part here, per district; check-ins at a workshop here.
PROFILES = {"Sentrum": 6, "Nord": 5}
CHECKINS = {"Sentrum": 2, "Nord": 3}
REFERENCE = {"Sentrum": 700, "Nord": 300}


def _district(municipality, name: str) -> District:
    return db.session.scalars(
        select(District).where(District.municipality_id == municipality.id, District.name == name)
    ).one()


@pytest.fixture
def place(world, create_challenge_f, create_idea_f, create_user_f):
    """Participants with profiles, a reference population, check-ins, an idea and a challenge
    that name the districts; and, elsewhere, a person whose profile names another "Sentrum"."""
    m = world.municipality
    challenge = create_challenge_f(m, districts=[_district(m, "Nord")])
    idea = create_idea_f(challenge, world.author)
    idea.district_id = _district(m, "Nord").id
    for name, n in PROFILES.items():
        for _ in range(n):
            person = create_user_f()
            db.session.add(Vote(idea_id=idea.id, user_id=person.id, challenge_id=challenge.id))
            db.session.add(ParticipantProfile(user_id=person.id, district=name))
    for name, population in REFERENCE.items():
        db.session.add(
            PopulationReference(
                municipality_id=m.id,
                dimension=Dimension.district,
                group=name,
                population=population,
                year=2025,
                source="test",
            )
        )
    start = utcnow() - timedelta(days=3)
    workshop = create_workshop(
        challenge,
        title="Verksted",
        format=WorkshopFormat.physical,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Rådhuset",
        actor=world.facilitator,
    )
    for name, count in CHECKINS.items():
        db.session.add(
            WorkshopCheckinCount(
                workshop_id=workshop.id, dimension="district", value=name, count=count
            )
        )
    # Someone who took part only in the other municipality, which also has a "Sentrum".
    stranger = create_user_f()
    other_challenge = create_challenge_f(world.other)
    other_idea = create_idea_f(other_challenge, stranger)
    db.session.add(ParticipantProfile(user_id=stranger.id, district="Sentrum"))
    db.session.flush()
    return {"challenge": challenge, "idea": idea, "stranger": stranger, "other_idea": other_idea}


def _profiles(municipality) -> dict[str, int]:
    """Persons per district from the consented profiles (the web source of the figures)."""
    return group_counts(Scope(municipality.id), Dimension.district)


def _figures(municipality):
    """Persons per district from both sources (profiles and check-ins, which the measures keep
    apart and never add), the reference population, and the profiles' representativeness."""
    scope = Scope(municipality.id)
    profiles = _profiles(municipality)
    checkins = group_counts(scope, Dimension.district, "workshop")
    both = {g: profiles.get(g, 0) + checkins.get(g, 0) for g in set(profiles) | set(checkins)}
    return (
        both,
        reference_for(municipality.id, Dimension.district),
        representativeness(scope, Dimension.district),
    )


def _r(counts: dict[str, int], reference: dict[str, int]) -> float:
    """R = 1 − ½ Σ |p_g − q_g| (DESIGN.md §3), from the raw figures."""
    people, population = sum(counts.values()), sum(reference.values())
    groups = set(counts) | set(reference)
    return (
        1
        - sum(abs(counts.get(g, 0) / people - reference.get(g, 0) / population) for g in groups) / 2
    )


def _profile_of(user) -> str | None:
    return db.session.scalar(
        select(ParticipantProfile.district).where(ParticipantProfile.user_id == user.id)
    )


def test_creating_a_district_checks_its_name_and_is_logged(world):
    district = create_district(world.municipality, "  Øvre   Fjellheim ", 420, actor=world.admin)
    assert (district.name, district.population) == ("Øvre Fjellheim", 420)
    for taken in ("sentrum", "ØVRE FJELLHEIM"):
        with pytest.raises(DistrictError, match="allerede en bydel"):
            create_district(world.municipality, taken, actor=world.admin)
    with pytest.raises(DistrictError, match="mellom 1 og 80 tegn"):
        create_district(world.municipality, "   ", actor=world.admin)
    with pytest.raises(DistrictError, match="mellom 1 og 80 tegn"):
        create_district(world.municipality, "x" * 81, actor=world.admin)
    with pytest.raises(DistrictError, match="0 eller større"):
        create_district(world.municipality, "Negativ", -1, actor=world.admin)
    with pytest.raises(NotAllowed):
        create_district(world.municipality, "Fra fasilitator", actor=world.facilitator)
    with pytest.raises(NotAllowed):
        create_district(world.municipality, "Fra naboen", actor=world.other_admin)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "district.created"))
    assert [e.data["name"] for e in event] == ["Øvre Fjellheim"]


def test_a_rename_carries_the_figures_to_the_new_name(world, place):
    m = world.municipality
    counts, reference, before = _figures(m)
    assert counts == {g: PROFILES[g] + CHECKINS[g] for g in PROFILES}
    assert _profiles(m) == PROFILES
    assert before.r == pytest.approx(_r(PROFILES, reference))

    rename_district(_district(m, "Sentrum"), "Sentrum og havna", actor=world.admin)
    db.session.commit()

    renamed = {("Sentrum og havna" if g == "Sentrum" else g): n for g, n in counts.items()}
    counts_after, reference_after, after = _figures(m)
    assert counts_after == renamed
    assert reference_after == {
        ("Sentrum og havna" if g == "Sentrum" else g): n for g, n in reference.items()
    }
    assert after.r == pytest.approx(before.r)
    assert {row.group for row in after.groups} == set(renamed)
    # The other municipality's "Sentrum" is someone else's: that profile keeps its name.
    assert _profile_of(place["stranger"]) == "Sentrum"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "district.renamed"))
    (renamed_event,) = event
    assert renamed_event.data == {
        "old": "Sentrum",
        "new": "Sentrum og havna",
        "profiles": PROFILES["Sentrum"],
    }


def test_a_name_used_by_no_other_municipality_moves_every_profile(world, place, create_user_f):
    m = world.municipality
    rename_district(_district(m, "Nord"), "Nordbyen", actor=world.admin)
    newcomer = create_user_f()  # has not taken part yet, but chose "Nordbyen"'s old name
    db.session.add(ParticipantProfile(user_id=newcomer.id, district="Nordbyen"))
    rename_district(_district(m, "Nordbyen"), "Nordre bydel", actor=world.admin)
    assert _profile_of(newcomer) == "Nordre bydel"


def test_a_rename_to_a_taken_name_is_refused_and_changes_nothing(world, place):
    m = world.municipality
    with pytest.raises(DistrictError, match="allerede en bydel"):
        rename_district(_district(m, "Sentrum"), "NORD", actor=world.admin)
    assert _figures(m)[0] == {g: PROFILES[g] + CHECKINS[g] for g in PROFILES}


def test_a_merge_moves_everything_and_adds_the_figures_up(world, place):
    m = world.municipality
    counts, reference, _before = _figures(m)
    source, target = _district(m, "Nord"), _district(m, "Sentrum")
    source_id, populations = source.id, source.population + target.population

    merge_districts(source, target, actor=world.admin)
    db.session.commit()
    db.session.expire_all()

    assert db.session.get(District, source_id) is None
    assert target.population == populations
    counts_after, reference_after, after = _figures(m)
    assert counts_after == {"Sentrum": sum(counts.values())}
    assert reference_after == {"Sentrum": sum(reference.values())}
    assert _profiles(m) == {"Sentrum": sum(PROFILES.values())}
    assert after.r == pytest.approx(_r(_profiles(m), reference_after))
    assert place["idea"].district_id == target.id
    assert [d.name for d in place["challenge"].districts] == ["Sentrum"]
    checkins = db.session.scalars(
        select(WorkshopCheckinCount).where(WorkshopCheckinCount.dimension == "district")
    ).all()
    assert [(c.value, c.count) for c in checkins] == [("Sentrum", sum(CHECKINS.values()))]
    (event,) = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "district.merged"))
    assert event.data["source"] == "Nord" and event.data["target"] == "Sentrum"
    assert event.data["ideas"] == 1 and event.data["profiles"] == PROFILES["Nord"]


def test_a_merge_where_only_one_side_has_figures(world, place):
    """Into a new district without a reference or check-ins: the source's figures move as
    they are; a district without a population adds nothing to the target's."""
    m = world.municipality
    empty = create_district(m, "Nytt felt", actor=world.admin)
    merge_districts(_district(m, "Sentrum"), empty, actor=world.admin)
    assert empty.population == 1000  # the factory's Sentrum
    counts, reference, _rep = _figures(m)
    assert counts == {"Nytt felt": PROFILES["Sentrum"] + CHECKINS["Sentrum"], "Nord": 8}
    assert reference == {"Nytt felt": REFERENCE["Sentrum"], "Nord": REFERENCE["Nord"]}
    merge_districts(create_district(m, "Uten tall", actor=world.admin), empty, actor=world.admin)
    assert empty.population == 1000


def test_a_district_is_not_merged_into_itself_or_another_municipalitys(world):
    m = world.municipality
    sentrum = _district(m, "Sentrum")
    with pytest.raises(DistrictError, match="annen bydel"):
        merge_districts(sentrum, sentrum, actor=world.admin)
    with pytest.raises((DistrictError, NotAllowed)):
        merge_districts(sentrum, _district(world.other, "Nord"), actor=world.admin)
    assert _district(m, "Sentrum") is sentrum


def test_the_profile_form_offers_the_districts_as_they_are_now(client, world, place):
    m = world.municipality
    rename_district(_district(m, "Sentrum"), "Sentrum og havna", actor=world.admin)
    create_district(m, "Grenda ved sjøen", actor=world.admin)
    db.session.commit()
    client.post("/logg-inn", data={"email": world.citizen.email, "password": PASSWORD})
    page = client.get("/konto/om-meg").get_data(as_text=True)
    assert '<option value="Sentrum og havna">' in page
    assert '<option value="Grenda ved sjøen">' in page
    response = client.post("/konto/om-meg", data={"district": "Grenda ved sjøen", "consent": "y"})
    assert response.status_code == 302
    assert _profile_of(world.citizen) == "Grenda ved sjøen"
