"""The language switch works for everyone: a cookie for a visitor, the account for a signed-in
person (and so their e-mails), sign-up keeps the language in use, and no switch leaves the site."""

import pytest
from sqlalchemy import select

from cocreate.accounts.models import User
from cocreate.extensions import db
from cocreate.ideas.services import follow_idea
from cocreate.ideas.stages import Stage
from cocreate.notifications.models import OutboxMessage
from cocreate.pipeline.services import move_idea

ANSWER = "Vi ser på saken og kommer tilbake med et svar i løpet av våren."


def test_a_visitor_switches_by_link_and_stays_on_the_page(client):
    response = client.get("/sprak/nn?next=/om-veikartet")
    assert response.status_code == 302
    assert response.headers["Location"] == "/om-veikartet"
    assert "lang=nn" in response.headers["Set-Cookie"]
    assert '<html lang="nn">' in client.get("/om-veikartet").get_data(as_text=True)


def test_a_signed_in_person_switches_and_it_is_stored(world, client, auth):
    world.citizen.locale = "nb"
    auth.login(world.citizen.email)
    page = client.get("/om-veikartet").get_data(as_text=True)
    # The switch is a form with a CSRF field for a signed-in person, not a link.
    assert 'action="/sprak/nn"' in page
    response = client.post("/sprak/nn", data={"next": "/om-veikartet?x=1"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/om-veikartet?x=1"
    db.session.expire_all()
    assert db.session.get(User, world.citizen.id).locale == "nn"
    assert '<html lang="nn">' in client.get("/om-veikartet").get_data(as_text=True)
    # Stored on the account: a new browser without the cookie gets nynorsk too.
    client.delete_cookie("lang")
    assert "Om vegkartet" in client.get("/om-veikartet").get_data(as_text=True)


def test_a_bare_link_never_changes_the_account(world, client, auth):
    world.citizen.locale = "nb"
    auth.login(world.citizen.email)
    response = client.get("/sprak/en?next=/om-veikartet")
    assert response.status_code == 200  # a page that asks, with a form
    assert 'action="/sprak/en"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, world.citizen.id).locale == "nb"


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example/",
        "/\\evil.example",
        "/\\/evil.example",
        "javascript:x",
    ],
)
def test_no_switch_leaves_the_site(world, client, auth, target):
    assert client.get("/sprak/nn", query_string={"next": target}).headers["Location"] == "/"
    auth.login(world.citizen.email)
    assert client.post("/sprak/nn", data={"next": target}).headers["Location"] == "/"


def test_an_unknown_language_is_not_found(client):
    assert client.get("/sprak/de?next=/").status_code == 404


def test_sign_up_keeps_the_language_in_use(app_ctx, client):
    client.get("/sprak/nn?next=/")
    client.post(
        "/registrer",
        data={
            "display_name": "Ny Nynorskbrukar",
            "email": "ny-nn@example.no",
            "password": "lange-ord-paa-nynorsk",
            "confirm": "lange-ord-paa-nynorsk",
            "old_enough": "y",
        },
    )
    user = db.session.scalar(select(User).where(User.email == "ny-nn@example.no"))
    assert user is not None and user.locale == "nn"


def test_the_next_email_follows_the_switch(world, client, auth, create_challenge_f, create_idea_f):
    challenge = create_challenge_f(world.municipality)
    idea = create_idea_f(challenge, world.author)
    follow_idea(idea, world.citizen)
    world.citizen.locale = "nb"
    auth.login(world.citizen.email)
    client.post("/sprak/nn", data={"next": "/"})
    move_idea(idea, Stage.assessed, answer=ANSWER, actor=world.facilitator)
    db.session.commit()
    mails = {
        m.to_address: m
        for m in db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "idea_moved"))
    }
    nynorsk, bokmal = mails[world.citizen.email], mails[world.author.email]
    assert "er flytt til steget" in nynorsk.text and "Les meir:" in nynorsk.text
    assert "er flyttet til steget" not in nynorsk.text
    # The author never switched: the same move reaches them in bokmål.
    assert "er flyttet til steget" in bokmal.text and "Les mer:" in bokmal.text
