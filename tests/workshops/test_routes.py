"""Facilitator pages: create and edit, QR code, status, attendance, wall, JSON with ETag."""

import io
import re

import pytest
import segno
from sqlalchemy import select

from cocreate.audit.models import AuditEvent
from cocreate.extensions import db
from cocreate.workshops.codes import participant_hash
from cocreate.workshops.models import Workshop, WorkshopNote, WorkshopStatus
from cocreate.workshops.publishing import publish_results
from cocreate.workshops.wall import post_note, toggle_dot

FORM = {
    "title": "Kveldsverksted på biblioteket",
    "format": "hybrid",
    "place": "Heimby bibliotek",
    "link": "https://meet.example.no/heimby",
    "starts_at": "2031-05-06T18:00",
    "ends_at": "2031-05-06T20:00",
    "description": "Vi samler ideer om sentrum.",
    "dots_per_person": "4",
}


@pytest.fixture
def facilitator(world, new_client):
    return new_client(world.facilitator.email)


@pytest.fixture
def live(heimby_challenge, create_workshop_f):
    return create_workshop_f(heimby_challenge)


def _url(workshop: Workshop, suffix: str = "") -> str:
    return f"/k/heimby/verksteder/{workshop.id}{suffix}"


def test_facilitator_creates_a_workshop(facilitator, heimby_challenge):
    response = facilitator.post(
        f"/k/heimby/utfordringer/{heimby_challenge.id}/verksteder/ny", data=FORM
    )
    assert response.status_code == 302
    workshop = db.session.scalar(select(Workshop))
    assert response.headers["Location"] == _url(workshop)
    assert workshop.title == FORM["title"] and workshop.dots_per_person == 4
    assert workshop.place == "Heimby bibliotek" and workshop.status is WorkshopStatus.planned
    # 18:00 in Oslo in May is 16:00 UTC.
    assert (workshop.starts_at.hour, workshop.ends_at.hour) == (16, 18)
    page = facilitator.get(_url(workshop)).get_data(as_text=True)
    assert workshop.join_code in page and f"/w/{workshop.join_code}" in page
    edit = facilitator.get(_url(workshop, "/rediger")).get_data(as_text=True)
    assert 'value="2031-05-06T18:00"' in edit


def test_create_errors_keep_what_was_typed(facilitator, heimby_challenge):
    url = f"/k/heimby/utfordringer/{heimby_challenge.id}/verksteder/ny"
    response = facilitator.post(url, data={**FORM, "place": "", "ends_at": "2031-05-06T17:00"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Slutttidspunktet må være etter starttidspunktet." in html
    assert 'value="Kveldsverksted på biblioteket"' in html
    response = facilitator.post(url, data={**FORM, "link": "javascript://alert(1)"})
    assert response.status_code == 400 and "https://" in response.get_data(as_text=True)
    response = facilitator.post(url, data={**FORM, "place": ""})
    assert response.status_code == 400 and "Skriv hvor verkstedet holdes." in response.get_data(
        as_text=True
    )
    assert db.session.scalar(select(Workshop)) is None


def test_edit_keeps_the_code(facilitator, live):
    code = live.join_code
    response = facilitator.post(_url(live, "/rediger"), data={**FORM, "title": "Nytt navn"})
    assert response.status_code == 302
    db.session.refresh(live)
    assert live.title == "Nytt navn" and live.join_code == code


@pytest.mark.parametrize("kind", ["svg", "png"])
def test_qr_code_points_to_the_join_page(facilitator, live, kind):
    response = facilitator.get(_url(live, f"/qr.{kind}"))
    assert response.status_code == 200
    if kind == "svg":
        assert response.mimetype == "image/svg+xml" and b"<svg" in response.data
    else:
        assert response.mimetype == "image/png" and response.data[:4] == b"\x89PNG"
    download = facilitator.get(_url(live, f"/qr.{kind}?last-ned=1"))
    assert "attachment" in download.headers["Content-Disposition"]


def test_qr_code_encodes_the_join_url(app, facilitator, live):
    expected = io.BytesIO()
    segno.make(f"{app.config['BASE_URL']}/w/{live.join_code}", error="m").save(
        expected, kind="svg", scale=8, border=2, title=f"Samskap {live.join_code}"
    )
    assert facilitator.get(_url(live, "/qr.svg")).data == expected.getvalue()


def test_status_buttons(facilitator, heimby_challenge, create_workshop_f):
    workshop = create_workshop_f(heimby_challenge, status=WorkshopStatus.planned)
    facilitator.post(_url(workshop, "/status"), data={"status": "live"})
    db.session.refresh(workshop)
    assert workshop.status is WorkshopStatus.live
    facilitator.post(_url(workshop, "/status"), data={"status": "planned"})
    db.session.refresh(workshop)
    assert workshop.status is WorkshopStatus.live  # not a legal move
    facilitator.post(_url(workshop, "/status"), data={"status": "closed"})
    db.session.refresh(workshop)
    assert workshop.status is WorkshopStatus.closed


def test_headcount_form(facilitator, live):
    assert facilitator.post(_url(live, "/oppmote"), data={"headcount": "37"}).status_code == 302
    db.session.refresh(live)
    assert live.headcount == 37
    response = facilitator.post(_url(live, "/oppmote"), data={"headcount": "-3"})
    assert response.status_code == 400 and "mellom 0 og 100 000" in response.get_data(as_text=True)
    db.session.refresh(live)
    assert live.headcount == 37


def test_wall_without_javascript_shows_notes_and_reload(facilitator, live):
    note = post_note(live, participant_hash(live.id, "a" * 43), "Flere benker <i>nå</i>")
    db.session.commit()
    html = facilitator.get(_url(live, "/vegg")).get_data(as_text=True)
    assert "Flere benker &lt;i&gt;nå&lt;/i&gt;" in html  # user text is escaped
    assert f'id="lapp-{note.id}"' in html
    assert f'href="{_url(live, "/vegg")}"' in html  # plain reload
    assert 'src="/static/js/workshops.' in html  # the script is a file, never inline
    assert "<script>" not in html and "style=" not in html
    projector = facilitator.get(_url(live, "/vegg?projektor=1")).get_data(as_text=True)
    assert 'class="projector wall"' in projector and live.join_code in projector
    assert "Flere benker &lt;i&gt;nå&lt;/i&gt;" in projector


def test_wall_json_etag_and_304(facilitator, live):
    url = _url(live, "/vegg.json")
    first = facilitator.get(url)
    assert first.status_code == 200 and first.headers["ETag"]
    assert first.json["totals"] == {"notes": 0, "dots": 0, "participants": 0}
    etag = first.headers["ETag"]
    again = facilitator.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    note = post_note(live, participant_hash(live.id, "a" * 43), "Ny lapp")
    db.session.commit()
    changed = facilitator.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert [n["text"] for n in changed.json["notes"]] == ["Ny lapp"]
    etag = changed.headers["ETag"]
    toggle_dot(note, participant_hash(live.id, "b" * 43))  # a dot changes the wall too
    db.session.commit()
    voted = facilitator.get(url, headers={"If-None-Match": etag})
    assert voted.status_code == 200 and voted.json["notes"][0]["dots"] == 1
    assert voted.json["totals"] == {"notes": 1, "dots": 1, "participants": 2}
    assert facilitator.get(url, headers={"If-None-Match": voted.headers["ETag"]}).status_code == 304


def test_hide_restore_and_themes_through_the_wall(facilitator, live):
    note = post_note(live, participant_hash(live.id, "a" * 43), "Reklame")
    db.session.commit()
    facilitator.post(_url(live, f"/lapper/{note.id}/skjul"), data={"reason": "spam"})
    db.session.refresh(note)
    assert note.hidden and note.hidden_reason == "spam"
    html = facilitator.get(_url(live, "/vegg")).get_data(as_text=True)
    assert "Skjult: Reklame eller spam" in html
    facilitator.post(_url(live, f"/lapper/{note.id}/vis"))
    db.session.refresh(note)
    assert not note.hidden
    response = facilitator.post(_url(live, "/temaer"), data={"title": ""})
    assert response.status_code == 400 and "Gi temaet et navn." in response.get_data(as_text=True)
    facilitator.post(_url(live, "/temaer"), data={"title": "Trafikk"})
    theme_id = facilitator.get(_url(live, "/vegg.json")).json["themes"][0]["id"]
    facilitator.post(_url(live, f"/lapper/{note.id}/tema"), data={"theme": str(theme_id)})
    db.session.refresh(note)
    assert note.theme_id == theme_id
    facilitator.post(_url(live, f"/temaer/{theme_id}/slett"))
    db.session.refresh(note)
    assert note.theme_id is None
    events = db.session.scalars(select(AuditEvent.event)).all()
    assert {"workshop.note_hidden", "workshop.note_restored", "workshop.theme_created"} <= set(
        events
    )


def test_postit_typed_in_gets_a_receipt(facilitator, live):
    response = facilitator.post(_url(live, "/postit"), data={"text": "Lekeplass", "dots": "3"})
    assert response.status_code == 302
    note = db.session.scalar(select(WorkshopNote))
    assert note.is_offline and note.offline_dots == 3
    flashes = facilitator.get(_url(live, "/vegg")).get_data(as_text=True)
    assert note.receipt_code in flashes
    too_long = facilitator.post(_url(live, "/postit"), data={"text": "x" * 281})
    assert too_long.status_code == 400 and "x" * 281 in too_long.get_data(as_text=True)


def test_merge_form_errors(facilitator, live):
    a = post_note(live, participant_hash(live.id, "a" * 43), "A")
    db.session.commit()
    response = facilitator.post(
        _url(live, "/slaa-sammen"), data={"duplicate": a.id, "target": a.id}
    )
    assert response.status_code == 400 and "to forskjellige" in response.get_data(as_text=True)


def test_challenge_page_lists_workshops(client, facilitator, live, heimby_challenge):
    url = f"/k/heimby/utfordringer/{heimby_challenge.id}"
    public = client.get(url).get_data(as_text=True)
    assert live.title in public and live.join_code not in public
    staff = facilitator.get(url).get_data(as_text=True)
    assert live.join_code in staff and "/verksteder/ny" in staff and "registrer-innspill" in staff


def test_offline_input_page(facilitator, live, heimby_challenge):
    url = f"/k/heimby/utfordringer/{heimby_challenge.id}/registrer-innspill"
    form = facilitator.get(f"{url}?verksted={live.id}").get_data(as_text=True)
    assert re.search(rf'<option selected value="{live.id}">|value="{live.id}" selected', form)
    response = facilitator.post(
        url,
        data={"title": "", "body": "Ringte inn", "channel": "registered", "workshop": ""},
    )
    assert response.status_code == 400 and "Ringte inn" in response.get_data(as_text=True)
    response = facilitator.post(
        url,
        data={"title": "Telefon om snøbrøyting", "body": "Ringte inn", "channel": "registered"},
    )
    assert response.status_code == 302 and "registrert=" in response.headers["Location"]
    page = facilitator.get(response.headers["Location"]).get_data(as_text=True)
    assert "Telefon om snøbrøyting" in page and "/k/heimby/innspill/" in page


def test_idea_page_names_the_workshop(client, live, world):
    note = post_note(live, participant_hash(live.id, "a" * 43), "Flere benker")
    toggle_dot(note, participant_hash(live.id, "b" * 43))
    (idea,) = publish_results(live, notes=[note], actor=world.facilitator)
    db.session.commit()
    html = client.get(f"/k/heimby/innspill/{idea.id}").get_data(as_text=True)
    assert f"Dette innspillet kom fra verkstedet «{live.title}»" in html
