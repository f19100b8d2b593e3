"""Challenge pages through the real forms: create, edit, phases, lists, filters, sections."""

import re

import pytest
from sqlalchemy import select

from cocreate import generation_cache, sections
from cocreate.audit.models import AuditEvent
from cocreate.challenges.models import Challenge, ParticipationLevel, Phase
from cocreate.extensions import db
from cocreate.municipalities.models import District
from cocreate.reference.models import Goal, TargetImage
from tests.isolation import recorded_statements

SUMMARY = "Vi hørte 30 innspill. Vi bygger lys langs skoleveien i høst, fordi flest ba om det."


def _form(**overrides) -> dict:
    data = {
        "title": "Tryggere skolevei",
        "description": "Hvor føler **barna** seg utrygge på vei til skolen?",
        "principles": ["1", "4"],
        "target_images": [],
        "goals": [],
        "level": "involvere",
        "opens_on": "2026-09-01",
        "closes_on": "2026-10-15",
        "vote_budget": "5",
    }
    data.update(overrides)
    return data


@pytest.fixture
def staff_client(client, auth, world):
    auth.login(world.facilitator.email)
    return client


def _only_challenge() -> Challenge:
    return db.session.scalars(select(Challenge)).one()


# --- create, edit, phases -----------------------------------------------------------------


def test_create_with_every_field(staff_client, world, app_ctx):
    target = db.session.scalar(select(TargetImage).where(TargetImage.number == 3))
    goals = list(db.session.scalars(select(Goal).where(Goal.number.in_([9, 11]))))
    district = db.session.scalar(
        select(District).where(
            District.municipality_id == world.municipality.id, District.name == "Nord"
        )
    )
    response = staff_client.post(
        "/k/heimby/utfordringer/ny",
        data=_form(
            target_images=[str(target.id)],
            goals=[str(g.id) for g in goals],
            districts=[str(district.id)],
            premoderation="y",
        ),
    )
    assert response.status_code == 302
    challenge = _only_challenge()
    assert response.headers["Location"].endswith(f"/k/heimby/utfordringer/{challenge.id}")
    assert challenge.phase is Phase.draft
    assert [p.number for p in challenge.principles] == [1, 4]
    assert challenge.target_images == [target]
    assert sorted(g.number for g in challenge.goals) == [9, 11]
    assert challenge.districts == [district]
    assert challenge.level is ParticipationLevel.involvere
    assert challenge.premoderation and challenge.vote_budget == 5
    assert str(challenge.opens_on) == "2026-09-01" and str(challenge.closes_on) == "2026-10-15"
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.event == "challenge.created"))

    html = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<strong>barna</strong>" in html
    assert 'class="principle-tag principle-1"' in html
    assert 'href="/veikartet/prinsipper/innbyggerne-i-sentrum"' in html
    assert target.name_nb in html and goals[0].name_nb in html and "Nord" in html
    assert "Involvere" in html and ParticipationLevel.involvere.promise in html
    assert "Du har 5 stemmer" in html
    assert "leses av kommunen før de publiseres" in html
    assert "Publiser" in html and "Rediger" in html


def test_create_shows_norwegian_errors_and_keeps_input(staff_client, app_ctx):
    response = staff_client.post(
        "/k/heimby/utfordringer/ny",
        data=_form(
            principles=[],
            closes_on="2026-08-01",
            vote_budget="0",
            description="Min **lange** tekst",
        ),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Velg minst ett prinsipp fra veikartet." in html
    assert "Sluttdatoen kan ikke være før startdatoen." in html
    assert "Skriv et helt tall fra 1 til 1000." in html
    assert 'value="Tryggere skolevei"' in html
    assert "Min **lange** tekst</textarea>" in html
    assert 'value="2026-08-01"' in html
    assert re.search(r'<input[^>]*checked[^>]*value="involvere"', html)
    assert db.session.scalars(select(Challenge)).all() == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Skriv en tittel."),
        ({"title": "x" * 201}, "høyst 200 tegn"),
        ({"description": ""}, "Beskriv utfordringen."),
        ({"vote_budget": "fem"}, "Skriv et helt tall."),
        ({"opens_on": "neste uke"}, "Skriv en gyldig dato"),
        ({"principles": ["99"]}, "Ugyldig valg"),
        ({"level": "bestemme-alt"}, "Velg et av medvirkningsnivåene"),
        ({"level": ""}, "Velg et medvirkningsnivå."),
    ],
)
def test_create_refuses_bad_fields(staff_client, app_ctx, overrides, message):
    response = staff_client.post("/k/heimby/utfordringer/ny", data=_form(**overrides))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalars(select(Challenge)).all() == []


def test_district_of_another_municipality_is_refused(staff_client, world, app_ctx):
    foreign = db.session.scalar(select(District).where(District.municipality_id == world.other.id))
    response = staff_client.post(
        "/k/heimby/utfordringer/ny", data=_form(districts=[str(foreign.id)])
    )
    assert response.status_code == 400 and "Ugyldig valg" in response.get_data(as_text=True)
    assert db.session.scalars(select(Challenge)).all() == []


def test_norwegian_typed_date_is_accepted(staff_client, app_ctx):
    staff_client.post("/k/heimby/utfordringer/ny", data=_form(opens_on="01.09.2026"))
    assert str(_only_challenge().opens_on) == "2026-09-01"


def test_script_in_description_never_comes_back_as_markup(staff_client, app_ctx):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    staff_client.post("/k/heimby/utfordringer/ny", data=_form(title=payload, description=payload))
    challenge = _only_challenge()
    for url in (f"/k/heimby/utfordringer/{challenge.id}", "/k/heimby/"):
        html = staff_client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html  # the title is shown, escaped
    edit = staff_client.get(f"/k/heimby/utfordringer/{challenge.id}/rediger")
    assert "<script>alert" not in edit.get_data(as_text=True)


def test_edit_form_is_prefilled_and_saves(staff_client, world, create_challenge_f):
    challenge = create_challenge_f(
        world.municipality, phase=Phase.open, principles=(3,), vote_budget=4
    )
    url = f"/k/heimby/utfordringer/{challenge.id}/rediger"
    html = staff_client.get(url).get_data(as_text=True)
    assert re.search(r'<input[^>]*checked[^>]*name="principles"[^>]*value="3"', html)
    assert re.search(r'<input[^>]*checked[^>]*value="konsultere"', html)
    assert 'value="4"' in html
    response = staff_client.post(url, data=_form(title="Ny tittel", vote_budget=""))
    assert response.status_code == 302
    db.session.expire_all()
    challenge = db.session.get(Challenge, challenge.id)
    assert challenge.title == "Ny tittel" and challenge.vote_budget is None
    assert [p.number for p in challenge.principles] == [1, 4]
    assert challenge.phase is Phase.open  # editing never moves the phase


def test_edit_errors_keep_input_and_change_nothing(staff_client, world, create_challenge_f):
    challenge = create_challenge_f(world.municipality, phase=Phase.open, title="Gammel tittel")
    url = f"/k/heimby/utfordringer/{challenge.id}/rediger"
    response = staff_client.post(url, data=_form(title="Halvferdig", principles=[]))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Velg minst ett prinsipp" in html and 'value="Halvferdig"' in html
    db.session.expire_all()
    assert db.session.get(Challenge, challenge.id).title == "Gammel tittel"


def test_full_life_cycle_through_the_pages(staff_client, world, app_ctx):
    staff_client.post("/k/heimby/utfordringer/ny", data=_form())
    challenge_id = _only_challenge().id
    url = f"/k/heimby/utfordringer/{challenge_id}/fase"

    assert "Publiser" in staff_client.get(f"/k/heimby/utfordringer/{challenge_id}").text
    assert staff_client.post(url).status_code == 302
    assert staff_client.post(url).status_code == 302
    db.session.expire_all()
    assert db.session.get(Challenge, challenge_id).phase is Phase.assessing

    page = staff_client.get(url).get_data(as_text=True)
    assert 'name="summary"' in page
    refused = staff_client.post(url, data={"summary": "Kort."})
    assert refused.status_code == 400
    assert "Skriv et offentlig sammendrag" in refused.get_data(as_text=True)
    assert "Kort.</textarea>" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Challenge, challenge_id).phase is Phase.assessing

    # At involvere, no input acted on breaks the promise: concluding asks for a confirmation.
    unconfirmed = staff_client.post(url, data={"summary": SUMMARY})
    assert unconfirmed.status_code == 400
    assert "Løftet holdes ikke" in unconfirmed.get_data(as_text=True)
    assert (
        staff_client.post(url, data={"summary": SUMMARY, "confirm_promise": "y"}).status_code == 302
    )
    html = staff_client.get(f"/k/heimby/utfordringer/{challenge_id}").get_data(as_text=True)
    assert "Avsluttet" in html and "Vi bygger lys langs skoleveien" in html
    assert "Rediger" not in html and f"/utfordringer/{challenge_id}/fase" not in html
    moves = db.session.scalars(
        select(AuditEvent).where(AuditEvent.event == "challenge.phase_changed")
    ).all()
    assert [m.data["new"] for m in moves] == ["open", "assessing", "concluded"]
    assert {m.actor_id for m in moves} == {world.facilitator.id}


def test_summary_is_not_asked_for_before_concluding(staff_client, world, create_challenge_f):
    challenge = create_challenge_f(world.municipality, phase=Phase.draft)
    html = staff_client.get(f"/k/heimby/utfordringer/{challenge.id}/fase").get_data(as_text=True)
    assert 'name="summary"' not in html and "Åpen for innspill" in html


# --- finding challenges ------------------------------------------------------------------


@pytest.fixture
def listed(world, create_challenge_f):
    make = create_challenge_f
    heimby, bortby = world.municipality, world.other
    return {
        "draft": make(heimby, phase=Phase.draft, title="Hemmelig utkast", principles=(1,)),
        "open": make(heimby, phase=Phase.open, title="Grønnere sentrum", principles=(3,)),
        "open2": make(heimby, phase=Phase.open, title="Digitale tjenester", principles=(6,)),
        "assessing": make(heimby, phase=Phase.assessing, title="Bedre busstilbud", principles=(1,)),
        "concluded": make(heimby, phase=Phase.concluded, title="Ny møteplass", principles=(1, 3)),
        "other": make(bortby, phase=Phase.open, title="Bortby havn", principles=(3,)),
    }


def _titles(html: str, listed: dict) -> set[str]:
    return {key for key, c in listed.items() if c.title in html}


def test_front_page_shows_open_challenges_of_all_municipalities(client, listed):
    html = client.get("/").get_data(as_text=True)
    assert _titles(html, listed) == {"open", "open2", "other"}
    assert "Bortby kommune" in html


def test_front_page_empty_state(client, world):
    assert "Ingen utfordringer er åpne" in client.get("/").get_data(as_text=True)


def test_municipality_page_lists_public_challenges(client, listed):
    html = client.get("/k/heimby/").get_data(as_text=True)
    assert _titles(html, listed) == {"open", "open2", "assessing", "concluded"}
    assert "Ny utfordring" not in html


def test_staff_see_drafts_and_the_new_button(staff_client, listed):
    html = staff_client.get("/k/heimby/").get_data(as_text=True)
    assert _titles(html, listed) == {"draft", "open", "open2", "assessing", "concluded"}
    assert 'href="/k/heimby/utfordringer/ny"' in html
    assert "Ny utfordring" not in staff_client.get("/k/bortby/").get_data(as_text=True)


def _target_image(number: int) -> TargetImage:
    return db.session.scalar(select(TargetImage).where(TargetImage.number == number))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("prinsipp=innbyggerne-i-sentrum", {"assessing", "concluded"}),
        ("prinsipp=klima-og-miljo", {"open", "concluded"}),
        ("fase=open", {"open", "open2"}),
        ("fase=concluded", {"concluded"}),
        ("prinsipp=klima-og-miljo&fase=open", {"open"}),
        ("malbilde=klimavennlige", {"open2"}),
        ("fase=draft", {"open", "open2", "assessing", "concluded"}),  # not for the public
        ("prinsipp=finnes-ikke&fase=tull", {"open", "open2", "assessing", "concluded"}),
    ],
)
def test_municipality_filters(client, listed, query, expected):
    listed["open2"].target_images = [
        db.session.scalar(select(TargetImage).where(TargetImage.slug == "klimavennlige"))
    ]
    db.session.commit()
    response = client.get(f"/k/heimby/?{query}")
    assert response.status_code == 200
    assert _titles(response.get_data(as_text=True), listed) == expected


def test_filter_form_keeps_choices_and_explains_empty_result(client, listed):
    html = client.get("/k/heimby/?prinsipp=tenk-helhetlig").get_data(as_text=True)
    assert re.search(
        r'<option selected value="tenk-helhetlig">|value="tenk-helhetlig" selected', html
    )
    assert "Ingen utfordringer passer filteret." in html
    assert '<form method="get"' in html  # works without JavaScript


def test_staff_can_filter_drafts(staff_client, listed):
    html = staff_client.get("/k/heimby/?fase=draft").get_data(as_text=True)
    assert _titles(html, listed) == {"draft"}


def test_principle_page_lists_linked_public_challenges(client, listed):
    html = client.get("/veikartet/prinsipper/klima-og-miljo").get_data(as_text=True)
    assert _titles(html, listed) == {"open", "concluded", "other"}
    assert 'class="principle principle-3"' in html and "icon-leaf" in html
    html = client.get("/veikartet/prinsipper/innbyggerne-i-sentrum").get_data(as_text=True)
    assert _titles(html, listed) == {"assessing", "concluded"}
    assert client.get("/veikartet/prinsipper/finnes-ikke").status_code == 404


def test_drafts_are_invisible_to_the_public(client, auth, world, listed):
    draft = listed["draft"]
    for url in ("/", "/k/heimby/", "/veikartet/prinsipper/innbyggerne-i-sentrum"):
        assert draft.title not in client.get(url).get_data(as_text=True)
    assert client.get(f"/k/heimby/utfordringer/{draft.id}").status_code == 404
    auth.login(world.citizen.email)
    assert client.get(f"/k/heimby/utfordringer/{draft.id}").status_code == 404


def test_unknown_challenge_and_municipality_are_404(client, listed):
    assert client.get("/k/heimby/utfordringer/999999").status_code == 404
    assert client.get("/k/ingen-slik/").status_code == 404
    other = listed["other"]
    assert client.get(f"/k/heimby/utfordringer/{other.id}").status_code == 404


def test_municipality_page_paginates(client, world, create_challenge_f):
    for n in range(23):
        create_challenge_f(world.municipality, phase=Phase.open, title=f"Sak nummer {n:02d}")
    first = client.get("/k/heimby/").get_data(as_text=True)
    second = client.get("/k/heimby/?side=2").get_data(as_text=True)
    assert first.count("challenge-card") == 20 and second.count("challenge-card") == 3
    assert "Side 1 av 2" in first and 'href="/k/heimby/?side=2"' in first


def test_concluded_challenge_shows_its_summary(client, world, create_challenge_f):
    challenge = create_challenge_f(world.municipality, phase=Phase.concluded)
    html = client.get(f"/k/heimby/utfordringer/{challenge.id}").get_data(as_text=True)
    assert "Oppsummering" in html and "gjør tre tiltak" in html


# --- extension points --------------------------------------------------------------------


def test_challenge_page_renders_sections_of_other_features(
    client, world, create_challenge_f, monkeypatch
):
    challenge = create_challenge_f(world.municipality, phase=Phase.open)
    seen = []

    def loader(challenge):
        seen.append(challenge.id)
        return {"note": "fra en annen funksjon"}

    section = sections.Section("challenges/_card.html", loader, 1)
    monkeypatch.setitem(sections._registry, "challenge_page", [section])
    html = client.get(f"/k/heimby/utfordringer/{challenge.id}").get_data(as_text=True)
    assert seen == [challenge.id] and "challenge-card" in html


def test_municipality_page_renders_sections(client, world, monkeypatch):
    seen = []

    def loader(municipality):
        seen.append(municipality.slug)

    monkeypatch.setitem(
        sections._registry, "municipality_page", [sections.Section("x.html", loader, 1)]
    )
    assert client.get("/k/heimby/").status_code == 200
    assert seen == ["heimby"]


# --- no N+1 ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/k/heimby/", "/veikartet/prinsipper/tenk-helhetlig"])
def test_lists_run_the_same_queries_for_few_and_many(client, world, create_challenge_f, url):
    def make(n):
        for i in range(n):
            create_challenge_f(
                world.municipality if i % 2 else world.other,
                phase=Phase.open,
                principles=(2, 3, 5),
                title=f"Sak {i}",
            )

    make(2)
    client.get(url)  # warm-up: caches, first-request work
    with recorded_statements() as few:
        client.get(url)
    make(10)
    with recorded_statements() as many:
        html = client.get(url).get_data(as_text=True)
    assert html.count("challenge-card") >= 6
    assert len(many) == len(few)


def test_challenge_page_query_count_does_not_grow_with_links(client, world, create_challenge_f):
    small = create_challenge_f(world.municipality, principles=(1,))
    big = create_challenge_f(world.municipality, principles=(1, 2, 3, 4, 5, 6, 7, 8))
    big.goals = list(db.session.scalars(select(Goal)))
    big.target_images = list(db.session.scalars(select(TargetImage)))
    db.session.commit()
    small_url, big_url = (f"/k/heimby/utfordringer/{c.id}" for c in (small, big))
    client.get(small_url)
    generation_cache.clear()  # both read cold: the links are read, not remembered
    with recorded_statements() as few:
        client.get(small_url)
    generation_cache.clear()
    with recorded_statements() as many:
        html = client.get(big_url).get_data(as_text=True)
    assert html.count("principle-tag") == 8
    assert len(many) == len(few)


# --- rate limits -------------------------------------------------------------------------


@pytest.fixture
def limited_client(app, world):
    """A second app on the same database with rate limits on (the suite runs with them off)."""
    from cocreate import create_app
    from cocreate.extensions import limiter
    from tests.conftest import make_config
    from tests.isolation import share_transaction

    config = make_config(app.config["SQLALCHEMY_DATABASE_URI"], RATELIMIT_ENABLED=True)
    config.RATELIMIT_STORAGE_URI = "memory://"
    limited = create_app(config)
    limiter.reset()
    with share_transaction(limited, app):
        yield limited.test_client()
    limiter.reset()
    limiter.enabled = False  # the limiter is one object shared by every app in the process
    with limited.app_context():
        db.engine.dispose()


def test_challenge_writes_are_rate_limited(limited_client, world):
    from tests.factories import PASSWORD

    client = limited_client
    client.post("/logg-inn", data={"email": world.facilitator.email, "password": PASSWORD})
    codes = [
        client.post("/k/heimby/utfordringer/ny", data=_form(principles=[])).status_code
        for _ in range(21)
    ]
    assert codes == [400] * 20 + [429]
    assert client.get("/k/heimby/utfordringer/ny").status_code == 200  # reading is not limited
