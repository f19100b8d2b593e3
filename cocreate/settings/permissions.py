"""Who may change a municipality's settings."""

from typing import Any

from flask_babel import gettext as _

from ..accounts.permissions import is_admin
from ..municipalities.models import Municipality


def why_not_change_settings(user: Any, municipality: Municipality) -> str | None:
    """Only the municipality's own administrators change its description, logo, contact
    address and districts."""
    if not is_admin(user, municipality):
        return _("Bare kommunens administratorer kan endre innstillingene.")
    return None


def can_change_settings(user: Any, municipality: Municipality) -> bool:
    return why_not_change_settings(user, municipality) is None
