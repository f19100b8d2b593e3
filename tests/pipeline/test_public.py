""" "Mine innspill" and "Fra ord til handling"."""

import pytest

from cocreate.extensions import db
from cocreate.ideas.services import follow_idea, support_idea
from cocreate.ideas.stages import Stage
from cocreate.moderation.services import hide_content
from tests.factories import PASSWORD


def test_my_ideas_lists_submitted_supported_and_followed(
    client, auth, world, challenge, create_idea_f, move
):
    create_idea_f(challenge, world.citizen, title="Mitt eget innspill")
    supported = create_idea_f(challenge, world.author, title="Et innspill jeg støtter")
    followed = create_idea_f(challenge, world.author, title="Et innspill jeg følger")
    create_idea_f(challenge, world.author, title="Noe jeg ikke bryr meg om")
    support_idea(supported, world.citizen)
    follow_idea(followed, world.citizen)
    db.session.commit()
    move(followed, Stage.decided, answer="Vi har besluttet å gjøre dette i år.")
    move(followed, Stage.piloting, answer="Prøveprosjektet startet i mai i sentrum.")
    auth.login(world.citizen.email, PASSWORD)
    page = client.get("/mine-innspill").get_data(as_text=True)
    for title in ("Mitt eget innspill", "Et innspill jeg støtter", "Et innspill jeg følger"):
        assert title in page
    assert "Noe jeg ikke bryr meg om" not in page
    assert "Sendt inn av deg" in page and "Du støtter" in page and "Du følger" in page
    # The followed one shows its current stage and only the latest answer.
    card = page[page.index("Et innspill jeg følger") :]
    card = card[: card.index("</li>\n", card.index("Siste svar"))]
    assert "Utprøves" in card
    assert "Prøveprosjektet startet i mai i sentrum." in card
    assert "Vi har besluttet å gjøre dette i år." not in card


def test_my_ideas_needs_login(client):
    response = client.get("/mine-innspill")
    assert response.status_code == 302 and "/logg-inn" in response.location


def test_my_ideas_shows_own_hidden_input_but_not_others(
    client, auth, world, challenge, create_idea_f
):
    own = create_idea_f(challenge, world.citizen, title="Mitt skjulte innspill")
    other = create_idea_f(challenge, world.author, title="Andres skjulte innspill")
    follow_idea(other, world.citizen)
    for idea in (own, other):
        hide_content(idea, reason="spam", note="Reklame.", actor=world.facilitator)
    db.session.commit()
    auth.login(world.citizen.email, PASSWORD)
    page = client.get("/mine-innspill").get_data(as_text=True)
    assert "Mitt skjulte innspill" in page and "Skjult av moderator" in page
    assert "Andres skjulte innspill" not in page


def test_header_links_to_my_ideas_when_logged_in(client, auth, world):
    assert "/mine-innspill" not in client.get("/").get_data(as_text=True)
    auth.login(world.citizen.email, PASSWORD)
    assert "/mine-innspill" in client.get("/").get_data(as_text=True)


@pytest.fixture
def acted(world, challenge, create_idea_f, create_challenge_f, move):
    """Inputs at every stage in Heimby (principle 1), one in another principle, one elsewhere."""
    ideas = {}
    for stage in Stage:
        idea = create_idea_f(challenge, world.author, title=f"Innspill {stage.value}")
        if stage is not Stage.heard:
            move(idea, stage, answer=f"Svar for steget {stage.label} med nok tekst.")
        ideas[stage] = idea
    other_principle = create_challenge_f(world.municipality, principles=(3,), title="Annen")
    ideas["p3"] = create_idea_f(other_principle, world.author, title="Innspill prinsipp 3")
    move(ideas["p3"], Stage.done, answer="Gjennomført i hele kommunen i fjor.")
    elsewhere = create_challenge_f(world.other, title="Bortby")
    ideas["other"] = create_idea_f(elsewhere, world.author, title="Innspill i Bortby")
    move(ideas["other"], Stage.done, actor=world.other_admin, answer="Gjort i Bortby, ikke her.")
    hidden = create_idea_f(challenge, world.author, title="Innspill skjult")
    move(hidden, Stage.decided)
    hide_content(hidden, reason="spam", note="Reklame.", actor=world.facilitator)
    db.session.commit()
    return ideas


def test_from_words_to_action_lists_acted_on_inputs_with_answers(client, acted):
    page = client.get("/k/heimby/fra-ord-til-handling").get_data(as_text=True)
    for stage in ("decided", "piloting", "done", "scaled"):
        assert f"Innspill {stage}" in page
    assert "Svar for steget Besluttet med nok tekst." in page
    for absent in ("heard", "assessed", "declined"):
        assert f"Innspill {absent}<" not in page
    assert "Innspill prinsipp 3" in page
    assert "Innspill i Bortby" not in page
    assert "Innspill skjult" not in page


def test_from_words_to_action_filters_by_principle(client, acted):
    from cocreate.reference.models import Principle

    p1 = db.session.get(Principle, 1) or db.session.query(Principle).filter_by(number=1).one()
    p3 = db.session.query(Principle).filter_by(number=3).one()
    page = client.get(f"/k/heimby/fra-ord-til-handling?prinsipp={p3.slug}").get_data(as_text=True)
    assert "Innspill prinsipp 3" in page
    assert "Innspill decided" not in page
    page = client.get(f"/k/heimby/fra-ord-til-handling?prinsipp={p1.slug}").get_data(as_text=True)
    assert "Innspill decided" in page and "Innspill prinsipp 3" not in page
    assert client.get("/k/heimby/fra-ord-til-handling?prinsipp=finnes-ikke").status_code == 404


def test_from_words_to_action_empty_state(client, world):
    page = client.get("/k/heimby/fra-ord-til-handling").get_data(as_text=True)
    assert "Ingen innspill har nådd så langt ennå" in page
    assert client.get("/k/finnes-ikke/fra-ord-til-handling").status_code == 404
