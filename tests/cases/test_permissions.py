"""The rules of cases/permissions.py and the case officer's place in the pipeline's rules, for
every role: a case officer handles their department's and their own inputs, and is not staff."""

import pytest

from cocreate.accounts.permissions import is_staff, staff_municipalities
from cocreate.cases.permissions import (
    can_assign,
    can_manage_departments,
    can_see_case,
    can_see_case_queue,
    can_write_internal_notes,
    why_not_see_case,
)
from cocreate.cases.services import assign_inputs, remove_department_member
from cocreate.challenges.permissions import can_edit_challenge
from cocreate.pipeline.permissions import (
    can_move_idea,
    can_see_answer_inbox,
    can_see_pipeline_board,
    can_update_idea,
    why_not_move,
)
from tests.cases.conftest import ROLES

# The input of the transport department: who sees the case, writes notes, answers, assigns.
HAS_CASE = {"officer", "facilitator", "admin"}
QUEUE = {"officer", "other_officer", "facilitator", "admin"}
STAFF = {"facilitator", "admin"}


@pytest.mark.parametrize("role", ROLES)
def test_the_case_of_a_departments_input(cases, role):
    user = cases.roles()[role]
    idea = cases.idea
    assert can_see_case(user, idea) is (role in HAS_CASE)
    assert can_write_internal_notes(user, idea) is (role in HAS_CASE)
    assert can_move_idea(user, idea) is (role in HAS_CASE)
    assert can_update_idea(user, idea) is (role in HAS_CASE)
    assert can_assign(user, idea) is (role in HAS_CASE)
    assert can_see_case_queue(user, cases.world.municipality) is (role in QUEUE)
    assert can_manage_departments(user, cases.world.municipality) is (role == "admin")


@pytest.mark.parametrize("role", ROLES)
def test_a_case_officer_is_not_staff(cases, role):
    user = cases.roles()[role]
    municipality = cases.world.municipality
    assert is_staff(user, municipality) is (role in STAFF)
    assert can_see_pipeline_board(user, cases.challenge) is (role in STAFF)
    assert can_see_answer_inbox(user, municipality) is (role in STAFF)
    assert can_edit_challenge(user, cases.challenge) is (role in STAFF)


def test_an_unassigned_input_is_staffs_alone(cases):
    idea = cases.other_idea
    assert not can_see_case(cases.officer, idea) and not can_move_idea(cases.officer, idea)
    assert why_not_see_case(cases.officer, idea) == (
        "Innspillet er ikke tildelt deg eller en enhet du er med i."
    )
    assert "ikke tildelt deg" in why_not_move(cases.officer, idea)
    assert can_move_idea(cases.world.facilitator, idea)


def test_an_input_assigned_to_the_person_stays_theirs_after_they_leave_the_department(cases):
    assign_inputs([cases.other_idea], cases.school, cases.other_officer, actor=cases.world.admin)
    remove_department_member(cases.school, cases.other_officer, actor=cases.world.admin)
    assert can_move_idea(cases.other_officer, cases.other_idea)
    assert not can_move_idea(cases.officer, cases.other_idea)
    # Leaving the department ends the department's other inputs for them.
    assign_inputs([cases.idea], cases.school, None, actor=cases.world.admin)
    assert not can_see_case(cases.other_officer, cases.idea)


def test_case_officers_do_not_get_the_staff_menu(cases):
    assert staff_municipalities(cases.officer) == []
    assert staff_municipalities(cases.world.admin) == [cases.world.municipality]
