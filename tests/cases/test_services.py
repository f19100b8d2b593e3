"""Departments, their members, assignment and the default department, through the services."""

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from cocreate.accounts.models import EMAIL, Role
from cocreate.cases.models import DEPARTMENT_NAME, Department, DepartmentMember
from cocreate.cases.queries import assignment_history
from cocreate.cases.services import (
    CaseError,
    add_department_member,
    assign_inputs,
    create_department,
    delete_department,
    remove_department_member,
    set_default_department,
    update_department,
)
from cocreate.extensions import db
from cocreate.ideas.models import Idea
from cocreate.ideas.stages import Stage
from cocreate.notifications.models import Notification
from cocreate.pipeline.models import UNIT, StageChange
from cocreate.pipeline.services import move_idea
from cocreate.refusals import NotAllowed
from tests.cases.conftest import events, mails_to

ANSWER = "Vi ser på saken og kommer tilbake med et svar snart."


def test_an_admin_creates_renames_and_deletes_a_department(cases):
    world = cases.world
    department = create_department(
        world.municipality, name="  Plan   og bygg ", email="plan@heimby.no", actor=world.admin
    )
    assert department.name == "Plan og bygg" and department.email == "plan@heimby.no"
    update_department(department, name="Plan, bygg og geodata", email="", actor=world.admin)
    assert (department.name, department.email) == ("Plan, bygg og geodata", None)
    assert [e.data["old_name"] for e in events("department.updated")] == ["Plan og bygg"]
    delete_department(department, actor=world.admin)
    assert db.session.get(Department, department.id) is None
    assert len(events("department.deleted")) == 1


def test_names_are_unique_per_municipality_and_checked_for_length(cases):
    world = cases.world
    with pytest.raises(CaseError, match="allerede en enhet som heter «Samferdsel»"):
        create_department(world.municipality, name="Samferdsel", email=None, actor=world.admin)
    with pytest.raises(CaseError, match="mellom 2 og 120 tegn"):
        create_department(world.municipality, name="x" * 121, email=None, actor=world.admin)
    with pytest.raises(CaseError, match="gyldig e-postadresse"):
        create_department(world.municipality, name="Kultur", email="kultur", actor=world.admin)
    # Another municipality may have a department of the same name (the fixture made one).
    assert cases.elsewhere.name == "Samferdsel"


@pytest.mark.parametrize("who", ["facilitator", "officer", "other_admin", "citizen"])
def test_only_the_municipalitys_admins_keep_departments(cases, who):
    actor = cases.roles()[who]
    with pytest.raises(NotAllowed, match="Bare kommunens administratorer"):
        create_department(cases.world.municipality, name="Kultur", email=None, actor=actor)
    with pytest.raises(NotAllowed):
        update_department(cases.transport, name="Veg", email=None, actor=actor)
    with pytest.raises(NotAllowed):
        delete_department(cases.transport, actor=actor)


def test_members_are_case_officers_or_staff_of_the_municipality(cases, create_user_f):
    world = cases.world
    assert add_department_member(cases.transport, world.facilitator, actor=world.admin)
    assert not add_department_member(cases.transport, world.facilitator, actor=world.admin)
    with pytest.raises(CaseError, match="ikke saksbehandler, fasilitator eller administrator"):
        add_department_member(cases.transport, world.citizen, actor=world.admin)
    with pytest.raises(CaseError):
        add_department_member(cases.transport, world.other_admin, actor=world.admin)
    assert remove_department_member(cases.transport, world.facilitator, actor=world.admin)
    assert not remove_department_member(cases.transport, world.facilitator, actor=world.admin)
    assert db.session.get(DepartmentMember, (cases.transport.id, world.facilitator.id)) is None
    assert [e.event for e in events("department.member_added")][-1] == "department.member_added"
    assert len(events("department.member_removed")) == 1


def test_assignment_sets_the_case_writes_history_and_tells_the_assignee(cases):
    world = cases.world
    changed = assign_inputs(
        [cases.idea, cases.other_idea], cases.transport, cases.officer, actor=world.admin
    )
    assert changed == [cases.idea, cases.other_idea]
    for idea in changed:
        assert (idea.department_id, idea.assignee_id) == (cases.transport.id, cases.officer.id)
        assert idea.assigned_at is not None
    # One audit row per input and per assignment: the fixture's and this one.
    history = assignment_history(cases.idea)
    assert [event.data["assignee"] for event, _actor in history] == [None, "Siri Saksbehandler"]
    assert history[-1][0].data["previous_department_id"] == cases.transport.id
    assert history[-1][1] == world.admin
    assert len(events("idea.assigned")) == 3
    # The assignee is told once, in the app and by e-mail, with both inputs.
    (notification,) = db.session.scalars(
        select(Notification).where(Notification.user_id == cases.officer.id)
    )
    assert "2 innspill" in notification.subject
    assert (
        "Ny busslomme ved skolen" in notification.text and "Lengre friminutt" in notification.text
    )
    assert notification.link == f"/k/heimby/innspill/{cases.idea.id}/sak"
    (mail,) = mails_to("saksbehandler@heimby.no")
    assert "Lengre friminutt" in mail.text


def test_an_unchanged_assignment_writes_nothing_and_self_assignment_tells_nobody(cases):
    assign_inputs([cases.idea], cases.transport, None, actor=cases.world.admin)
    assert len(events("idea.assigned")) == 1  # the fixture's only
    assign_inputs([cases.idea], cases.transport, cases.officer, actor=cases.officer)
    assert cases.idea.assignee_id == cases.officer.id
    assert mails_to("saksbehandler@heimby.no") == []


def test_assignment_is_all_or_nothing_and_names_the_inputs_that_failed(cases):
    # The case officer of transport may assign the transport input, not the unassigned one.
    with pytest.raises(CaseError) as refused:
        assign_inputs([cases.idea, cases.other_idea], cases.school, None, actor=cases.officer)
    assert "Ingen av innspillene ble tildelt" in refused.value.reason
    assert "«Lengre friminutt»: Du kan bare tildele innspill" in refused.value.reason
    assert "Ny busslomme" not in refused.value.reason
    db.session.expire_all()
    assert db.session.get(Idea, cases.idea.id).department_id == cases.transport.id
    assert db.session.get(Idea, cases.other_idea.id).department_id is None


def test_the_assignee_must_be_a_case_officer_of_the_department_or_staff(cases, create_user_f):
    world = cases.world
    with pytest.raises(CaseError, match="Olav Oppvekst er ikke saksbehandler i Samferdsel"):
        assign_inputs([cases.idea], cases.transport, cases.other_officer, actor=world.admin)
    with pytest.raises(CaseError):
        assign_inputs([cases.idea], cases.transport, world.citizen, actor=world.admin)
    with pytest.raises(CaseError):
        assign_inputs([cases.idea], cases.transport, world.other_admin, actor=world.admin)
    assign_inputs([cases.idea], cases.transport, world.facilitator, actor=world.admin)
    assert cases.idea.assignee_id == world.facilitator.id


def test_an_input_of_another_municipality_is_refused(cases, create_challenge_f, create_idea_f):
    foreign = create_idea_f(create_challenge_f(cases.world.other), title="Bortby-innspill")
    with pytest.raises(CaseError, match="«Bortby-innspill»: Innspillet hører til en annen"):
        assign_inputs([foreign], cases.transport, None, actor=cases.world.admin)


def test_a_case_officer_may_pass_on_an_input_of_their_department(cases):
    assign_inputs([cases.idea], cases.school, cases.other_officer, actor=cases.officer)
    assert cases.idea.department_id == cases.school.id
    # Now it is no longer theirs to assign.
    with pytest.raises(CaseError):
        assign_inputs([cases.idea], cases.transport, None, actor=cases.officer)


def test_new_inputs_land_in_the_challenges_default_department(cases, create_idea_f):
    set_default_department(cases.challenge, cases.school, actor=cases.world.admin)
    idea = create_idea_f(cases.challenge, title="Skolegården trenger tak")
    assert idea.department_id == cases.school.id
    assert events("challenge.default_department_set")[-1].data["department_id"] == cases.school.id
    with pytest.raises(CaseError, match="annen kommune"):
        set_default_department(cases.challenge, cases.elsewhere, actor=cases.world.admin)
    with pytest.raises(NotAllowed):
        set_default_department(cases.challenge, None, actor=cases.officer)
    set_default_department(cases.challenge, None, actor=cases.world.facilitator)
    assert create_idea_f(cases.challenge, title="Uten enhet").department_id is None


def test_the_answer_names_the_department_that_gave_it_and_keeps_that_name(cases):
    change = move_idea(cases.idea, Stage.assessed, answer=ANSWER, actor=cases.officer)
    assert (change.department_id, change.unit_name) == (cases.transport.id, "Samferdsel")
    assert change.actor_role is Role.case_officer
    update_department(
        cases.transport, name="Samferdsel og veg", email=None, actor=cases.world.admin
    )
    delete_department(cases.transport, actor=cases.world.admin)
    db.session.expire_all()
    kept = db.session.get(StageChange, change.id)
    assert (kept.department_id, kept.unit_name) == (None, "Samferdsel")
    assert db.session.get(Idea, cases.idea.id).department_id is None
    # Without a department the municipality answers, as before departments.
    other = move_idea(cases.other_idea, Stage.assessed, answer=ANSWER, actor=cases.world.admin)
    assert (other.department_id, other.unit_name) == (None, "Heimby kommune")


def test_the_department_columns_hold_their_limits_and_the_service_says_them(cases):
    assert Department.name.type.length == DEPARTMENT_NAME.max == UNIT.max
    assert Department.email.type.length == EMAIL.max
    world = cases.world
    name = "x" * (DEPARTMENT_NAME.max + 1)
    with force_locale("nb"), pytest.raises(CaseError) as refused:
        create_department(world.municipality, name=name, email=None, actor=world.admin)
    assert refused.value.reason == DEPARTMENT_NAME.explain(name)
    address = "a" * (EMAIL.max - len("@heimby.no") + 1) + "@heimby.no"
    with force_locale("nb"), pytest.raises(CaseError) as refused:
        create_department(world.municipality, name="Kultur", email=address, actor=world.admin)
    assert refused.value.reason == EMAIL.explain(address)
