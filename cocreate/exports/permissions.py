from typing import Any

from ..accounts.permissions import is_admin
from ..municipalities.models import Municipality


def can_export(user: Any, municipality: Municipality) -> bool:
    """Only admins of this municipality may download its exports (they hold pseudonymous data)."""
    return is_admin(user, municipality)
