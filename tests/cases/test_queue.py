"""Saksliste: who sees which cases, the filters and their counts, the deadline order, the
permission matrix, and a fixed number of queries whatever the number of inputs."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from cocreate.accounts.models import Role
from cocreate.cases.models import Department, DepartmentMember
from cocreate.database import clock_at
from cocreate.extensions import db
from cocreate.ideas.stages import Stage
from cocreate.pipeline.services import move_idea
from tests.factories import PASSWORD
from tests.isolation import recorded_statements

ANSWER = "Vi har vurdert innspillet og tar det med i planarbeidet."


def _department(municipality, name, *members):
    department = Department(municipality_id=municipality.id, name=name)
    db.session.add(department)
    db.session.flush()
    for user in members:
        db.session.add(DepartmentMember(department_id=department.id, user_id=user.id))
    db.session.flush()
    return department


def _assign(idea, department=None, assignee=None):
    idea.department_id = department.id if department else None
    idea.assignee_id = assignee.id if assignee else None
    idea.assigned_at = datetime.now(UTC)
    db.session.flush()


@pytest.fixture
def cases(world, create_user_f, create_challenge_f, create_idea_f):
    """Two departments with a case officer each, and five inputs in two challenges."""
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
    _assign(overdue, roads)
    _assign(soon, roads, colleague)
    _assign(fresh, schools)
    _assign(own, None, officer)
    _assign(answered, roads)
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
    titles = ["Forfalt benk", "Snart lys", "Ny fotgjengerfelt", "Egen sak", "Besvart sak"]
    return [t for t in titles if f">{t}</a>" in page]


def test_staff_see_every_case_sorted_by_deadline(client, auth, world, cases):
    page = _page(client, auth, world.facilitator)
    assert set(_shown(page, cases)) == {
        "Forfalt benk",
        "Snart lys",
        "Ny fotgjengerfelt",
        "Egen sak",
        "Besvart sak",
    }
    order = [page.index(f">{t}</a>") for t in ("Forfalt benk", "Snart lys", "Egen sak")]
    assert order == sorted(order)  # soonest deadline first
    # Unanswered cases come before answered ones.
    assert page.index(">Ny fotgjengerfelt</a>") < page.index(">Besvart sak</a>")


def test_a_case_officer_sees_own_and_department_cases_only(client, auth, world, cases):
    page = _page(client, auth, cases.officer)
    assert set(_shown(page, cases)) == {"Forfalt benk", "Snart lys", "Egen sak", "Besvart sak"}
    auth.logout()
    page = _page(client, auth, cases.outsider)
    assert _shown(page, cases) == ["Ny fotgjengerfelt"]


def test_deadline_filter_and_counts(client, auth, world, cases):
    page = _page(client, auth, world.facilitator)
    assert "Forfalt (1)" in page and "Forfaller snart (1)" in page
    overdue = client.get("/k/heimby/saker?deadline=overdue").get_data(as_text=True)
    assert _shown(overdue, cases) == ["Forfalt benk"]
    assert 'class="badge deadline-badge deadline-overdue"' in overdue
    soon = client.get("/k/heimby/saker?deadline=due_soon").get_data(as_text=True)
    assert _shown(soon, cases) == ["Snart lys"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?challenge={school}", {"Ny fotgjengerfelt", "Egen sak"}),
        ("?principle=2", {"Ny fotgjengerfelt", "Egen sak"}),
        ("?stage=assessed", {"Besvart sak"}),
        ("?stage=heard&challenge={parks}", {"Forfalt benk", "Snart lys"}),
        ("?channel=web&department={roads}", {"Forfalt benk", "Snart lys", "Besvart sak"}),
        ("?department=ingen", {"Egen sak"}),
        ("?person={colleague}", {"Snart lys"}),
        ("?person=ingen&department={roads}", {"Forfalt benk", "Besvart sak"}),
        ("?age=0-7", {"Ny fotgjengerfelt"}),
        ("?age=31-90", {"Forfalt benk", "Besvart sak"}),
        ("?age=8-30", {"Snart lys", "Egen sak"}),
    ],
)
def test_filters(client, auth, world, cases, query, expected):
    query = query.format(
        school=cases.school.id,
        parks=cases.parks.id,
        roads=cases.roads.id,
        colleague=cases.colleague.id,
    )
    assert set(_shown(_page(client, auth, world.facilitator, query), cases)) == expected


def test_filter_options_show_their_counts(client, auth, world, cases):
    page = _page(client, auth, world.facilitator)
    assert "Samferdsel (3)" in page and "Oppvekst (1)" in page and "Ingen enhet (1)" in page
    assert "Grønnere sentrum (3)" in page and "Tryggere skolevei (2)" in page
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
            _assign(
                idea, cases.roads if i % 2 else cases.schools, cases.colleague if i % 3 else None
            )
        db.session.commit()

    add(5, 0)
    url = "/k/heimby/saker"
    few = _queries(client, url)
    filtered_few = _queries(client, f"{url}?deadline=overdue&department={cases.roads.id}")
    add(45, 5)
    assert _queries(client, url) == few
    assert _queries(client, f"{url}?deadline=overdue&department={cases.roads.id}") == filtered_few
