"""Who may do what with a challenge, per municipality and phase."""

from typing import Any

from flask_babel import gettext as _

from ..accounts.permissions import is_staff
from ..municipalities.models import Municipality
from .models import Challenge, Phase


def can_create_challenge(user: Any, municipality: Municipality) -> bool:
    """Facilitators and admins of the municipality open new challenges."""
    return is_staff(user, municipality)


def _why_not_staff_until_concluded(user: Any, challenge: Challenge) -> str | None:
    if not is_staff(user, challenge.municipality_id):
        return _("Bare fasilitatorer og administratorer i kommunen kan endre utfordringer.")
    if challenge.phase is Phase.concluded:
        return _(
            "Utfordringen er avsluttet, og sammendraget er publisert. Den kan ikke endres "
            "eller flyttes videre; svarene på innspillene kan fortsatt rettes."
        )
    return None


def why_not_edit_challenge(user: Any, challenge: Challenge) -> str | None:
    """Staff of the challenge's municipality edit it until it is concluded."""
    return _why_not_staff_until_concluded(user, challenge)


def can_edit_challenge(user: Any, challenge: Challenge) -> bool:
    return why_not_edit_challenge(user, challenge) is None


def why_not_change_phase(user: Any, challenge: Challenge) -> str | None:
    """Staff of the challenge's municipality move it forward until it is concluded."""
    return _why_not_staff_until_concluded(user, challenge)


def can_change_phase(user: Any, challenge: Challenge) -> bool:
    return why_not_change_phase(user, challenge) is None


def can_view_challenge(user: Any, challenge: Challenge) -> bool:
    """Everyone sees published challenges; drafts only staff of that municipality."""
    return challenge.phase is not Phase.draft or is_staff(user, challenge.municipality_id)
