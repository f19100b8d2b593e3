"""The pages: staff register through the form (with its errors), the public page shows the
threshold and the countdown, the decision is recorded, people follow, and the idea page offers
«fremme som innbyggerforslag» only for wide support."""

from datetime import timedelta

import pytest

from cocreate import page_generations
from cocreate.database import commit
from cocreate.extensions import db
from cocreate.ideas.models import Idea
from cocreate.proposals.models import CitizenProposal, ProposalState
from cocreate.proposals.rules import add_months, oslo_today
from cocreate.proposals.services import register_proposal
from tests.proposals.conftest import MINSAK, data, login

FORM = {
    "title": "Badeplass ved Heimbyvannet",
    "matter": "Vi foreslår at kommunen lager en universelt utformet badeplass ved vannet.",
    "channel": "minsak",
    "source_url": MINSAK,
    "signatures": "350",
    "valid_signatures": "321",
    "submitted_on": (oslo_today() - timedelta(days=10)).isoformat(),
    "initiators": "Kari Nordmann",
    "initiators_public": "y",
    "contact_email": "kari@example.no",
}


def test_staff_register_from_minsak_and_the_page_shows_threshold_and_countdown(client, world):
    login(client, world.facilitator)
    response = client.post("/k/heimby/innbyggerforslag/ny", data=FORM)
    assert response.status_code == 303
    proposal = db.session.query(CitizenProposal).one()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Badeplass ved Heimbyvannet" in page and "Kari Nordmann" in page
    assert "200 gyldige underskrifter" in page  # 2 % of 10 000
    assert "Forslaget har nok gyldige underskrifter" in page
    days = (add_months(proposal.submitted_on, 6) - oslo_today()).days
    assert f"{days} dager igjen" in page
    assert "kari@example.no" not in page  # the contact address is never shown
    assert f'href="{MINSAK}"' in page


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"valid_signatures": "400"}, "flere gyldige underskrifter enn underskrifter i alt"),
        ({"source_url": "https://example.no/1"}, "Adressen må være til minsak.no"),
        (
            {"submitted_on": (oslo_today() + timedelta(days=3)).isoformat()},
            "kan ikke være i framtiden",
        ),
        ({"signatures": "mange"}, "Skriv antallet med sifre"),
        ({"submitted_on": "i går"}, "Skriv en gyldig dato"),
    ],
)
def test_form_errors_are_clear(client, world, change, error):
    login(client, world.admin)
    response = client.post("/k/heimby/innbyggerforslag/ny", data={**FORM, **change})
    assert response.status_code == 400
    assert error in response.get_data(as_text=True)
    assert db.session.query(CitizenProposal).count() == 0


def test_below_the_threshold_the_council_is_not_bound(client, world):
    p = register_proposal(
        world.municipality, data(signatures=150, valid_signatures=120), actor=world.admin
    )
    page = client.get(f"/k/heimby/innbyggerforslag/{p.id}").get_data(as_text=True)
    assert "Kommunestyret er da ikke forpliktet til å ta stilling til det" in page
    assert "kan likevel behandle og svare på det" in page


def test_overdue_and_anonymous_initiators(client, world):
    submitted = add_months(oslo_today(), -6) - timedelta(days=4)
    p = register_proposal(
        world.municipality,
        data(submitted_on=submitted, initiators="Hemmelig Navn", initiators_public=False),
        actor=world.admin,
    )
    page = client.get(f"/k/heimby/innbyggerforslag/{p.id}").get_data(as_text=True)
    assert "Fristen gikk ut for 4 dager siden" in page
    assert "Hemmelig Navn" not in page
    listing = client.get("/k/heimby/innbyggerforslag").get_data(as_text=True)
    assert "Gatelys langs elvestien" in listing and "4 dager siden" in listing


def test_decision_with_answer_and_reference_and_following(client, proposals, world):
    p = proposals.proposal
    login(client, world.citizen)
    assert client.post(f"/k/heimby/innbyggerforslag/{p.id}/folg").status_code == 303
    assert "Slutt å følge forslaget" in client.get(f"/k/heimby/innbyggerforslag/{p.id}").get_data(
        as_text=True
    )
    login(client, world.admin)
    base = f"/k/heimby/innbyggerforslag/{p.id}"
    assert client.get(f"{base}/behandle").status_code == 200
    missing = client.post(
        f"{base}/status",
        data={
            "to_state": "adopted",
            "answer": "Kommunestyret sa ja til hele forslaget.",
            "reference": "",
        },
    )
    assert missing.status_code == 400 and "saksnummeret" in missing.get_data(as_text=True)
    done = client.post(
        f"{base}/status",
        data={
            "to_state": "adopted",
            "answer": "Kommunestyret sa ja til hele forslaget i møtet 3. mars.",
            "reference": "2026/55",
        },
    )
    assert done.status_code == 303
    db.session.expire_all()
    assert db.session.get(CitizenProposal, p.id).state is ProposalState.adopted
    page = client.get(base).get_data(as_text=True)
    assert "Kommunestyret sa ja til hele forslaget i møtet 3. mars." in page
    assert "saksnummer 2026/55" in page and "Behandlet" in page


def test_same_content_is_shown_publicly_with_the_earlier_proposal(client, proposals, world):
    earlier = register_proposal(world.municipality, data(title="Lys på stien"), actor=world.admin)
    login(client, world.admin)
    base = f"/k/heimby/innbyggerforslag/{proposals.proposal.id}"
    response = client.post(
        f"{base}/samme-innhold",
        data={
            "same": "y",
            "reason": "Kommunestyret behandlet samme forslag i sak 2026/12.",
            "same_as_id": str(earlier.id),
        },
    )
    assert response.status_code == 303
    page = client.get(base).get_data(as_text=True)
    assert "Kommunestyret behandlet samme forslag i sak 2026/12." in page
    assert f"/k/heimby/innbyggerforslag/{earlier.id}" in page


def test_other_municipalitys_staff_cannot_register(client, world):
    login(client, world.other_admin)
    assert client.post("/k/heimby/innbyggerforslag/ny", data=FORM).status_code == 403
    assert db.session.query(CitizenProposal).count() == 0


def test_idea_page_offers_a_proposal_only_with_wide_support(
    client, app, world, create_challenge_f, create_idea_f
):
    challenge = create_challenge_f(world.municipality)
    idea = create_idea_f(challenge, world.author, title="Nattbuss til byen")
    path = f"/k/heimby/innspill/{idea.id}"
    assert "Vil du fremme dette som innbyggerforslag?" not in client.get(path).get_data(
        as_text=True
    )
    # Threshold 200 → a tenth is 20 supports (below the default 50).
    db.session.get(Idea, idea.id).support_count = 20
    page_generations.changed(world.municipality.id)  # as support_idea() declares it
    commit()
    page = client.get(path).get_data(as_text=True)
    assert "Vil du fremme dette som innbyggerforslag?" in page
    assert 'href="https://minsak.no"' in page and "seks måneder" in page
    assert "200 underskrifter" in page
    old = app.config["PROPOSAL_OFFER_SUPPORTS"]
    app.config["PROPOSAL_OFFER_SUPPORTS"] = 10
    try:
        db.session.get(Idea, idea.id).support_count = 10
        page_generations.changed(world.municipality.id)
        commit()
        assert "Vil du fremme" in client.get(path).get_data(as_text=True)
    finally:
        app.config["PROPOSAL_OFFER_SUPPORTS"] = old
