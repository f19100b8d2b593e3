"""The departments page, the case page, assignment of many inputs and the default department
through HTTP: every route for every role (anonymous, citizen, the case officer of the input's
department, a case officer of another department, facilitator, admin, an admin of another
municipality), the flows end to end, and what a case officer may not open."""

import pytest
from sqlalchemy import select

from cocreate.accounts.models import Role
from cocreate.accounts.permissions import role_in
from cocreate.cases.models import Department, DepartmentMember
from cocreate.extensions import db
from cocreate.ideas.models import Idea
from cocreate.members.models import Invitation
from cocreate.pipeline.models import StageChange
from tests.cases.conftest import ROLES, events, login, mails_to

ANSWER = "Vi har sett på saken, og busslommen kommer med i neste plan."

OK, LOGIN, DENY = "ok", "login", "deny"


def _outcome(response) -> str:
    if response.status_code in (302, 303) and "/logg-inn" in response.headers["Location"]:
        return LOGIN
    if response.status_code == 403:
        return DENY
    assert response.status_code < 500, response.status_code
    return OK


def _routes(cases):
    d, idea, challenge = cases.transport.id, cases.idea.id, cases.challenge.id
    member = cases.officer.id
    return {
        ("GET", "/k/heimby/enheter"): "admin",
        ("POST", "/k/heimby/enheter"): "admin",
        ("POST", f"/k/heimby/enheter/{d}"): "admin",
        ("POST", f"/k/heimby/enheter/{d}/slett"): "admin",
        ("POST", f"/k/heimby/enheter/{d}/medlemmer"): "admin",
        ("POST", f"/k/heimby/enheter/{d}/medlemmer/{member}/fjern"): "admin",
        ("GET", f"/k/heimby/innspill/{idea}/sak"): "case",
        ("POST", f"/k/heimby/innspill/{idea}/sak"): "case",
        ("GET", "/k/heimby/tildel"): "queue",
        ("POST", "/k/heimby/tildel"): "queue",
        ("POST", f"/k/heimby/utfordringer/{challenge}/standardenhet"): "staff",
    }


# Who gets in, per kind of route: the case is for staff and the case officer who has it, the
# assignment list for staff and every case officer (each sees their departments' inputs).
ALLOWED = {
    "admin": {"admin"},
    "staff": {"facilitator", "admin"},
    "case": {"officer", "facilitator", "admin"},
    "queue": {"officer", "other_officer", "facilitator", "admin"},
}


@pytest.mark.parametrize("role", ROLES)
def test_every_cases_route_for_every_role(app, client, cases, role):
    user = cases.roles()[role]
    login(client, user)
    wrong = []
    for (method, url), kind in _routes(cases).items():
        got = _outcome(client.open(url, method=method, data={}))
        want = LOGIN if user is None else OK if role in ALLOWED[kind] else DENY
        if got != want:
            wrong.append(f"{method} {url}: expected {want}, got {got}")
        db.session.rollback()
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    "url",
    [
        "/k/heimby/moderering",
        "/k/heimby/moderering/logg",
        "/k/heimby/eksport",
        "/k/heimby/eksport/ideas.csv",
        "/k/heimby/medlemmer",
        "/k/heimby/innboks",
        "/k/heimby/effekt",
    ],
)
def test_a_case_officer_may_not_moderate_export_or_manage(client, cases, url):
    login(client, cases.officer)
    assert client.get(url).status_code == 403


def test_a_case_officer_may_not_edit_challenges_or_run_workshops(client, cases):
    login(client, cases.officer)
    challenge = cases.challenge.id
    for url in (
        f"/k/heimby/utfordringer/{challenge}/rediger",
        f"/k/heimby/utfordringer/{challenge}/verksteder/ny",
        f"/k/heimby/utfordringer/{challenge}/tavle",
        f"/k/heimby/utfordringer/{challenge}/fase",
    ):
        assert client.get(url).status_code == 403, url


def test_the_admin_keeps_departments_through_the_page(client, cases, create_user_f):
    world = cases.world
    login(client, world.admin)
    page = client.get("/k/heimby/enheter").get_data(as_text=True)
    assert "Samferdsel" in page and "Oppvekst" in page and "Siri Saksbehandler" in page
    response = client.post("/k/heimby/enheter", data={"name": "Kultur", "email": "k@heimby.no"})
    assert response.status_code == 303
    assert "Enheten «Kultur» er opprettet." in client.get("/k/heimby/enheter").get_data(
        as_text=True
    )
    culture = db.session.scalar(select(Department).where(Department.name == "Kultur"))
    assert culture.email == "k@heimby.no"
    # A name taken already: the form says so.
    again = client.post("/k/heimby/enheter", data={"name": "Kultur"})
    assert again.status_code == 400
    assert "allerede en enhet som heter «Kultur»" in again.get_data(as_text=True)
    # Rename and set the e-mail; add and remove a member; delete it.
    assert (
        client.post(
            f"/k/heimby/enheter/{culture.id}",
            data={f"e{culture.id}-name": "Kultur og fritid", f"e{culture.id}-email": ""},
        ).status_code
        == 303
    )
    db.session.expire_all()
    assert (culture.name, culture.email) == ("Kultur og fritid", None)
    client.post(
        f"/k/heimby/enheter/{culture.id}/medlemmer",
        data={f"d{culture.id}-user_id": str(cases.other_officer.id)},
    )
    assert db.session.get(DepartmentMember, (culture.id, cases.other_officer.id)) is not None
    client.post(f"/k/heimby/enheter/{culture.id}/medlemmer/{cases.other_officer.id}/fjern")
    assert db.session.get(DepartmentMember, (culture.id, cases.other_officer.id)) is None
    client.post(f"/k/heimby/enheter/{culture.id}/slett")
    db.session.expire_all()
    assert db.session.get(Department, culture.id) is None
    assert [e.event for e in events("department.deleted")] == ["department.deleted"]


def test_a_citizen_cannot_be_added_to_a_department(client, cases):
    login(client, cases.world.admin)
    d = cases.transport.id
    response = client.post(
        f"/k/heimby/enheter/{d}/medlemmer", data={f"d{d}-user_id": str(cases.world.citizen.id)}
    )
    assert response.status_code == 303  # not a choice: the form refuses it
    assert db.session.get(DepartmentMember, (d, cases.world.citizen.id)) is None


def test_the_municipality_page_links_staff_and_case_officers_to_cases(client, cases):
    login(client, cases.world.admin)
    page = client.get("/k/heimby/").get_data(as_text=True)
    assert "/k/heimby/enheter" in page and "/k/heimby/tildel" in page
    login(client, cases.officer)
    page = client.get("/k/heimby/").get_data(as_text=True)
    assert "/k/heimby/tildel" in page and "/k/heimby/enheter" not in page
    login(client, cases.world.citizen)
    assert "/k/heimby/tildel" not in client.get("/k/heimby/").get_data(as_text=True)


def test_assigning_on_the_case_page_shows_in_the_history_and_tells_the_assignee(client, cases):
    login(client, cases.world.facilitator)
    url = f"/k/heimby/innspill/{cases.idea.id}/sak"
    response = client.post(
        url,
        data={"department_id": str(cases.transport.id), "assignee_id": str(cases.officer.id)},
    )
    assert response.status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert "Tildelt Siri Saksbehandler i Samferdsel." in page
    assert "Test Testesen tildelte innspillet Siri Saksbehandler i Samferdsel." in page
    (mail,) = mails_to("saksbehandler@heimby.no")
    assert "Ny busslomme ved skolen" in mail.subject
    # Nothing of it on the public page of the input.
    public = client.get(f"/k/heimby/innspill/{cases.idea.id}").get_data(as_text=True)
    assert "Siri Saksbehandler" not in public and f"/{cases.idea.id}/sak" not in public


def test_the_case_page_refuses_an_assignee_outside_the_department(client, cases):
    login(client, cases.world.admin)
    response = client.post(
        f"/k/heimby/innspill/{cases.idea.id}/sak",
        data={"department_id": str(cases.transport.id), "assignee_id": str(cases.other_officer.id)},
    )
    assert response.status_code == 400
    assert "Olav Oppvekst er ikke saksbehandler i Samferdsel" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Idea, cases.idea.id).assignee_id is None


def test_bulk_assignment_all_or_nothing_through_the_form(client, cases, create_idea_f):
    third = create_idea_f(cases.challenge, title="Gatelys langs skoleveien")
    login(client, cases.world.admin)
    page = client.get("/k/heimby/tildel").get_data(as_text=True)
    for title in ("Ny busslomme ved skolen", "Lengre friminutt", "Gatelys langs skoleveien"):
        assert title in page
    response = client.post(
        "/k/heimby/tildel",
        data={
            "idea_ids": [str(cases.other_idea.id), str(third.id)],
            "department_id": str(cases.school.id),
            "assignee_id": str(cases.other_officer.id),
        },
    )
    assert response.status_code == 303
    db.session.expire_all()
    for idea_id in (cases.other_idea.id, third.id):
        idea = db.session.get(Idea, idea_id)
        assert (idea.department_id, idea.assignee_id) == (cases.school.id, cases.other_officer.id)
    (mail,) = mails_to("oppvekst@heimby.no")
    assert "2 innspill" in mail.subject

    # The transport case officer ticks one of theirs and one that is not: nothing changes.
    login(client, cases.officer)
    refused = client.post(
        "/k/heimby/tildel",
        data={
            "idea_ids": [str(cases.idea.id), str(third.id)],
            "department_id": str(cases.transport.id),
        },
    )
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert "Ingen av innspillene ble tildelt" in html
    assert "«Gatelys langs skoleveien»: Du kan bare tildele innspill" in html
    db.session.expire_all()
    assert db.session.get(Idea, third.id).department_id == cases.school.id


def test_a_case_officer_lists_only_their_departments_inputs(client, cases):
    login(client, cases.officer)
    page = client.get("/k/heimby/tildel").get_data(as_text=True)
    assert "Ny busslomme ved skolen" in page and "Lengre friminutt" not in page
    login(client, cases.other_officer)
    page = client.get("/k/heimby/tildel").get_data(as_text=True)
    assert "Ny busslomme ved skolen" not in page


def test_an_input_of_another_municipality_is_not_found(
    client, cases, create_challenge_f, create_idea_f
):
    foreign = create_idea_f(create_challenge_f(cases.world.other), title="Bortby-innspill")
    login(client, cases.world.admin)
    assert client.get(f"/k/heimby/innspill/{foreign.id}/sak").status_code == 404
    response = client.post(
        "/k/heimby/tildel",
        data={"idea_ids": [str(foreign.id)], "department_id": str(cases.transport.id)},
    )
    assert response.status_code == 404
    other_department = cases.elsewhere.id
    assert client.post(f"/k/heimby/enheter/{other_department}/slett").status_code == 404


def test_the_challenge_edit_page_sets_the_default_department(client, cases, create_idea_f):
    login(client, cases.world.facilitator)
    edit = client.get(f"/k/heimby/utfordringer/{cases.challenge.id}/rediger")
    assert "Enhet for nye innspill" in edit.get_data(as_text=True)
    response = client.post(
        f"/k/heimby/utfordringer/{cases.challenge.id}/standardenhet",
        data={"department_id": str(cases.school.id)},
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert create_idea_f(cases.challenge, title="Sykkelstativ").department_id == cases.school.id


def test_the_case_officer_answers_and_the_answer_names_the_department(client, cases):
    login(client, cases.officer)
    form = client.get(f"/k/heimby/innspill/{cases.idea.id}/flytt").get_data(as_text=True)
    assert "Svar fra kommunen, Samferdsel" in form
    assert 'name="unit_name"' not in form
    # The board is staff's: the case officer is led to the input's case instead.
    assert "/tavle" not in form and f"/k/heimby/innspill/{cases.idea.id}/sak" in form
    response = client.post(
        f"/k/heimby/innspill/{cases.idea.id}/flytt",
        data={"to_stage": "assessed", "answer": ANSWER, "reference": ""},
    )
    assert response.status_code == 302
    change = db.session.scalar(select(StageChange).where(StageChange.idea_id == cases.idea.id))
    assert (change.department_id, change.unit_name) == (cases.transport.id, "Samferdsel")
    public = client.get(f"/k/heimby/innspill/{cases.idea.id}").get_data(as_text=True)
    assert "Svar fra kommunen, Samferdsel" in public

    # The other department's case officer may not answer it.
    login(client, cases.other_officer)
    assert client.get(f"/k/heimby/innspill/{cases.other_idea.id}/flytt").status_code == 403
    assert client.get(f"/k/heimby/innspill/{cases.idea.id}/oppdatering").status_code == 403


def test_an_admin_invites_a_case_officer_and_changes_roles_on_the_staff_page(client, cases):
    login(client, cases.world.admin)
    page = client.get("/k/heimby/medlemmer").get_data(as_text=True)
    assert 'value="case_officer"' in page and "Saksbehandler" in page
    assert "Siri Saksbehandler" in page  # case officers are listed with the staff
    response = client.post(
        "/k/heimby/medlemmer/inviter", data={"email": "ny@heimby.no", "role": "case_officer"}
    )
    assert response.status_code == 303
    invitation = db.session.scalar(select(Invitation).where(Invitation.email == "ny@heimby.no"))
    assert invitation.role is Role.case_officer
    (mail,) = mails_to("ny@heimby.no")
    assert "saksbehandler" in mail.subject
    # A facilitator made case officer, and back.
    facilitator = cases.world.facilitator
    url = f"/k/heimby/medlemmer/{facilitator.id}/rolle"
    assert client.post(url, data={"role": "case_officer"}).status_code == 303
    db.session.expire_all()
    assert role_in(facilitator, cases.world.municipality) is Role.case_officer


def test_the_case_officer_keeps_internal_notes_on_the_case_page(client, cases):
    login(client, cases.officer)
    response = client.post(
        f"/k/heimby/innspill/{cases.idea.id}/notater",
        data={"body": "Ringte vegvesenet om busslommen. notatmerke-7731"},
    )
    assert response.status_code == 302
    case = client.get(f"/k/heimby/innspill/{cases.idea.id}/sak").get_data(as_text=True)
    assert "Interne notater" in case and "notatmerke-7731" in case
    # Not the other department's case officer, and never the public page.
    login(client, cases.other_officer)
    assert client.get(f"/k/heimby/innspill/{cases.idea.id}/notater").status_code == 403
    client.post("/logg-ut")
    public = client.get(f"/k/heimby/innspill/{cases.idea.id}").get_data(as_text=True)
    assert "notatmerke-7731" not in public
