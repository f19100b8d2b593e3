"""Who may do what with a challenge, per municipality and phase."""

from typing import Any

from ..accounts.permissions import is_staff
from ..municipalities.models import Municipality
from .models import Challenge, Phase


def can_create_challenge(user: Any, municipality: Municipality) -> bool:
    """Facilitators and admins of the municipality open new challenges."""
    return is_staff(user, municipality)


def can_edit_challenge(user: Any, challenge: Challenge) -> bool:
    """Staff of the challenge's municipality edit it until it is concluded."""
    return challenge.phase is not Phase.concluded and is_staff(user, challenge.municipality_id)


def can_change_phase(user: Any, challenge: Challenge) -> bool:
    """Staff of the challenge's municipality move it forward until it is concluded."""
    return challenge.phase is not Phase.concluded and is_staff(user, challenge.municipality_id)


def can_view_challenge(user: Any, challenge: Challenge) -> bool:
    """Everyone sees published challenges; drafts only staff of that municipality."""
    return challenge.phase is not Phase.draft or is_staff(user, challenge.municipality_id)
