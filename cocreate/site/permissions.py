"""Who may change the site-level pages of a municipality."""

from typing import Any

from ..accounts.permissions import is_admin
from ..municipalities.models import Municipality


def can_edit_accessibility_statement(user: Any, municipality: Municipality) -> bool:
    """Only the municipality's administrators set the link to its statement on uustatus.no."""
    return is_admin(user, municipality)
