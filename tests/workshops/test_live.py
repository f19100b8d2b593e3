"""A live session end to end: two participants without accounts and a facilitator."""

import re

import pytest
from sqlalchemy import func, select

from cocreate.accounts.models import Role
from cocreate.challenges.models import Phase
from cocreate.extensions import db
from cocreate.ideas.models import Channel, Idea
from cocreate.ideas.stages import Stage
from cocreate.pipeline.models import StageChange
from cocreate.workshops.access import PARTICIPANT_COOKIE
from cocreate.workshops.models import (
    Workshop,
    WorkshopCheckin,
    WorkshopCheckinCount,
    WorkshopDot,
    WorkshopNote,
    WorkshopStatus,
)

RECEIPT = re.compile(r"Kvitteringskoden din er ([A-Z0-9]{5}-[A-Z0-9]{5})")


def _post(browser, code: str, text: str) -> str:
    response = browser.post(f"/w/{code}/lapper", data={"text": text})
    assert response.status_code == 302
    page = browser.get(response.headers["Location"]).get_data(as_text=True)
    return RECEIPT.search(page).group(1)


def _note(text: str) -> WorkshopNote:
    return db.session.scalar(select(WorkshopNote).where(WorkshopNote.text == text))


def _dot(browser, code: str, note: WorkshopNote):
    return browser.post(f"/w/{code}/lapper/{note.id}/prikk")


def test_two_participants_and_a_facilitator(world, new_client, heimby_challenge):
    facilitator = new_client(world.facilitator.email)
    form = {
        "title": "Folkemøte om parken",
        "format": "physical",
        "place": "Parkstua",
        "starts_at": "2031-06-01T17:00",
        "ends_at": "2031-06-01T19:00",
        "dots_per_person": "3",
    }
    created = facilitator.post(
        f"/k/heimby/utfordringer/{heimby_challenge.id}/verksteder/ny", data=form
    )
    manage_url = created.headers["Location"]
    code = re.search(r"Koden er ([A-Z0-9]{6})", facilitator.get(manage_url).get_data(as_text=True))
    code = code.group(1)

    ada, ben = new_client(), new_client()
    planned = ada.get(f"/w/{code.lower()}", follow_redirects=True).get_data(as_text=True)
    assert "har ikke startet" in planned
    assert ada.post(f"/w/{code}/lapper", data={"text": "For tidlig"}).status_code == 400
    facilitator.post(f"{manage_url}/status", data={"status": "live"})
    ada.post(f"/w/{code}/innsjekk", data={"age_band": "30-44", "district": "Nord"})
    ben.post(f"/w/{code}/innsjekk", data={"age_band": "30-44", "gender": "mann"})
    facilitator.post(f"{manage_url}/oppmote", data={"headcount": "14"})

    # Each participant is a random token in an HttpOnly cookie; only its hash is stored.
    ben.get(f"/w/{code}")
    cookie = ben.get_cookie(PARTICIPANT_COOKIE, path="/w/")
    assert cookie is not None and cookie.http_only and len(cookie.value) >= 40

    receipt_benches = _post(ada, code, "Flere benker i parken")
    receipt_dup = _post(ben, code, "Benker i parken!")
    _post(ben, code, "Sykkelvei langs elva")
    stored = db.session.scalars(select(WorkshopNote.participant_hash)).all()
    assert cookie.value not in stored and len(set(stored)) == 2
    benches, dup, bikes = _note("Flere benker i parken"), _note("Benker i parken!"), None
    bikes = _note("Sykkelvei langs elva")

    # Ada dots the duplicate and the bike path; Ben dots both bench notes.
    for browser, note in ((ada, dup), (ada, bikes), (ben, benches), (ben, dup)):
        assert _dot(browser, code, note).status_code == 302
    assert "Du har 1 av 3 prikker igjen" in ada.get(f"/w/{code}").get_data(as_text=True)

    # The facilitator merges the duplicate into the first bench note, then groups and publishes.
    wall = f"{manage_url}/vegg"
    assert (
        facilitator.post(
            f"{wall.rsplit('/vegg', 1)[0]}/slaa-sammen",
            data={"duplicate": dup.id, "target": benches.id},
        ).status_code
        == 302
    )
    data = facilitator.get(f"{wall}.json").get_json()
    by_id = {n["id"]: n for n in data["notes"]}
    assert by_id[benches.id]["dots"] == 2  # Ada's moved dot + Ben once, not twice
    assert by_id[dup.id]["merged_into_id"] == benches.id
    assert data["totals"] == {"notes": 2, "dots": 3, "participants": 2}
    # Ben's second dot came back to him.
    assert "Du har 2 av 3 prikker igjen" in ben.get(f"/w/{code}").get_data(as_text=True)

    base = manage_url
    facilitator.post(f"{base}/temaer", data={"title": "Sykkel og gange"})
    theme_id = facilitator.get(f"{wall}.json").get_json()["themes"][0]["id"]
    facilitator.post(f"{base}/lapper/{bikes.id}/tema", data={"theme": str(theme_id)})
    facilitator.post(f"{base}/postit", data={"text": "Gangvei til skolen", "dots": "4"})
    postit = _note("Gangvei til skolen")
    facilitator.post(f"{base}/lapper/{postit.id}/tema", data={"theme": str(theme_id)})
    facilitator.post(f"{base}/status", data={"status": "closed"})
    assert _dot(ada, code, benches).status_code == 302  # refused: session closed
    assert db.session.scalar(select(func.count(WorkshopDot.id))) == 3

    published = facilitator.post(
        f"{base}/publiser", data={"note": [str(benches.id)], "theme": [str(theme_id)]}
    )
    assert published.status_code == 302
    ideas = db.session.scalars(select(Idea).order_by(Idea.id)).all()
    assert [(i.title, i.channel, i.workshop_vote_count, i.support_count) for i in ideas] == [
        ("Sykkel og gange", Channel.workshop, 1 + 4, 0),
        ("Flere benker i parken", Channel.workshop, 2, 0),
    ]
    assert all(i.author_id is None and i.stage is Stage.heard for i in ideas)
    counts = db.session.execute(
        select(
            WorkshopCheckinCount.dimension, WorkshopCheckinCount.value, WorkshopCheckinCount.count
        )
    ).all()
    assert sorted(counts) == [
        ("age_band", "30-44", 2),
        ("district", "Nord", 1),
        ("gender", "mann", 1),
    ]
    workshop = db.session.scalar(select(Workshop))
    db.session.refresh(workshop)
    assert (workshop.checkin_count, workshop.headcount) == (2, 14)
    after = facilitator.get(f"{wall}.json").get_json()
    assert after["totals"] == {"notes": 3, "dots": 3 + 4, "participants": 2}
    assert all(n["published"] for n in after["notes"] if n["merged_into_id"] is None)
    publish_page = facilitator.get(f"{base}/publiser").get_data(as_text=True)
    assert "ingenting mer å publisere" in publish_page

    # Receipt holders follow what became of their notes, also after a merge.
    bench_idea = ideas[1]
    for receipt in (receipt_benches, receipt_dup):
        page = ada.get(f"/kvittering/{receipt}").get_data(as_text=True)
        assert "Flere benker i parken" in page and "Hørt" in page
        assert f"/k/heimby/innspill/{bench_idea.id}" in page
    assert "slått sammen" in ada.get(f"/kvittering/{receipt_dup}").get_data(as_text=True)

    # The idea moves on; the receipt shows the new stage and the municipality's latest answer.
    answer = "Vi setter ut seks nye benker langs stien i parken i løpet av august."
    db.session.add(
        StageChange(
            idea_id=bench_idea.id,
            from_stage=Stage.heard,
            to_stage=Stage.decided,
            answer=answer,
            actor_id=world.facilitator.id,
            actor_role=Role.facilitator,
        )
    )
    bench_idea.stage = Stage.decided
    db.session.commit()
    page = (
        new_client()
        .get(f"/kvittering/{receipt_dup.replace('-', '').lower()}")
        .get_data(as_text=True)
    )
    assert "Besluttet" in page and answer in page


def test_wrong_codes_get_one_and_the_same_answer(client, heimby_challenge, create_workshop_f):
    workshop = create_workshop_f(heimby_challenge)
    wrong = [
        c for c in ("ABCDEF", "ZZZZZZ", "X", "ÆØÅ<script>", "0O1IL0") if c != workshop.join_code
    ]
    answers = [client.get(f"/w/{c}") for c in wrong]
    assert {a.status_code for a in answers} == {404}
    # The page body is identical (only the header's log-in and language links echo the path).
    bodies = {re.search(r"<main.*</main>", a.get_data(as_text=True), re.S).group() for a in answers}
    assert len(bodies) == 1 and "<script>" not in "".join(a.get_data(as_text=True) for a in answers)
    assert client.post(f"/w/{wrong[0]}/lapper", data={"text": "hei"}).status_code == 404
    assert client.get(f"/kvittering/{'A' * 10}").status_code == 404
    assert client.get(f"/kvittering/{workshop.join_code}").status_code == 404


def test_join_form_leads_to_the_session(client, heimby_challenge, create_workshop_f):
    workshop = create_workshop_f(heimby_challenge)
    response = client.get("/w", query_string={"kode": f" {workshop.join_code.lower()} "})
    assert response.headers["Location"] == f"/w/{workshop.join_code}"
    assert "Verkstedkode" in client.get("/w").get_data(as_text=True)


def test_note_errors_keep_the_text(client, heimby_challenge, create_workshop_f):
    workshop = create_workshop_f(heimby_challenge)
    response = client.post(f"/w/{workshop.join_code}/lapper", data={"text": "y" * 281})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "høyst 280 tegn" in html and "y" * 281 in html
    assert db.session.scalar(select(func.count(WorkshopNote.id))) == 0


def test_dot_budget_through_the_page(new_client, heimby_challenge, create_workshop_f):
    workshop = create_workshop_f(heimby_challenge, dots_per_person=1)
    writer, voter = new_client(), new_client()
    for text in ("En", "To"):
        _post(writer, workshop.join_code, text)
    assert _dot(voter, workshop.join_code, _note("En")).status_code == 302
    _dot(voter, workshop.join_code, _note("To"))
    page = voter.get(f"/w/{workshop.join_code}").get_data(as_text=True)
    assert "Du har brukt prikken din" in page
    assert db.session.scalar(select(func.count(WorkshopDot.id))) == 1


@pytest.mark.parametrize("status", [WorkshopStatus.planned, WorkshopStatus.live])
def test_anonymous_checkin(new_client, heimby_challenge, create_workshop_f, status):
    workshop = create_workshop_f(heimby_challenge, status=status)
    url = f"/w/{workshop.join_code}/innsjekk"
    first, second = new_client(), new_client()
    form = first.get(url).get_data(as_text=True)
    assert "Sentrum" in form and "Nord" in form and "45-66" in form
    first.post(url, data={"age_band": "45-66", "gender": "kvinne", "district": "Nord"})
    first.post(url, data={"age_band": "18-29"})  # a second try is turned away
    second.post(url, data={"age_band": "", "gender": "", "district": ""})
    bad = new_client().post(url, data={"district": "Bortby"})
    assert bad.status_code == 400
    counts = db.session.execute(
        select(
            WorkshopCheckinCount.dimension, WorkshopCheckinCount.value, WorkshopCheckinCount.count
        )
    ).all()
    assert sorted(counts) == [
        ("age_band", "45-66", 1),
        ("district", "Nord", 1),
        ("gender", "kvinne", 1),
    ]
    db.session.refresh(workshop)
    assert workshop.checkin_count == 2
    assert db.session.scalar(select(func.count(WorkshopCheckin.id))) == 2
    assert "Sjekk inn anonymt" not in first.get(f"/w/{workshop.join_code}").get_data(as_text=True)


def test_hidden_note_receipt_names_the_reason(
    world, new_client, heimby_challenge, create_workshop_f
):
    workshop = create_workshop_f(heimby_challenge)
    writer = new_client()
    receipt = _post(writer, workshop.join_code, "Noe utenfor tema")
    facilitator = new_client(world.facilitator.email)
    note = _note("Noe utenfor tema")
    facilitator.post(
        f"/k/heimby/verksteder/{workshop.id}/lapper/{note.id}/skjul",
        data={"reason": "utenfor_tema"},
    )
    page = writer.get(f"/kvittering/{receipt}").get_data(as_text=True)
    assert "skjult" in page and "Utenfor tema" in page
    on_wall = writer.get(f"/w/{workshop.join_code}").get_data(as_text=True)
    assert receipt in on_wall  # the participant still sees their receipt


def test_receipt_lookup_form(client):
    assert (
        client.get("/kvittering?kode=abcde-fgh23").headers["Location"] == "/kvittering/ABCDEFGH23"
    )
    assert "Kvitteringskode" in client.get("/kvittering").get_data(as_text=True)


def test_session_page_closes_when_the_challenge_stops_taking_inputs(
    client, heimby_challenge, create_workshop_f
):
    workshop = create_workshop_f(heimby_challenge)
    assert "Skriv en lapp" in client.get(f"/w/{workshop.join_code}").get_data(as_text=True)
    heimby_challenge.phase = Phase.assessing
    db.session.commit()
    html = client.get(f"/w/{workshop.join_code}").get_data(as_text=True)
    assert "Skriv en lapp" not in html and "tar ikke imot nye innspill" in html
