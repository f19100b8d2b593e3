"""The template pages and forms through the client: who gets in, what the pages show (in nb, nn
and en), bad input answered in Norwegian, and the must-show point: a challenge made from a
template, and the template page showing both challenges' measures side by side."""

import re

import pytest
from sqlalchemy import select

from cocreate.challenge_templates.models import ChallengeTemplate, ChallengeTemplateUse
from cocreate.challenge_templates.services import publish_template, unpublish_template
from cocreate.challenges.models import Challenge, Phase
from cocreate.challenges.services import advance_phase
from cocreate.extensions import db
from tests.challenge_templates.conftest import login


def _template(world, origin) -> ChallengeTemplate:
    template = publish_template(origin.challenge, actor=world.admin)
    db.session.commit()
    return template


def _row(html: str, label: str) -> list[str]:
    """The cells of the comparison table's row headed `label`."""
    match = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', html, re.S)
    assert match, f"no row {label!r}"
    return [cell.strip() for cell in re.findall(r"<td>(.*?)</td>", match.group(1), re.S)]


def test_must_show_a_challenge_made_from_a_template_and_both_measures_side_by_side(
    client, world, origin, create_user_f, create_idea_f
):
    template = _template(world, origin)
    login(client, world.other_admin)
    page = client.get(f"/maler/{template.id}").text
    assert f"/k/bortby/maler/{template.id}/ny-utfordring" in page  # Bortby's staff may use it
    response = client.post(
        f"/k/bortby/maler/{template.id}/ny-utfordring", data={"title": "Grønnere Bortby"}
    )
    assert response.status_code == 303
    derived = db.session.scalar(select(Challenge).where(Challenge.title == "Grønnere Bortby"))
    assert derived.municipality_id == world.other.id and derived.phase is Phase.draft
    assert response.headers["Location"].endswith(f"/k/bortby/utfordringer/{derived.id}/rediger")
    assert db.session.get(ChallengeTemplateUse, derived.id).template_id == template.id
    # Bortby opens it and sixteen residents take part.
    advance_phase(derived, actor=world.other_admin)
    for i in range(16):
        create_idea_f(derived, create_user_f(f"bortby{i}@example.no"), title=f"Tre nummer {i}")
    db.session.commit()

    client.post("/logg-ut")
    html = client.get(f"/maler/{template.id}").text
    assert "Grønnere Bortby" in html and "Bortby kommune" in html
    assert _row(html, "Status") == ["Avsluttet", "Ikke avsluttet ennå (Åpen for innspill)"]
    assert _row(html, "Deltakere") == ["10", "15"]  # 12 and 16, rounded to base 5
    assert _row(html, "Løfte holdt") == ["Ja", "Nei"]
    felt = _row(html, "Opplevd effekt («Jeg følte meg hørt», snitt 1–5)")
    assert felt[0] == "4,5" and felt[1] == "Ingen svar ennå"
    assert _row(html, "Tid til svar (median, dager)")[0] == "0,0"
    assert _row(html, "Tid til svar (median, dager)")[1] == "–"
    # The derived challenge links back to its template, and the list counts the use.
    detail = client.get(f"/k/bortby/utfordringer/{derived.id}").text
    assert f"/maler/{template.id}" in detail
    assert "Brukt i 1 utfordring" in client.get("/maler").text


def test_a_challenge_of_a_municipality_that_does_not_share_is_shown_to_its_staff_only(
    client, world, origin, create_challenge_f
):
    template = _template(world, origin)
    login(client, world.other_admin)
    client.post(f"/k/bortby/maler/{template.id}/ny-utfordring", data={"title": "Grønnere Bortby"})
    derived = db.session.scalar(select(Challenge).where(Challenge.title == "Grønnere Bortby"))
    advance_phase(derived, actor=world.other_admin)
    world.other.shares_with_others = False
    db.session.commit()
    assert "Grønnere Bortby" in client.get(f"/maler/{template.id}").text  # its own staff
    client.post("/logg-ut")
    html = client.get(f"/maler/{template.id}").text
    assert "Grønnere Bortby" not in html and "Bortby kommune" not in html
    assert _row(html, "Status") == ["Avsluttet"]


def test_a_small_challenge_shows_no_count_of_persons(client, world, small):
    template = _template(world, small)
    html = client.get(f"/maler/{template.id}").text
    assert _row(html, "Deltakere") == ["skjult (færre enn 10 deltakere)"]
    assert _row(html, "Representativitet (laveste R)") == ["skjult (færre enn 10 deltakere)"]
    felt = _row(html, "Opplevd effekt («Jeg følte meg hørt», snitt 1–5)")
    assert felt == ["skjult (færre enn 10 deltakere)"]
    assert _row(html, "Løfte holdt") == ["Ja"]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("nb", ("Maler fra kommunene", "Effektene, side om side", "Verkstedplanen")),
        ("nn", ("Malar frå kommunane", "Effektane, side om side", "Verkstadplanen")),
        ("en", ("Templates from the municipalities", "The effects, side by side", "workshop plan")),
    ],
)
def test_pages_render_in_each_language(client, world, origin, language, words):
    template = _template(world, origin)
    headers = {"Accept-Language": language}
    listing = client.get("/maler", headers=headers)
    assert listing.status_code == 200 and words[0] in listing.text
    assert origin.challenge.title in listing.text
    page = client.get(f"/maler/{template.id}", headers=headers)
    assert page.status_code == 200
    assert words[1] in page.text and words[2] in page.text
    assert f'lang="{language}"' in page.text


def test_the_page_shows_the_plan_survey_and_texts(client, world, origin):
    template = _template(world, origin)
    html = client.get(f"/maler/{template.id}").text
    assert "Trevandring i sentrum" in html and "Hybrid (fysisk og digitalt)" in html
    assert "Hvor mangler det skygge?" in html
    assert "Jeg følte meg hørt" in html and "Jeg vil delta igjen" in html
    assert "<strong>flere trær</strong>" in html
    assert "Rådhuset" not in html  # no place or date of the origin's workshop
    assert "Konsultere" in html


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("citizen", 403),
        ("author", 403),
        ("facilitator", 403),
        ("other_facilitator", 403),
        ("admin", 200),
    ],
)
def test_publish_page_per_role(client, world, origin, role, status):
    db.session.commit()
    login(client, world.roles()[role])
    url = f"/k/heimby/utfordringer/{origin.challenge.id}/del-som-mal"
    assert client.get(url).status_code == status
    response = client.post(url, data={"note": ""})
    assert response.status_code == (303 if role == "admin" else status)
    made = db.session.scalars(select(ChallengeTemplate)).all()
    assert len(made) == (1 if role == "admin" else 0)


def test_publish_route_refuses_an_open_challenge_in_norwegian(client, world, create_challenge_f):
    challenge = create_challenge_f(world.municipality)
    db.session.commit()
    login(client, world.admin)
    url = f"/k/heimby/utfordringer/{challenge.id}/del-som-mal"
    assert "Bare avsluttede utfordringer kan deles som mal" in client.get(url).text
    response = client.post(url, data={"note": ""})
    assert response.status_code == 400
    assert "Bare avsluttede utfordringer kan deles som mal" in response.text
    assert db.session.scalars(select(ChallengeTemplate)).all() == []


def test_publish_route_refuses_a_long_note_in_norwegian(client, world, origin):
    db.session.commit()
    login(client, world.admin)
    url = f"/k/heimby/utfordringer/{origin.challenge.id}/del-som-mal"
    response = client.post(url, data={"note": "x" * 5001})
    assert response.status_code == 400
    assert "Merknaden kan ha høyst 5000 tegn" in response.text


def test_the_concluded_challenge_offers_sharing_to_its_admin_only(client, world, origin):
    db.session.commit()
    url = f"/k/heimby/utfordringer/{origin.challenge.id}"
    share = "Del utfordringen som mal"
    assert share not in client.get(url).text
    login(client, world.facilitator)
    assert share not in client.get(url).text
    login(client, world.admin)
    assert share in client.get(url).text


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("citizen", 403),
        ("facilitator", 403),  # Heimby's staff, not Bortby's
        ("admin", 403),
        ("other_facilitator", 200),
    ],
)
def test_use_page_per_role(client, world, origin, role, status):
    template = _template(world, origin)
    person = world.roles().get(role) if role != "other_admin" else world.other_admin
    login(client, person)
    url = f"/k/bortby/maler/{template.id}/ny-utfordring"
    assert client.get(url).status_code == status
    response = client.post(url, data={"title": "Ny"})
    assert response.status_code == (303 if status == 200 else status)


def test_use_route_refuses_a_blank_title_in_norwegian(client, world, origin):
    template = _template(world, origin)
    login(client, world.other_admin)
    response = client.post(f"/k/bortby/maler/{template.id}/ny-utfordring", data={"title": " "})
    assert response.status_code == 400
    assert "Skriv en tittel." in response.text
    response = client.post(
        f"/k/bortby/maler/{template.id}/ny-utfordring", data={"title": "x" * 201}
    )
    assert response.status_code == 400 and "Tittelen kan ha høyst 200 tegn" in response.text
    assert db.session.scalars(select(ChallengeTemplateUse)).all() == []


def test_the_staff_of_the_new_challenge_see_the_workshop_plan(client, world, origin):
    template = _template(world, origin)
    login(client, world.other_admin)
    client.post(f"/k/bortby/maler/{template.id}/ny-utfordring", data={"title": "Trær i Bortby"})
    derived = db.session.scalar(select(Challenge).where(Challenge.title == "Trær i Bortby"))
    html = client.get(f"/k/bortby/utfordringer/{derived.id}").text
    assert "Verkstedplanen fra malen" in html and "Trevandring i sentrum" in html


def test_unpublish_by_the_publishing_admin(client, world, origin):
    template = _template(world, origin)
    url = f"/maler/{template.id}/trekk-tilbake"
    login(client, world.other_admin)
    assert client.post(url).status_code == 403
    login(client, world.facilitator)
    assert client.post(url).status_code == 403
    assert "Trekk malen tilbake" not in client.get(f"/maler/{template.id}").text
    login(client, world.admin)
    assert "Trekk malen tilbake" in client.get(f"/maler/{template.id}").text
    assert client.post(url).status_code == 303
    assert client.get(f"/maler/{template.id}").status_code == 404
    assert origin.challenge.title not in client.get("/maler").text
    login(client, world.other_admin)
    assert client.get(f"/k/bortby/maler/{template.id}/ny-utfordring").status_code == 404


def test_unknown_and_withdrawn_templates_are_404(client, world, origin):
    assert client.get("/maler/999999").status_code == 404
    template = _template(world, origin)
    unpublish_template(template, actor=world.admin)
    db.session.commit()
    assert client.get(f"/maler/{template.id}").status_code == 404


def test_the_list_is_empty_at_first(client, world):
    assert "Ingen kommuner har delt en mal ennå." in client.get("/maler").text


@pytest.mark.real_commits
def test_a_derived_challenge_whose_figures_are_being_computed_says_so(
    app, client, world, origin, private_redis, create_user_f, create_idea_f
):
    """Its municipality is large and has no snapshot yet: the column says «regnes ut», the
    page is served, and nothing is computed in the request (the job is asked for)."""
    from cocreate.challenge_templates.services import start_from_template
    from tests.performance.redis_config import with_private_redis

    template = _template(world, origin)
    derived = start_from_template(template, world.other, actor=world.other_admin)
    advance_phase(derived, actor=world.other_admin)
    for i in range(2):  # more than the limit of 1 below
        create_idea_f(derived, create_user_f(f"bortby{i}@example.no"), title=f"Tre nummer {i}")
    db.session.commit()
    with with_private_redis(
        app, private_redis, METRICS_REFRESH_SECONDS=300, METRICS_COMPUTE_ON_READ_LIMIT=1
    ):
        response = client.get(f"/maler/{template.id}")
    assert response.status_code == 200
    assert _row(response.text, "Deltakere") == ["10", "regnes ut"]
