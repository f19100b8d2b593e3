"""Who keeps results (tiltak) and who reports on them. Each rule once: `why_not_<action>()`
gives the reason, `can_<action>()` asks it.

Staff (facilitators and administrators) of the challenge's municipality create and edit results,
link inputs and statements, keep milestones and move the linked inputs to gjort. A case officer
in the result's department reports progress (public updates) and marks milestones done.
"""

from typing import Any

from flask_babel import gettext as _

from ..accounts.permissions import is_staff
from ..cases.permissions import department_ids, is_case_officer
from ..challenges.models import Challenge
from ..challenges.permissions import can_view_challenge
from .models import Result


def why_not_manage_results(user: Any, challenge: Challenge) -> str | None:
    """Staff of the challenge's municipality create, edit and link results."""
    if not is_staff(user, challenge.municipality_id):
        return _("Bare kommunens fasilitatorer og administratorer kan endre resultater.")
    return None


def can_manage_results(user: Any, challenge: Challenge) -> bool:
    return why_not_manage_results(user, challenge) is None


def why_not_update_result(user: Any, result: Result) -> str | None:
    """Staff, and the case officers of the result's department, report progress and status."""
    municipality_id = result.challenge.municipality_id
    if is_staff(user, municipality_id):
        return None
    if (
        is_case_officer(user, municipality_id)
        and result.department_id is not None
        and result.department_id in department_ids(user, municipality_id)
    ):
        return None
    return _(
        "Bare kommunens fasilitatorer og administratorer, og saksbehandlere i enheten som har "
        "ansvaret, kan melde om fremdriften."
    )


def can_update_result(user: Any, result: Result) -> bool:
    return why_not_update_result(user, result) is None


def can_view_result(user: Any, result: Result) -> bool:
    """A result is public once its challenge is (drafts only for staff)."""
    return can_view_challenge(user, result.challenge)
