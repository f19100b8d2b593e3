"""Who may do what with translations. Each rule once: `why_not_<action>()` gives the reason,
`can_<action>()` asks it."""

from typing import Any

from flask_babel import gettext as _

from ..accounts.permissions import is_admin, is_staff
from ..municipalities.models import Municipality


def why_not_check_translations(user: Any, municipality: Municipality) -> str | None:
    """Staff (facilitators and administrators) of the municipality see the translations and
    replace a machine translation with their own."""
    if not is_staff(user, municipality):
        return _("Bare kommunens fasilitatorer og administratorer kan kontrollere oversettelser.")
    return None


def can_check_translations(user: Any, municipality: Municipality) -> bool:
    return why_not_check_translations(user, municipality) is None


def why_not_set_language(user: Any, municipality: Municipality) -> str | None:
    """Only the municipality's administrators set its målform."""
    if not is_admin(user, municipality):
        return _("Bare kommunens administratorer kan endre målformen.")
    return None


def can_set_language(user: Any, municipality: Municipality) -> bool:
    return why_not_set_language(user, municipality) is None
