"""The challenge's page offers staff the downloads and the way to register a returned form."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from cocreate.extensions import db
from cocreate.ideas.models import Channel, Idea, ReceivedVia, RegisteredInput, SenderContact

ROLES = ["anonymous", "citizen", "other_facilitator", "facilitator", "admin"]


@pytest.mark.parametrize("role", ROLES)
def test_links_only_for_staff(world, new_client, paper_challenge, role):
    user = world.roles()[role]
    page = new_client(user.email if user else None).get(
        f"/k/heimby/utfordringer/{paper_challenge.id}"
    )
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    base = f"/k/heimby/utfordringer/{paper_challenge.id}"
    links = [
        f"{base}/plakat.pdf?lang=nb",
        f"{base}/plakat.pdf?lang=nn",
        f"{base}/innspillsskjema.pdf?lang=nb",
        f"{base}/innspillsskjema.pdf?lang=nn",
    ]
    staff = role in ("facilitator", "admin")
    for link in links:
        assert (link in html) is staff, link
    assert ("Registrer et innspill fra papirskjema" in html) is staff


def test_a_returned_form_is_registered_as_a_letter(world, new_client, paper_challenge):
    """The registration the page links to offers «Brev» first, and takes the filled-in form in
    as a registered input received by letter, the sender's contact kept apart."""
    browser = new_client(world.facilitator.email)
    url = f"/k/heimby/utfordringer/{paper_challenge.id}/registrer-innspill"
    html = browser.get(url).get_data(as_text=True)
    letter = re.search(r'<input[^>]*value="letter"[^>]*>', html)
    assert letter and "checked" in letter.group(0)
    response = browser.post(
        url,
        data={
            "title": "Benker ved fontenen",
            "body": "Skrevet for hånd på papirskjemaet.",
            "channel": Channel.registered.value,
            "received_via": ReceivedVia.letter.value,
            "received_on": (date.today() - timedelta(days=1)).isoformat(),
            "sender_contact": "Kari Nordmann, Storgata 2",
            "workshop": "",
            "dots": "0",
        },
    )
    assert response.status_code == 302
    idea = db.session.scalar(select(Idea).where(Idea.title == "Benker ved fontenen"))
    assert idea.channel is Channel.registered
    registered = db.session.scalar(
        select(RegisteredInput).where(RegisteredInput.idea_id == idea.id)
    )
    assert registered.received_via is ReceivedVia.letter
    contact = db.session.scalar(select(SenderContact).where(SenderContact.idea_id == idea.id))
    assert contact.contact == "Kari Nordmann, Storgata 2"
