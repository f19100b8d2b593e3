"""The idea list on the challenge page (and on its own page): sort, filter, search, pages."""

import re

import pytest
from sqlalchemy import select

from cocreate.extensions import db
from cocreate.ideas.listing import (
    PER_PAGE,
    VISITOR_ORDERS,
    visitor_order_variant,
    visitor_seed,
)
from cocreate.ideas.models import Channel
from cocreate.ideas.queries import random_key_py
from cocreate.ideas.services import post_comment, support_idea
from cocreate.ideas.stages import Stage
from cocreate.municipalities.models import District
from tests.ideas.conftest import login


@pytest.fixture
def challenge(world, create_challenge_f):
    return create_challenge_f(world.municipality)


def _page(challenge) -> str:
    return f"/k/heimby/utfordringer/{challenge.id}"


def _titles(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/k/heimby/innspill/\d+">([^<]*)</a></h3>', html)


def test_cards_show_counts_and_stage(world, challenge, create_idea_f, client):
    idea = create_idea_f(challenge, world.author, title="Grønne tak")
    support_idea(idea, world.citizen)
    support_idea(idea, world.author)
    post_comment(idea, body="Ja!", author=world.citizen)
    idea.stage = Stage.piloting
    db.session.commit()
    html = client.get(_page(challenge)).text
    card = html[html.index('id="innspill-') :]
    assert "2 støtter" in card and "1 kommentar" in card
    assert "Utprøves" in card and "steg 4 av 6" in card  # in words, not colour alone
    assert card.count("●") == 4 and card.count("○") == 2


def test_declined_idea_says_so_on_its_card(world, challenge, create_idea_f, client):
    idea = create_idea_f(challenge, world.author)
    idea.stage = Stage.declined
    db.session.commit()
    html = client.get(_page(challenge)).text
    assert "Ikke videreført" in html and "steg" not in html.split('id="innspill-')[1]


def test_sort_filter_and_search_from_the_page(world, challenge, create_idea_f, client):
    sentrum = db.session.scalar(select(District).where(District.name == "Sentrum"))
    old = create_idea_f(challenge, world.author, title="Sykkelvei langs elva")
    popular = create_idea_f(challenge, world.author, title="Lys i parken", district=sentrum)
    talked = create_idea_f(challenge, None, title="Badebrygge", channel=Channel.workshop)
    support_idea(popular, world.citizen)
    post_comment(talked, body="Ja", author=world.citizen)
    post_comment(talked, body="Nei", author=world.author)
    old.stage = Stage.assessed
    db.session.commit()
    get = lambda query: _titles(client.get(_page(challenge) + query).text)  # noqa: E731
    assert get("?sort=nyeste") == ["Badebrygge", "Lys i parken", "Sykkelvei langs elva"]
    assert get("?sort=mest-stottet")[0] == "Lys i parken"
    assert get("?sort=mest-diskutert")[0] == "Badebrygge"
    assert get(f"?bydel={sentrum.id}") == ["Lys i parken"]
    assert get("?kanal=workshop") == ["Badebrygge"]
    assert get("?steg=assessed") == ["Sykkelvei langs elva"]
    assert get("?q=sykkelvei") == ["Sykkelvei langs elva"]
    assert get("?q=sykkelvei&kanal=workshop") == []
    html = client.get(_page(challenge) + "?q=ingenting+her").text
    assert "Ingen innspill passer søket eller filteret." in html
    assert 'value="ingenting her"' in html  # the search box keeps what was typed
    assert get("?steg=tull&bydel=abc&kanal=x&sort=y&side=-3")  # nonsense is ignored


def test_pages(world, challenge, create_idea_f, client):
    for n in range(PER_PAGE + 5):
        create_idea_f(challenge, world.author, title=f"Innspill nr {n:02d}")
    first = client.get(_page(challenge) + "?sort=nyeste").text
    second = client.get(_page(challenge) + "?sort=nyeste&side=2").text
    assert len(_titles(first)) == PER_PAGE and len(_titles(second)) == 5
    assert not set(_titles(first)) & set(_titles(second))
    assert "Side 1 av 2" in first and "side=2" in first and "sort=nyeste" in first
    assert _titles(client.get(_page(challenge) + "?sort=nyeste&side=9").text) == []


def test_random_order_is_stable_per_visitor(
    world, challenge, create_idea_f, create_user_f, client, app
):
    ideas = [
        create_idea_f(challenge, world.author, title=f"Ide {n:02d}") for n in range(PER_PAGE + 4)
    ]
    client.environ_base.update(REMOTE_ADDR="127.0.0.1", HTTP_USER_AGENT="Testleser/1.0")
    first = _titles(client.get(_page(challenge)).text)
    again = _titles(client.get(_page(challenge)).text)
    assert first == again and len(first) == PER_PAGE
    rest = _titles(client.get(_page(challenge) + "?side=2").text)
    assert len(rest) == 4 and not set(rest) & set(first)  # pages do not overlap or skip
    # Not signed in: one of the day's shuffles, picked without a cookie.
    with client.session_transaction() as session:
        assert "idea_order_seed" not in session
    visitor = {"REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": "Testleser/1.0"}
    with app.test_request_context(_page(challenge), environ_base=visitor):
        seed = visitor_seed()
    expected = sorted(ideas, key=lambda i: (random_key_py(i.id, seed), i.id))
    assert first + rest == [i.title for i in expected]
    # Signed in: one of the day's shuffles too, chosen from the account (the same all day,
    # whichever browser), so a page can be shared by the readers of one shuffle.
    orders = set()
    for n in range(12):
        reader = app.test_client()
        login(reader, create_user_f(f"leser{n}@example.no"))
        seen = _titles(reader.get(_page(challenge)).text)
        assert _titles(reader.get(_page(challenge)).text) == seen
        with reader.session_transaction() as session:
            assert "idea_order_seed" not in session
        orders.add(tuple(seen))
    assert len(orders) >= 3  # other readers see other orders


def test_visitors_who_are_not_signed_in_get_several_orders(app):
    variants = set()
    for n in range(40):
        with app.test_request_context("/", environ_base={"REMOTE_ADDR": f"10.0.0.{n}"}):
            variants.add(visitor_order_variant())
    assert len(variants) == VISITOR_ORDERS
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "10.0.0.1"}):
        first = visitor_seed()
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "10.0.0.1"}):
        assert visitor_seed() == first  # the same visitor, the same order all day


def test_list_page_of_its_own(world, challenge, create_idea_f, client):
    create_idea_f(challenge, world.author, title="Egen side")
    html = client.get(f"{_page(challenge)}/innspill").text
    assert _titles(html) == ["Egen side"]


def test_invitation_to_submit(world, challenge, client):
    assert "Logg inn for å komme med innspill" in client.get(_page(challenge)).text
    login(client, world.citizen)
    assert "Kom med et innspill" in client.get(_page(challenge)).text
