"""Saksliste: who sees which cases, the filters and their counts, the deadline order, the
permission matrix, and a fixed number of queries whatever the number of inputs."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from cocreate.accounts.models import Role
from cocreate.cases.services import (
    add_department_member,
    assign_inputs,
    create_department,
    remove_department_member,
)
from cocreate.database import clock_at
from cocreate.extensions import db
from cocreate.ideas.stages import Stage
from cocreate.pipeline.services import move_idea
from tests.factories import PASSWORD
from tests.isolation import recorded_statements

ANSWER = "Vi har vurdert innspillet og tar det med i planarbeidet."


def _department(municipality, name, *members):
    department = create_department(municipality, name=name, email=None, actor=None)
    for user in members:
        add_department_member(department, user, actor=None)
    return department


def _assign(actor, idea, department, assignee=None):
    assign_inputs([idea], department, assignee, actor=actor)


@pytest.fixture
def cases(world, create_user_f, create_challenge_f, create_idea_f):
    """Two departments with case officers, and six inputs in two challenges: one assigned to
    a case officer who has since left its department, one with no department."""
    m = world.municipality
    officer = create_user_f("saksbehandler@example.no", role=Role.case_officer, municipality=m)
    colleague = create_user_f("kollega@example.no", role=Role.case_officer, municipality=m)
    outsider = create_user_f("annen.enhet@example.no", role=Role.case_officer, municipality=m)
    roads = _department(m, "Samferdsel", officer, colleague)
    schools = _department(m, "Oppvekst", outsider)
    parks = create_challenge_f(m, title="Grønnere sentrum", principles=(1,))
    school = create_challenge_f(m, title="Tryggere skolevei", principles=(2,))

    def idea(challenge, title, days, **fields):
        with clock_at(datetime.now(UTC) - timedelta(days=days)):
            return create_idea_f(challenge, world.author, title=title, **fields)

    overdue = idea(parks, "Forfalt benk", 40)
    soon = idea(parks, "Snart lys", 28)
    fresh = idea(school, "Ny fotgjengerfelt", 5)
    own = idea(school, "Egen sak", 10)
    answered = idea(parks, "Besvart sak", 45)
    idea(school, "Uten enhet", 12)
    boss = world.admin
    _assign(boss, overdue, roads)
    _assign(boss, soon, roads, colleague)
    _assign(boss, fresh, schools)
    add_department_member(schools, officer, actor=boss)
    _assign(boss, own, schools, officer)
    remove_department_member(schools, officer, actor=boss)  # the case stays theirs
    _assign(boss, answered, roads)
    move_idea(answered, Stage.assessed, answer=ANSWER, actor=world.facilitator)
    db.session.flush()
    return SimpleNamespace(
        officer=officer,
        colleague=colleague,
        outsider=outsider,
        roads=roads,
        schools=schools,
        parks=parks,
        school=school,
        overdue=overdue,
        soon=soon,
        fresh=fresh,
        own=own,
        answered=answered,
    )


def _page(client, auth, user, query=""):
    auth.login(user.email, PASSWORD)
    response = client.get(f"/k/heimby/saker{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _shown(page, cases):
    titles = [
        "Forfalt benk",
        "Snart lys",
        "Ny fotgjengerfelt",
        "Egen sak",
        "Besvart sak",
        "Uten enhet",
    ]
    return [t for t in titles if f">{t}</a>" in page]


def test_staff_see_every_case_sorted_by_deadline(client, auth, world, cases):
    page = _page(client, auth, world.facilitator)
    assert set(_shown(page, cases)) == {
        "Forfalt benk",
        "Snart lys",
        "Ny fotgjengerfelt",
        "Egen sak",
        "Besvart sak",
        "Uten enhet",
    }
    order = [page.index(f">{t}</a>") for t in ("Forfalt benk", "Snart lys", "Egen sak")]
    assert order == sorted(order)  # soonest deadline first
    # Unanswered cases come before answered ones.
    assert page.index(">Ny fotgjengerfelt</a>") < page.index(">Besvart sak</a>")


def test_a_case_officer_sees_own_and_department_cases_only(client, auth, world, cases):
    page = _page(client, auth, cases.officer)
    assert set(_shown(page, cases)) == {"Forfalt benk", "Snart lys", "Egen sak", "Besvart sak"}
    auth.logout()
    page = _page(client, auth, cases.outsider)  # their department's, whoever is assigned
    assert _shown(page, cases) == ["Ny fotgjengerfelt", "Egen sak"]


def test_deadline_filter_and_counts(client, auth, world, cases):
    page = _page(client, auth, world.facilitator)
    assert "Forfalt (1)" in page and "Forfaller snart (1)" in page
    overdue = client.get("/k/heimby/saker?deadline=overdue").get_data(as_text=True)
    assert _shown(overdue, cases) == ["Forfalt benk"]
    assert 'class="badge deadline-badge deadline-overdue"' in overdue
    soon = client.get("/k/heimby/saker?deadline=due_soon").get_data(as_text=True)
    assert _shown(soon, cases) == ["Snart lys"]


ALL = {"Forfalt benk", "Snart lys", "Ny fotgjengerfelt", "Egen sak", "Besvart sak", "Uten enhet"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?challenge={school}", {"Ny fotgjengerfelt", "Egen sak", "Uten enhet"}),
        ("?principle=2", {"Ny fotgjengerfelt", "Egen sak", "Uten enhet"}),
        ("?stage=assessed", {"Besvart sak"}),
        ("?stage=heard&challenge={parks}", {"Forfalt benk", "Snart lys"}),
        ("?channel=web&department={roads}", {"Forfalt benk", "Snart lys", "Besvart sak"}),
        ("?department=ingen", {"Uten enhet"}),
        ("?department={schools}", {"Ny fotgjengerfelt", "Egen sak"}),
        ("?person={officer}", {"Egen sak"}),
        ("?person={colleague}", {"Snart lys"}),
        ("?person=ingen&department={roads}", {"Forfalt benk", "Besvart sak"}),
        ("?age=0-7", {"Ny fotgjengerfelt"}),
        ("?age=31-90", {"Forfalt benk", "Besvart sak"}),
        ("?age=8-30", {"Snart lys", "Egen sak", "Uten enhet"}),
        ("?deadline=nonsense&challenge=abc&stage=x", ALL),
    ],
)
def test_filters(client, auth, world, cases, query, expected):
    query = query.format(
        school=cases.school.id,
        parks=cases.parks.id,
        roads=cases.roads.id,
        schools=cases.schools.id,
        colleague=cases.colleague.id,
        officer=cases.officer.id,
    )
    assert set(_shown(_page(client, auth, world.facilitator, query), cases)) == expected


def test_filter_options_show_their_counts(client, auth, world, cases):
    page = _page(client, auth, world.facilitator)
    assert "Samferdsel (3)" in page and "Oppvekst (2)" in page and "Ingen enhet (1)" in page
    assert "Grønnere sentrum (3)" in page and "Tryggere skolevei (3)" in page
    assert "Ikke tildelt (4)" in page
    # Counts follow the other filters: within the roads department, one case is overdue.
    page = client.get(f"/k/heimby/saker?department={cases.roads.id}").get_data(as_text=True)
    assert "Forfalt (1)" in page and "Grønnere sentrum (3)" in page
    assert "Tryggere skolevei" not in page.split("filter-challenge")[1].split("</select>")[0]


def test_district_filter(client, auth, world, cases, create_idea_f):
    from cocreate.municipalities.models import District

    north = db.session.scalar(
        db.select(District).where(
            District.municipality_id == world.municipality.id, District.name == "Nord"
        )
    )
    create_idea_f(cases.parks, world.author, title="Nordlys", district=north)
    db.session.commit()
    page = _page(client, auth, world.facilitator, f"?district={north.id}")
    assert ">Nordlys</a>" in page and _shown(page, cases) == []
    assert "Nord (1)" in page


MATRIX = {
    "anonymous": 302,
    "citizen": 403,
    "author": 403,
    "other_facilitator": 403,
    "facilitator": 200,
    "admin": 200,
}


@pytest.mark.parametrize("role", [*MATRIX, "case_officer", "other_admin", "other_case_officer"])
def test_permission_matrix(client, auth, world, cases, create_user_f, role):
    users = world.roles() | {
        "case_officer": cases.officer,
        "other_admin": world.other_admin,
        "other_case_officer": create_user_f(
            "saksbehandler@bortby.no", role=Role.case_officer, municipality=world.other
        ),
    }
    db.session.commit()
    user = users[role]
    if user is not None:
        auth.login(user.email, PASSWORD)
    response = client.get("/k/heimby/saker")
    expected = MATRIX.get(role, 200 if role == "case_officer" else 403)
    assert response.status_code == expected
    if expected == 302:
        assert "/logg-inn" in response.location
    assert client.get("/k/finnes-ikke/saker").status_code in (404, 302)


def test_staff_navigation_links_the_queue(client, auth, world, cases):
    auth.login(cases.officer.email, PASSWORD)
    page = client.get("/").get_data(as_text=True)
    assert 'href="/k/heimby/saker"' in page and "Saksliste" in page
    auth.logout()
    auth.login(world.citizen.email, PASSWORD)
    assert 'href="/k/heimby/saker"' not in client.get("/").get_data(as_text=True)


def test_the_header_reads_the_persons_roles_once(client, auth, world, cases):
    """The staff menu and the Saksliste link come from one read of the person's roles: the one
    that checks the log-in (accounts/sessions.py)."""
    auth.login(world.facilitator.email, PASSWORD)
    with recorded_statements() as statements:
        page = client.get("/").get_data(as_text=True)
    assert 'href="/k/heimby/saker"' in page and 'href="/k/heimby/"' in page
    role_reads = [s for s in statements if "memberships" in s]
    assert len(role_reads) == 1, role_reads
    assert "FROM users" in role_reads[0]


def _queries(client, url):
    with recorded_statements() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_the_queue_runs_a_fixed_number_of_queries(client, auth, world, cases, create_idea_f):
    auth.login(world.facilitator.email, PASSWORD)

    def add(n, start):
        for i in range(n):
            with clock_at(datetime.now(UTC) - timedelta(days=i % 45)):
                idea = create_idea_f(cases.parks, world.author, title=f"Innspill {start + i}")
            department = cases.roads if i % 2 else cases.schools
            assignee = cases.colleague if i % 2 and i % 3 else None
            _assign(world.admin, idea, department, assignee)
        db.session.commit()

    add(5, 0)
    url = "/k/heimby/saker"
    client.get(url)  # what is kept per page generation (the målform) is read once
    few = _queries(client, url)
    filtered_few = _queries(client, f"{url}?deadline=overdue&department={cases.roads.id}")
    add(45, 5)
    assert _queries(client, url) == few
    assert _queries(client, f"{url}?deadline=overdue&department={cases.roads.id}") == filtered_few
    # 56 cases: two pages, and the page links keep the filters.
    page = client.get(f"{url}?department={cases.roads.id}&stage=heard").get_data(as_text=True)
    assert page.count("<tr") - 1 == 26  # 2 + 2 + 22 heard roads cases, one header row
    page = client.get(f"{url}?stage=heard").get_data(as_text=True)
    assert 'href="/k/heimby/saker?page=2&amp;stage=heard"' in page
    page = client.get(url).get_data(as_text=True)
    assert "Side 1 av 2" in page and page.count("<tr") - 1 == 50
    second = client.get(f"{url}?page=2").get_data(as_text=True)
    assert second.count("<tr") - 1 == 6


def test_checkboxes_send_the_chosen_inputs_to_the_bulk_answer(
    client, auth, world, cases, monkeypatch
):
    page = _page(client, auth, world.facilitator)
    action = '<form method="post" action="/k/heimby/saker/samlet-svar">'
    form = page.split(action)[1].split("</form>")[0]
    assert f'name="idea" value="{cases.overdue.id}"' in form
    monkeypatch.setattr("cocreate.cases.queue_routes.BULK_ENDPOINT", "cases.assign_many")
    page = client.get("/k/heimby/saker").get_data(as_text=True)
    form = page.split('<form method="post" action="/k/heimby/tildel">')[1].split("</form>")[0]
    assert f'name="idea" value="{cases.overdue.id}"' in form
    assert f'<label for="velg-{cases.overdue.id}"' in form and 'name="csrf_token"' in form
