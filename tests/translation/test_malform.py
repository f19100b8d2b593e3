"""The målform decides the language of a municipality's pages for visitors who chose none: a
visitor's own choice wins, nøytral follows the browser between bokmål and nynorsk, and a cached
page is never served in another language."""

import pytest

from cocreate.database import commit
from cocreate.extensions import db
from cocreate.municipalities.models import WrittenLanguage
from cocreate.translation.services import set_language


def _lang(client, path: str = "/k/heimby/", **headers) -> str:
    page = client.get(path, headers=headers).get_data(as_text=True)
    return page.split('<html lang="', 1)[1].split('"', 1)[0]


def _malform(world, language: str, neutral: bool = False) -> None:
    set_language(world.municipality, WrittenLanguage(language), neutral, actor=world.admin)
    commit()  # as a route does: the commit moves the municipality's page generation


def test_nynorsk_municipality_speaks_nynorsk_to_visitors(client, world):
    _malform(world, "nn")
    assert _lang(client) == "nn"
    assert _lang(client, **{"Accept-Language": "nb-NO,nb;q=0.9"}) == "nn"
    assert _lang(client, "/k/bortby/") == "nb"  # another municipality: its own målform
    assert _lang(client, "/") == "nb"  # pages outside a municipality: as before


def test_a_visitors_own_choice_wins(client, world):
    _malform(world, "nn")
    client.set_cookie("lang", "nb")
    assert _lang(client) == "nb"


def test_english_browser_keeps_english(client, world):
    _malform(world, "nn")
    assert _lang(client, **{"Accept-Language": "en-GB,en;q=0.9"}) == "en"


@pytest.mark.parametrize(
    ("accept", "expected"),
    [("nn-NO,nn;q=0.9", "nn"), ("nb-NO,nb;q=0.9", "nb"), ("no", "nb"), (None, "nb")],
)
def test_neutral_follows_the_browser(client, world, accept, expected):
    _malform(world, "nn", neutral=True)
    headers = {"Accept-Language": accept} if accept else {}
    assert _lang(client, **headers) == expected


def test_cached_page_is_not_served_in_the_wrong_language(client, world):
    """The page cache's key holds the language: one visitor's nynorsk page is not another's
    bokmål page, in either order, on the same generation."""
    _malform(world, "nb", neutral=True)
    nn = {"Accept-Language": "nn"}
    assert _lang(client, **nn) == "nn"
    assert _lang(client) == "nb"
    assert _lang(client, **nn) == "nn"
    client.set_cookie("lang", "en")
    assert _lang(client, **nn) == "en"


def test_changing_the_malform_changes_the_cached_page(client, world):
    assert _lang(client) == "nb"
    _malform(world, "nn")
    assert _lang(client) == "nn"


def test_answer_email_follows_the_malform_for_people_who_chose_none(
    world, create_challenge_f, create_idea_f
):
    """A person who chose no language gets the answer to their input in the målform; one who
    chose bokmål keeps it."""
    from cocreate.ideas.services import follow_idea
    from cocreate.ideas.stages import Stage
    from cocreate.notifications.models import OutboxMessage
    from cocreate.pipeline.services import move_idea

    _malform(world, "nn")
    idea = create_idea_f(create_challenge_f(world.municipality), world.author)
    world.citizen.locale = "nb"
    follow_idea(idea, world.citizen)
    move_idea(
        idea, Stage.assessed, answer="Vi har vurdert innspillet grundig.", actor=world.facilitator
    )
    db.session.flush()
    texts = {row.to_address: row.text for row in db.session.scalars(db.select(OutboxMessage))}
    assert texts[world.author.email].startswith("Innspelet «")
    assert texts[world.citizen.email].startswith("Innspillet «")


def test_an_action_answers_in_the_malform_of_the_municipality_it_loaded(
    client, world, create_challenge_f, create_idea_f
):
    """A support reads the målform from the municipality its idea brought along (no query of its
    own): the answer is nynorsk right after the change, and bokmål again when changed back."""
    from tests.ideas.conftest import login

    challenge = create_challenge_f(world.municipality, title="Kvar skal benkane stå?")
    ideas = [create_idea_f(challenge, world.author, title=f"Benk {n}").id for n in range(2)]
    world.citizen.locale = None  # a person who chose no language
    _malform(world, "nn")
    login(client, world.citizen)
    client.post(f"/k/heimby/innspill/{ideas[0]}/stott")
    assert "Du støttar no «Benk 0»." in client.get(f"/k/heimby/innspill/{ideas[0]}").text
    _malform(world, "nb")
    client.post(f"/k/heimby/innspill/{ideas[1]}/stott")
    assert "Du støtter nå «Benk 1»." in client.get(f"/k/heimby/innspill/{ideas[1]}").text
