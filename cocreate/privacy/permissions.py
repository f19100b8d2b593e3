"""Who may edit a privacy statement or erase an account."""

from typing import Any

from ..accounts.models import User
from ..accounts.permissions import is_admin
from ..municipalities.models import Municipality


def can_edit_privacy_statement(user: Any, municipality: Municipality) -> bool:
    """Only the municipality's admins complete its personvernerklæring."""
    return is_admin(user, municipality)


def can_delete_own_account(user: Any) -> bool:
    """Every active, logged-in person may delete their own account."""
    return isinstance(user, User) and user.is_authenticated and user.is_active
