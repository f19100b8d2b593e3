"""Who sees the embed codes and who keeps the list of sites that may frame them."""

from typing import Any

from flask_babel import gettext as _

from ..accounts.permissions import is_admin, is_staff
from ..municipalities.models import Municipality


def why_not_view_embed_codes(user: Any, municipality: Municipality) -> str | None:
    """The municipality's staff (facilitators and administrators) copy the embed codes."""
    if not is_staff(user, municipality):
        return _("Bare kommunens ansatte kan se kodene for innbygging.")
    return None


def can_view_embed_codes(user: Any, municipality: Municipality) -> bool:
    return why_not_view_embed_codes(user, municipality) is None


def why_not_manage_embed_origins(user: Any, municipality: Municipality) -> str | None:
    """Only the municipality's administrators choose which sites may frame its pages."""
    if not is_admin(user, municipality):
        return _("Bare kommunens administratorer kan endre hvilke nettsteder som kan vise sidene.")
    return None


def can_manage_embed_origins(user: Any, municipality: Municipality) -> bool:
    return why_not_manage_embed_origins(user, municipality) is None
