"""Who may edit a privacy statement, erase an account or a sender's contact details."""

from typing import Any

from ..accounts.models import User
from ..accounts.permissions import is_admin, is_staff
from ..ideas.models import Idea
from ..municipalities.models import Municipality


def can_edit_privacy_statement(user: Any, municipality: Municipality) -> bool:
    """Only the municipality's admins complete its personvernerklæring."""
    return is_admin(user, municipality)


def can_delete_own_account(user: Any) -> bool:
    """Every active, logged-in person may delete their own account."""
    return isinstance(user, User) and user.is_authenticated and user.is_active


def can_erase_sender_contact(user: Any, idea: Idea) -> bool:
    """The municipality's facilitators and admins erase the sender's contact details of an
    input they registered (at the sender's request, or once it has been answered)."""
    return is_staff(user, idea.challenge.municipality_id)
