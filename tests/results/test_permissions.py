"""Who keeps results and who reports on them, for every role."""

import pytest

from cocreate.challenges.models import Phase
from cocreate.results.permissions import can_manage_results, can_update_result, can_view_result
from cocreate.results.services import create_result
from tests.results.conftest import ROLES

MANAGE = {"facilitator", "admin"}
UPDATE = {"officer", "facilitator", "admin"}


@pytest.mark.parametrize("role", ROLES)
def test_manage_and_update(results, role):
    user = results.roles()[role]
    assert can_manage_results(user, results.challenge) is (role in MANAGE)
    assert can_update_result(user, results.result) is (role in UPDATE)
    assert can_view_result(user, results.result)


def test_a_result_without_department_is_updated_by_staff_only(results):
    bare = create_result(results.challenge, title="Uten enhet", actor=results.world.admin)
    assert not can_update_result(results.officer, bare)
    assert can_update_result(results.world.facilitator, bare)


@pytest.mark.parametrize("role", ROLES)
def test_results_of_a_draft_are_for_staff(results, create_challenge_f, role):
    draft = create_challenge_f(results.world.municipality, phase=Phase.draft, title="Utkast")
    result = create_result(draft, title="Et utkast til tiltak", actor=results.world.admin)
    assert can_view_result(results.roles()[role], result) is (role in MANAGE)
