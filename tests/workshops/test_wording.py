"""The wall and publish pages speak proper Norwegian: real plural forms, no reason chosen for the
facilitator when hiding a note, answers shown as labels and counts with a thousands space."""

import re

import pytest
from flask_babel import force_locale

from cocreate.extensions import db
from cocreate.workshops.codes import participant_hash
from cocreate.workshops.models import WorkshopNote, WorkshopStatus
from cocreate.workshops.services import check_in, set_status
from cocreate.workshops.wall import (
    create_theme,
    merge_notes,
    post_note,
    set_note_theme,
    toggle_dot,
)


@pytest.fixture
def facilitator(world, new_client):
    return new_client(world.facilitator.email)


@pytest.fixture
def live(heimby_challenge, create_workshop_f):
    return create_workshop_f(heimby_challenge)


def _note(workshop, text: str, who: str) -> WorkshopNote:
    return post_note(workshop, participant_hash(workshop.id, who * 43), text)


def _wall(client, workshop) -> str:
    return client.get(f"/k/heimby/verksteder/{workshop.id}/vegg").get_data(as_text=True)


def test_merged_duplicates_use_real_plural_forms(world, facilitator, live):
    one, two = _note(live, "Benker", "a"), _note(live, "Lys", "b")
    merge_notes(_note(live, "Flere benker", "c"), one, actor=world.facilitator)
    merge_notes(_note(live, "Lys i parken", "d"), two, actor=world.facilitator)
    merge_notes(_note(live, "Mer lys", "e"), two, actor=world.facilitator)
    db.session.commit()
    page = _wall(facilitator, live)
    assert "duplikat(er)" not in page
    assert "1 duplikat slått inn her" in page
    assert "2 duplikater slått inn her" in page


def test_hiding_a_note_preselects_no_reason(world, facilitator, live):
    note = _note(live, "Kjøp billige klokker her", "a")
    db.session.commit()
    page = _wall(facilitator, live)
    select_html = page[page.index(f'id="lapp-grunn-{note.id}"') :]
    select_html = select_html[: select_html.index("</select>")]
    assert "required" in page[page.index(f'id="lapp-grunn-{note.id}"') - 60 :][:200]
    assert " selected" not in select_html
    first = re.search(r'<option value="([^"]*)">([^<]*)</option>', select_html)
    assert first is not None and first.groups() == ("", "Velg en grunn")
    # Without a choice the note stays, and the facilitator is told why.
    response = facilitator.post(
        f"/k/heimby/verksteder/{live.id}/lapper/{note.id}/skjul",
        data={"reason": ""},
        follow_redirects=True,
    )
    assert "Velg en grunn." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(WorkshopNote, note.id).hidden is False


def test_publish_page_counts_notes_and_dots_with_plurals(world, facilitator, live):
    theme = create_theme(live, "Parken", actor=world.facilitator)
    set_note_theme(_note(live, "Benker i parken", "a"), theme)
    set_status(live, WorkshopStatus.closed, actor=world.facilitator)
    db.session.commit()
    page = facilitator.get(f"/k/heimby/verksteder/{live.id}/publiser").get_data(as_text=True)
    assert "1 lapp, 0 prikker" in page
    assert "1 lapper" not in page


def test_checkin_answers_are_labels_not_codes(world, facilitator, live):
    for i in range(5):
        check_in(
            live, participant_hash(live.id, f"p{i}" * 20), {"age_band": "30-44", "gender": "kvinne"}
        )
    db.session.commit()
    page = facilitator.get(f"/k/heimby/verksteder/{live.id}").get_data(as_text=True)
    table = page[page.index("Innsjekking etter gruppe") :]
    assert "30–44 år" in table and "Kvinne" in table
    assert "<td>30-44</td>" not in table and "<td>kvinne</td>" not in table


def test_checkin_form_offers_the_same_age_labels(app, live):
    from cocreate.workshops.forms import CheckinForm

    with app.test_request_context(), force_locale("nb"):
        labels = [str(label) for value, label in CheckinForm().age_band.choices if value]
    assert labels[0] == "13–17 år" and all(label.endswith(" år") for label in labels)
    assert not any(re.fullmatch(r"\d+-\d+", label) for label in labels)


def test_dots_are_counted_in_their_plural_form(world, facilitator, live):
    note = _note(live, "Benker", "a")
    toggle_dot(note, participant_hash(live.id, "b" * 43))
    db.session.commit()
    page = _wall(facilitator, live)
    card = page[page.index(f'id="lapp-{note.id}"') :]
    card = card[: card.index("</li>")]
    assert ">1 prikk</span>" in card and "1 prikker" not in card
    # The wall's script keeps the word right as dots come and go.
    assert 'data-one="1 prikk"' in card and 'data-many="{n} prikker"' in card
