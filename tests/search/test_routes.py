"""The search pages, the similar ideas of the idea form (preview step and JSON) and the merge
candidates of the moderation queue, through HTTP."""

from sqlalchemy import func, select

from cocreate.extensions import db
from cocreate.ideas.models import Idea, Visibility
from tests.ideas.conftest import login


def test_site_search_finds_an_inflection_highlighted(client, scene):
    page = client.get("/sok?q=sykkelveier")
    assert page.status_code == 200
    assert "<mark>sykkelvei</mark> til skolen" in page.text
    assert "Sykkelvei over fjellet" in page.text.replace("<mark>", "").replace("</mark>", "")
    assert "Heimby kommune" in page.text and "Bortby kommune" in page.text
    for secret in ("skjult", "venter", "utkastet", "Hemmelig"):
        assert secret not in page.text.replace("<mark>", "").replace("</mark>", "")


def test_municipality_search_stays_in_the_municipality(client, scene):
    text = client.get("/k/heimby/sok?q=sykkelvei").text.replace("<mark>", "").replace("</mark>", "")
    assert "Egen sykkelvei til skolen" in text
    assert "Sykkelvei over fjellet" not in text
    assert client.get("/k/finnes-ikke/sok?q=x").status_code == 404


def test_filters_by_principle_stage_kind_and_municipality(client, scene):
    text = client.get("/sok?q=sykkelvei&kommune=bortby").text
    assert "fjellet" in text and "til skolen" not in text
    text = client.get("/sok?q=sykkelvei&type=workshop").text
    assert "Verksted om" in text and "fjellet" not in text
    text = client.get("/sok?q=sykkelvei&steg=assessed").text
    assert "til skolen" in text and "fjellet" not in text


def test_empty_and_too_long_queries_are_explained(client, scene):
    empty = client.get("/sok?q=+")
    assert empty.status_code == 200
    assert "Skriv minst ett ord å søke etter." in empty.text
    long = client.get("/sok?q=" + "a" * 201)
    assert long.status_code == 400
    assert "Søket kan være på høyst 200 tegn." in long.text
    assert "treff" not in client.get("/sok").text  # the form alone, before any search


def test_a_hostile_query_is_escaped(client, scene):
    page = client.get("/sok?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert page.status_code == 200
    assert "<script>alert(1)" not in page.text


def test_pages_of_results(client, scene, create_idea_f):
    for n in range(22):
        create_idea_f(scene.green, scene.citizen, title=f"Parkbenk {n}", body="Benk.")
    first = client.get("/sok?q=parkbenk")
    assert "22 treff" in first.text and "Side 1 av 2" in first.text
    second = client.get("/sok?q=parkbenk&side=2")
    assert second.text.count('class="card search-hit"') == 2


def test_live_suggestions_are_public_ideas_of_the_challenge(client, scene):
    url = f"/k/heimby/utfordringer/{scene.traffic.id}/lignende-innspill"
    items = client.get(url + "?tittel=Sykkelvei til skolen").json["items"]
    assert [item["title"] for item in items] == ["Egen sykkelvei til skolen"]
    assert client.get(url + "?tittel=syk").json["items"] == []  # too short to look
    assert (
        client.get(f"/k/heimby/utfordringer/{scene.draft.id}/lignende-innspill").status_code == 404
    )
    assert (
        client.get(f"/k/bortby/utfordringer/{scene.traffic.id}/lignende-innspill").status_code
        == 404
    )


def _count() -> int:
    return db.session.scalar(select(func.count(Idea.id))) or 0


def test_a_similar_idea_is_offered_before_sending_and_nothing_is_lost(client, scene):
    login(client, scene.citizen)
    url = f"/k/heimby/utfordringer/{scene.traffic.id}/nytt-innspill"
    before = _count()
    data = {"title": "Sykkelvei til skolen", "body": "Min egen tekst om en trygg vei."}
    preview = client.post(url, data=data)
    assert preview.status_code == 200
    assert "Kanskje du vil støtte denne i stedet?" in preview.text
    assert "Egen sykkelvei til skolen" in preview.text
    assert f"/innspill/{scene.bike.id}/stott" in preview.text
    assert 'value="Sykkelvei til skolen"' in preview.text
    assert "Min egen tekst om en trygg vei." in preview.text
    assert 'name="likevel"' in preview.text
    assert _count() == before
    sent = client.post(url, data=data | {"likevel": "1"})
    assert sent.status_code == 303
    assert _count() == before + 1


def test_supporting_the_offered_idea_instead(client, scene):
    login(client, scene.citizen)
    reply = client.post(f"/k/heimby/innspill/{scene.bike.id}/stott")
    assert reply.status_code == 303
    db.session.refresh(scene.bike)
    assert scene.bike.support_count == 1


def test_an_idea_unlike_the_others_is_sent_at_once(client, scene):
    login(client, scene.citizen)
    url = f"/k/heimby/utfordringer/{scene.traffic.id}/nytt-innspill"
    reply = client.post(url, data={"title": "Gatelys ved badeplassen", "body": "Det er mørkt."})
    assert reply.status_code == 303


def test_editing_has_no_preview_step(client, scene):
    login(client, scene.citizen)
    reply = client.post(
        f"/k/heimby/innspill/{scene.benches.id}/endre",
        data={"title": "Egen sykkelvei til skolen", "body": "Endret."},
    )
    assert reply.status_code in (303, 403)
    assert "Kanskje du vil støtte" not in reply.text


def test_the_queue_offers_likely_duplicates_to_merge(client, scene, create_idea_f):
    duplicate = create_idea_f(scene.traffic, scene.citizen, title="Sykkelvei til skolen nå")
    duplicate.visibility = Visibility.pending
    login(client, scene.staff)
    queue = client.get("/k/heimby/moderering")
    assert queue.status_code == 200
    assert "Mulige duplikater" in queue.text
    link = f"/k/heimby/moderering/innspill/{duplicate.id}?mal={scene.bike.id}#merge-title"
    assert link in queue.text
    subject = client.get(link.split("#")[0])
    assert f'<option selected value="{scene.bike.id}">' in subject.text
