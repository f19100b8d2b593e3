"""Point 3 end to end: a consented profile (given, changed, deleted on the privacy feature's
«Om meg» page) and workshop check-ins are what representativeness counts."""

from sqlalchemy import select

from cocreate.accounts.models import ParticipantProfile
from cocreate.extensions import db
from cocreate.ideas.models import Vote
from cocreate.metrics.measures_people import group_counts
from cocreate.metrics.models import Dimension
from cocreate.metrics.scope import Scope
from tests.factories import PASSWORD


def test_profile_from_the_page_is_counted_changed_and_deleted(
    client, world, create_challenge_f, create_idea_f
):
    challenge = create_challenge_f(world.municipality)
    idea = create_idea_f(challenge, world.author)
    db.session.add(Vote(idea_id=idea.id, user_id=world.citizen.id, challenge_id=challenge.id))
    db.session.commit()
    scope = Scope(world.municipality.id)
    client.post("/logg-inn", data={"email": world.citizen.email, "password": PASSWORD})

    refused = client.post("/konto/om-meg", data={"age_band": "18-29"})  # no consent
    assert refused.status_code in (200, 400)
    assert db.session.scalar(select(ParticipantProfile)) is None

    client.post(
        "/konto/om-meg",
        data={"age_band": "18-29", "gender": "kvinne", "district": "Sentrum", "consent": "y"},
    )
    profile = db.session.scalar(select(ParticipantProfile))
    assert profile.user_id == world.citizen.id and profile.consent_at is not None
    assert group_counts(scope, Dimension.age_band) == {"18-29": 1}
    assert group_counts(scope, Dimension.district) == {"Sentrum": 1}

    client.post(
        "/konto/om-meg", data={"age_band": "30-44", "gender": "", "district": "", "consent": "y"}
    )
    db.session.expire_all()
    assert group_counts(scope, Dimension.age_band) == {"30-44": 1}
    assert group_counts(scope, Dimension.gender) == {}

    client.post("/konto/om-meg/trekk-samtykke")
    db.session.expire_all()
    assert db.session.scalar(select(ParticipantProfile)) is None
    assert group_counts(scope, Dimension.age_band) == {}


def test_account_page_links_to_the_profile(client, world):
    client.post("/logg-inn", data={"email": world.citizen.email, "password": PASSWORD})
    assert "/konto/om-meg" in client.get("/konto").get_data(as_text=True)
