"""Inputs registered by staff (issue 14 point 6): how and when they came in, the case number and
the sender's contact for staff only (never public, erased with the input's personal data), and
late inputs on challenges under assessment or concluded, marked as late."""

from datetime import date, timedelta

import pytest
from sqlalchemy import delete, select

from cocreate.audit.models import AuditEvent
from cocreate.challenges.models import Phase
from cocreate.extensions import db
from cocreate.ideas.models import Channel, Idea, ReceivedVia, RegisteredInput, SenderContact
from cocreate.workshops.publishing import Receipt, local_today, register_offline_input
from cocreate.workshops.services import WorkshopError
from tests.factories import PASSWORD

CONTACT = "kari.nordmann@example.org, 912 34 567"
CASE = "2026/1234-5"


def _url(challenge):
    return f"/k/heimby/utfordringer/{challenge.id}/registrer-innspill"


def _form(**overrides):
    data = {
        "title": "Brev om gatelys i Nordveien",
        "body": "Det er mørkt på Nordveien om kvelden.",
        "channel": "registered",
        "received_via": "letter",
        "received_on": (local_today() - timedelta(days=10)).isoformat(),
        "case_number": CASE,
        "sender_contact": CONTACT,
    }
    data.update(overrides)
    return data


def _only_registered() -> Idea:
    return db.session.scalars(select(Idea).where(Idea.channel == Channel.registered)).one()


@pytest.fixture
def staff(client, auth, world):
    auth.login(world.facilitator.email, PASSWORD)
    return client


def test_a_registered_input_records_how_and_when_it_came_in(staff, world, create_challenge_f):
    challenge = create_challenge_f(world.municipality)
    response = staff.post(_url(challenge), data=_form(received_via="phone"))
    assert response.status_code == 302
    idea = _only_registered()
    registration = db.session.get(RegisteredInput, idea.id)
    received = local_today() - timedelta(days=10)
    assert (registration.received_via, registration.received_on) == (ReceivedVia.phone, received)
    assert registration.case_number == CASE and registration.late is False
    assert db.session.get(SenderContact, idea.id).contact == CONTACT
    # It counts from the day it came in: noon that day in Norway, in UTC.
    assert idea.created_at.date() == received and idea.created_at.hour in (10, 11)


def test_staff_see_the_case_number_and_contact_and_nobody_else(
    client, auth, world, create_challenge_f
):
    challenge = create_challenge_f(world.municipality)
    auth.login(world.facilitator.email, PASSWORD)
    client.post(_url(challenge), data=_form())
    idea = _only_registered()
    page = client.get(f"/k/heimby/innspill/{idea.id}").get_data(as_text=True)
    assert CASE in page and CONTACT in page and "Mottatt" in page and "(Brev)" in page
    auth.logout()
    for who in (None, world.citizen, world.other_facilitator):
        if who is not None:
            auth.login(who.email, PASSWORD)
        page = client.get(f"/k/heimby/innspill/{idea.id}").get_data(as_text=True)
        assert "Brev om gatelys" in page and "Mottatt" in page
        assert CASE not in page and "kari.nordmann" not in page and "912 34 567" not in page
        auth.logout()
    public = [
        client.get(f"/api/v1/ideas/{idea.id}").get_data(as_text=True),
        client.get(f"/api/v1/challenges/{challenge.id}/ideas").get_data(as_text=True),
        client.get("/api/v1/municipalities/heimby/datapackage.zip").get_data(),
    ]
    assert "Brev om gatelys" in public[0]
    for body in public[:2]:
        assert "kari.nordmann" not in body and CASE not in body
    assert b"kari.nordmann" not in public[2] and CASE.encode() not in public[2]


def test_the_date_cannot_be_in_the_future(staff, world, create_challenge_f):
    challenge = create_challenge_f(world.municipality)
    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    response = staff.post(_url(challenge), data=_form(received_on=tomorrow))
    assert response.status_code == 400 and "fram i tid" in response.get_data(as_text=True)
    assert db.session.scalars(select(Idea)).all() == []


@pytest.mark.parametrize("phase", [Phase.assessing, Phase.concluded], ids=lambda p: p.value)
def test_a_late_input_is_registered_and_marked(client, staff, world, create_challenge_f, phase):
    deadline = local_today() - timedelta(days=20)
    challenge = create_challenge_f(world.municipality, phase=phase, closes_on=deadline)
    form = staff.get(_url(challenge)).get_data(as_text=True)
    assert "etter fristen" in form
    response = staff.post(_url(challenge), data=_form())  # received 10 days ago
    assert response.status_code == 302
    idea = _only_registered()
    assert db.session.get(RegisteredInput, idea.id).late is True
    page = client.get(f"/k/heimby/innspill/{idea.id}").get_data(as_text=True)
    assert "Kom inn etter fristen" in page


def test_an_input_received_by_the_deadline_is_not_late(staff, world, create_challenge_f):
    deadline = local_today() - timedelta(days=5)
    challenge = create_challenge_f(world.municipality, phase=Phase.assessing, closes_on=deadline)
    staff.post(_url(challenge), data=_form())  # received 10 days ago, before the deadline
    idea = _only_registered()
    assert db.session.get(RegisteredInput, idea.id).late is False
    assert "Kom inn etter fristen" not in staff.get(f"/k/heimby/innspill/{idea.id}").text


def test_an_input_on_an_open_challenge_is_never_late(world, create_challenge_f):
    challenge = create_challenge_f(world.municipality, closes_on=date(2020, 1, 1))
    idea = register_offline_input(
        challenge,
        title="Telefon om brøyting",
        body="",
        channel=Channel.registered,
        receipt=Receipt(ReceivedVia.phone, local_today()),
        actor=world.facilitator,
    )
    assert db.session.get(RegisteredInput, idea.id).late is False


def test_only_registered_inputs_come_in_late(world, create_challenge_f):
    challenge = create_challenge_f(world.municipality, phase=Phase.assessing)
    with pytest.raises(WorkshopError, match="Etter fristen"):
        register_offline_input(
            challenge, title="Post-it", body="", channel=Channel.workshop, actor=world.facilitator
        )


def test_a_draft_takes_no_inputs_and_says_why(staff, world, create_challenge_f):
    challenge = create_challenge_f(world.municipality, phase=Phase.draft)
    response = staff.get(_url(challenge))
    assert response.status_code == 403
    assert "ikke publisert ennå" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("role", "status"),
    [("citizen", 403), ("other_facilitator", 403), ("facilitator", 302), ("admin", 302)],
)
def test_erasing_the_sender_contact(client, auth, world, create_challenge_f, role, status):
    challenge = create_challenge_f(world.municipality)
    idea = register_offline_input(
        challenge,
        title="Brev om gatelys",
        body="",
        channel=Channel.registered,
        receipt=Receipt(ReceivedVia.letter, local_today(), contact=CONTACT),
        actor=world.facilitator,
    )
    db.session.commit()
    auth.login(world.roles()[role].email, PASSWORD)
    response = client.post(f"/k/heimby/innspill/{idea.id}/avsender/slett")
    assert response.status_code == status
    erased = status == 302
    assert (db.session.get(SenderContact, idea.id) is None) is erased
    assert db.session.get(Idea, idea.id) is not None  # the public input stays
    if erased:
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.event == "privacy.sender_contact_erased")
        ).all()
        assert len(events) == 1
        assert "Slett avsenderens" not in client.get(f"/k/heimby/innspill/{idea.id}").text
    assert client.post(f"/k/bortby/innspill/{idea.id}/avsender/slett").status_code == 404


def test_the_contact_goes_with_the_input(world, create_challenge_f):
    challenge = create_challenge_f(world.municipality)
    idea = register_offline_input(
        challenge,
        title="Brev om gatelys",
        body="",
        channel=Channel.registered,
        receipt=Receipt(ReceivedVia.email, local_today(), case_number=CASE, contact=CONTACT),
        actor=world.facilitator,
    )
    db.session.flush()
    idea_id = idea.id
    db.session.expunge_all()
    db.session.execute(delete(Idea).where(Idea.id == idea_id))
    assert db.session.get(SenderContact, idea_id) is None
    assert db.session.get(RegisteredInput, idea_id) is None
