"""Texts found in review stay fixed: no doubled punctuation after a title, hints that say what a
person may do, inputs without an author named by how they came in, and catalogues without the
wording the review rejected (nn «bruker» as a verb, en «inputs», «Respond», «Target images»)."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from babel.messages.pofile import read_po
from flask import render_template

from cocreate.ideas.models import Channel
from cocreate.workshops.codes import participant_hash
from cocreate.workshops.models import WorkshopFormat, WorkshopStatus
from cocreate.workshops.services import create_workshop, set_status
from cocreate.workshops.wall import post_note
from tests.factories import PASSWORD

CATALOGUES = Path(__file__).resolve().parents[2] / "cocreate" / "translations"


def _strings(locale: str) -> list[str]:
    with (CATALOGUES / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    found = []
    for message in catalogue:
        if message.id:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            found += [s for s in strings if s]
    return found


def test_a_title_ending_in_a_question_mark_gets_no_extra_full_stop(
    world, client, create_challenge_f
):
    challenge = create_challenge_f(
        world.municipality, title="Hva skal til for at du lar bilen stå?"
    )
    start = datetime(2031, 5, 6, 16, 0, tzinfo=UTC)
    workshop = create_workshop(
        challenge,
        actor=None,
        title="Verksted om bilen",
        format=WorkshopFormat.physical,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Rådhuset",
        link="",
        dots_per_person=3,
    )
    set_status(workshop, WorkshopStatus.live, actor=None)
    note = post_note(workshop, participant_hash(workshop.id, "a" * 43), "Bedre busstilbud")
    page = client.get(f"/kvittering/{note.receipt_code}").get_data(as_text=True)
    assert "lar bilen stå?</a></p>" in page
    assert "stå?</a>." not in page and "stå?." not in page


def test_markdown_hints_say_what_a_person_may_do(world, client):
    client.post("/logg-inn", data={"email": world.facilitator.email, "password": PASSWORD})
    page = client.get(f"/k/{world.municipality.slug}/utfordringer/ny").get_data(as_text=True)
    assert "Markdown er tillatt" not in page
    assert "Du kan bruke **fet**, *kursiv*" in page


def test_inputs_without_an_author_are_named_by_how_they_came_in(
    world, app, create_challenge_f, create_idea_f
):
    challenge = create_challenge_f(world.municipality)
    registered = create_idea_f(challenge, None, channel=Channel.registered)
    workshop = create_idea_f(challenge, None, title="Fra verkstedet", channel=Channel.workshop)
    with app.test_request_context():
        html = {
            idea.channel: render_template(
                "moderation/_preview.html",
                item=idea,
                item_kind="idea",
                municipality=world.municipality,
            )
            for idea in (registered, workshop)
        }
    assert "Innspill registrert av kommunen i «" in html[Channel.registered]
    assert "Innspill fra et verksted i «" in html[Channel.workshop]
    for text in html.values():
        assert "ukjent" not in text and "Slettet bruker" not in text


def test_nynorsk_uses_brukar_as_the_verb():
    offenders = [s for s in _strings("nn") if re.search(r"\b(vi|du|som|innbyggjarane) bruker\b", s)]
    assert not offenders
    assert "Kommunar som brukar Samskap" in _strings("nn")


def test_english_never_counts_inputs_and_answers_rather_than_responds():
    strings = _strings("en")
    assert not [s for s in strings if re.search(r"\binputs\b|\ban input\b", s, re.IGNORECASE)]
    assert not [s for s in strings if re.search(r"\bRespond", s)]
    assert not [s for s in strings if re.search(r"\btarget images?\b", s, re.IGNORECASE)]
    assert "Target visions" in strings and "Answer" in strings
