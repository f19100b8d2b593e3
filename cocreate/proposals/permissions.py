"""Who keeps innbyggerforslag. Each rule once: `why_not_<action>()` gives the reason,
`can_<action>()` asks it. Proposals are public once registered; staff (facilitators and
administrators) of the municipality register, edit and move them; any signed-in person may
follow one."""

from typing import Any

from flask_babel import gettext as _

from ..accounts.permissions import is_staff
from ..municipalities.models import Municipality


def why_not_manage_proposals(user: Any, municipality: Municipality | int) -> str | None:
    """Staff of the municipality register, edit and move its proposals."""
    if not is_staff(user, municipality):
        return _(
            "Bare kommunens fasilitatorer og administratorer kan registrere og behandle "
            "innbyggerforslag."
        )
    return None


def can_manage_proposals(user: Any, municipality: Municipality | int) -> bool:
    return why_not_manage_proposals(user, municipality) is None


def why_not_follow_proposal(user: Any) -> str | None:
    """Any signed-in person may follow a proposal."""
    if not getattr(user, "is_authenticated", False):
        return _("Logg inn for å følge forslaget.")
    return None


def can_follow_proposal(user: Any) -> bool:
    return why_not_follow_proposal(user) is None
