"""The gallery through HTTP: the public pages and filters, the adoption form per role, the origin's
page "Tatt i bruk i 1 kommune", the move to skalert, the front page and the dashboard."""

import re

import pytest
from sqlalchemy import select

from cocreate.extensions import db
from cocreate.gallery.models import Adoption, AdoptionKind
from cocreate.ideas.stages import Stage
from tests.gallery.conftest import login, reach_done

OK, LOGIN, DENY = "ok", "login", "deny"


def _outcome(response) -> str:
    if response.status_code in (302, 303) and "/logg-inn" in response.headers["Location"]:
        return LOGIN
    if response.status_code == 403:
        return DENY
    assert response.status_code < 500, response.status_code
    return OK


def _csrf(page: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    return match.group(1) if match else ""


def test_the_gallery_page_lists_and_filters(client, gallery):
    db.session.commit()
    page = client.get("/gjort-i-kommunene").get_data(as_text=True)
    assert "Flere benker i parken" in page and "Nye lekeplasser" in page
    assert "Ikke gjort ennå" not in page
    assert "Heimby kommune" in page
    assert "Færre enn 5 innbyggere sto bak." in page  # «Lys i lysløypa»: one person
    assert "Om lag 5 innbyggere sto bak." in page
    filtered = client.get("/gjort-i-kommunene?kommune=bortby").get_data(as_text=True)
    assert "Flere benker i parken" not in filtered
    searched = client.get("/gjort-i-kommunene?q=lekeplass").get_data(as_text=True)
    assert "Nye lekeplasser" in searched and "Flere benker i parken" not in searched


def test_the_pages_carry_the_filter_on_but_never_url_fors_own_names(client, gallery, create_idea_f):
    """A second page links back with the query, without ?endpoint= or ?_method= (a crafted one
    made the link fail to build: a 500)."""
    for n in range(19):  # 3 entries already: 22, two pages of 20
        reach_done(
            create_idea_f(gallery.challenge, gallery.world.author, title=f"Tiltak {n}"),
            gallery.world.admin,
        )
    db.session.commit()
    response = client.get("/gjort-i-kommunene?side=2&prinsipp=1&endpoint=x&_method=POST&_anchor=a")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    back = re.search(r'href="([^"]+)" rel="prev"', page).group(1)
    assert "prinsipp=1" in back and "endpoint" not in back and "_method" not in back


def test_sharing_off_hides_the_municipality_on_the_page(client, gallery):
    gallery.world.municipality.shares_with_others = False
    db.session.commit()
    page = client.get("/gjort-i-kommunene").get_data(as_text=True)
    assert "Flere benker i parken" not in page
    assert client.get(f"/gjort-i-kommunene/innspill/{gallery.idea.id}").status_code == 404


def test_the_entry_page_tells_the_story(client, gallery):
    db.session.commit()
    page = client.get(f"/gjort-i-kommunene/innspill/{gallery.idea.id}").get_data(as_text=True)
    assert "Benkene er satt opp i parken" in page  # the public answer
    assert "2026/17" in page  # the decision reference
    assert "Nye lekeplasser" in page  # the linked result
    assert "om lag 5" in page
    result = client.get(f"/gjort-i-kommunene/tiltak/{gallery.result.id}").get_data(as_text=True)
    assert "400" in result and "2026/40" in result
    assert client.get("/gjort-i-kommunene/noe/1").status_code == 404
    assert client.get(f"/gjort-i-kommunene/innspill/{gallery.open_idea.id}").status_code == 404


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", LOGIN),
        ("citizen", DENY),
        ("author", DENY),
        ("facilitator", DENY),  # Heimby's own: not their own solution
        ("admin", DENY),
        ("other_facilitator", OK),
        ("other_admin", OK),
    ],
)
def test_who_may_open_the_adoption_form(client, gallery, role, expected):
    w = gallery.world
    people = {**w.roles(), "other_admin": w.other_admin}
    db.session.commit()
    login(client, people[role])
    response = client.get(f"/gjort-i-kommunene/innspill/{gallery.idea.id}/ta-i-bruk")
    assert _outcome(response) == expected


def test_adopt_as_an_input_then_the_origin_shows_it_and_moves_to_skalert(client, gallery):
    w = gallery.world
    db.session.commit()
    login(client, w.other_admin)
    url = f"/gjort-i-kommunene/innspill/{gallery.idea.id}/ta-i-bruk"
    form = client.get(url).get_data(as_text=True)
    assert "Flere benker i parken" in form
    bad = client.post(
        url,
        data={
            "csrf_token": _csrf(form),
            "municipality": str(w.other.id),
            "kind": "input",
            "challenge": "",
            "stage": "decided",
            "title": "Flere benker i parken",
            "description": "Fra Heimby.",
            "answer": "",
        },
    )
    assert bad.status_code == 400
    assert "Velg utfordringen innspillet skal høre til." in bad.get_data(as_text=True)
    response = client.post(
        url,
        data={
            "csrf_token": _csrf(form),
            "municipality": str(w.other.id),
            "kind": "input",
            "challenge": str(gallery.other_challenge.id),
            "stage": "decided",
            "title": "Flere benker i parken",
            "description": "Fra Heimby.",
            "answer": "Vi tar i bruk løsningen fra Heimby kommune, der den virker godt.",
        },
    )
    assert response.status_code == 302
    adoption = db.session.scalars(select(Adoption)).one()
    assert adoption.kind is AdoptionKind.input and adoption.idea.stage is Stage.decided
    origin = client.get(f"/k/heimby/innspill/{gallery.idea.id}").get_data(as_text=True)
    assert "Tatt i bruk i 1 kommune" in origin
    assert f"/k/bortby/innspill/{adoption.idea_id}" in origin
    client.get("/logg-ut")
    with client.session_transaction() as session:
        session.clear()
    login(client, w.admin)
    move = client.get(f"/k/heimby/innspill/{gallery.idea.id}/flytt").get_data(as_text=True)
    scale_url = f"/k/heimby/innspill/{gallery.idea.id}/skaler/{adoption.id}"
    assert scale_url in move
    page = client.get(scale_url).get_data(as_text=True)
    assert "Bortby kommune" in page
    done = client.post(
        scale_url,
        data={
            "csrf_token": _csrf(page),
            "answer": "Løsningen er tatt i bruk i Bortby kommune.",
            "reference": f"Tatt i bruk i Bortby kommune: http://localhost/k/bortby/innspill/{adoption.idea_id}",
        },
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert gallery.idea.stage is Stage.scaled


def test_other_staff_may_not_scale(client, gallery):
    w = gallery.world
    db.session.commit()
    login(client, w.other_admin)
    assert client.get(f"/k/heimby/innspill/{gallery.idea.id}/skaler/1").status_code == 404


def test_front_page_and_dashboard(client, gallery):
    db.session.commit()
    front = client.get("/").get_data(as_text=True)
    assert "Gjort i kommunene" in front and "Flere benker i parken" in front
    login(client, gallery.world.admin)
    dashboard = client.get("/k/heimby/effekt").get_data(as_text=True)
    assert "Løsninger fra kommunen som andre kommuner har tatt i bruk" in dashboard


def test_adopt_a_result_as_a_draft_challenge_and_the_result_page_shows_it(client, gallery):
    w = gallery.world
    db.session.commit()
    login(client, w.other_facilitator)
    url = f"/gjort-i-kommunene/tiltak/{gallery.result.id}/ta-i-bruk"
    form = client.get(url).get_data(as_text=True)
    response = client.post(
        url,
        data={
            "csrf_token": _csrf(form),
            "municipality": str(w.other.id),
            "kind": "challenge",
            "stage": "assessed",
            "title": "Nye lekeplasser i Bortby",
            "description": "Fra Heimby.",
        },
    )
    assert response.status_code == 302 and "/rediger" in response.headers["Location"]
    adoption = db.session.scalars(select(Adoption)).one()
    assert adoption.origin_result_id == gallery.result.id
    assert adoption.challenge.title == "Nye lekeplasser i Bortby"
    page = client.get(f"/k/heimby/resultater/{gallery.result.id}").get_data(as_text=True)
    assert "Tatt i bruk i 1 kommune" in page
    assert "Bortby kommune (under arbeid)" in page  # a draft is named, not linked
    again = client.post(
        url,
        data={
            "csrf_token": _csrf(form),
            "municipality": str(w.other.id),
            "kind": "challenge",
            "title": "Igjen",
        },
    )
    assert again.status_code == 400
    assert "Kommunen har allerede tatt i bruk denne løsningen." in again.get_data(as_text=True)


def test_the_email_kind_is_in_the_preferences(client, gallery):
    db.session.commit()
    login(client, gallery.world.admin)
    page = client.get("/konto/varsler").get_data(as_text=True)
    assert "Når en annen kommune tar i bruk en løsning fra kommunen din" in page


def test_the_gallery_search_is_the_site_search_for_inputs(client, gallery):
    """Inputs are found as the site search finds them: by their own text, or by a word of one of
    their public answers (the gallery's ILIKE alone would not look there); results by their text."""
    db.session.commit()
    found = client.get("/gjort-i-kommunene?q=lysløypa").get_data(as_text=True)
    assert "Lys i lysløypa" in found and "Flere benker i parken" not in found
    by_answer = client.get("/gjort-i-kommunene?q=vedtatt").get_data(as_text=True)
    assert "Lys i lysløypa" in by_answer and "Flere benker i parken" in by_answer
    assert "Nye lekeplasser" not in by_answer


def test_every_page_links_the_pages_shared_between_municipalities(client):
    """The footer leads to the gallery, the comparison and the templates (issue 25)."""
    page = client.get("/om-veikartet").get_data(as_text=True)
    for path in ("/gjort-i-kommunene", "/sammenlign", "/maler"):
        assert f'href="{path}"' in page
