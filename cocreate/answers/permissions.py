"""Who may write and read internal notes, edit a note, keep answer templates and answer many
inputs at once. Each rule once: `why_not_<action>()` gives the reason, `can_<action>()` asks it.
"""

from typing import Any

from flask_babel import gettext as _

from ..accounts.models import Role
from ..accounts.permissions import is_admin, is_staff, role_in
from ..database import utcnow
from ..ideas.models import Idea
from ..municipalities.models import Municipality
from ..pipeline.case_rules import RULES as CASE_RULES
from .models import IdeaNote


def why_not_write_note(user: Any, idea: Idea) -> str | None:
    """Staff of the input's municipality, and the case officer who handles the input, write and
    read its internal notes."""
    if not is_staff(user, idea.challenge.municipality_id) and not CASE_RULES.handles(user, idea):
        return _("Bare ansatte i kommunen kan lese og skrive interne notater.")
    return None


def can_write_note(user: Any, idea: Idea) -> bool:
    return why_not_write_note(user, idea) is None


def why_not_edit_note(user: Any, note: IdeaNote) -> str | None:
    """The author may change a note for 15 minutes after writing it; then it is fixed."""
    if reason := why_not_write_note(user, note.idea):
        return reason
    if note.author_id is None or note.author_id != getattr(user, "id", None):
        return _("Bare den som skrev notatet, kan endre det.")
    if utcnow() >= note.editable_until:
        return _("Et notat kan bare endres de første 15 minuttene. Skriv et nytt notat i stedet.")
    return None


def can_edit_note(user: Any, note: IdeaNote) -> bool:
    return why_not_edit_note(user, note) is None


def why_not_keep_templates(user: Any, municipality: Municipality | int) -> str | None:
    """Administrators keep the municipality's answer templates."""
    if not is_admin(user, municipality):
        return _("Bare administratorer i kommunen kan lage og endre svarmaler.")
    return None


def can_keep_templates(user: Any, municipality: Municipality | int) -> bool:
    return why_not_keep_templates(user, municipality) is None


def why_not_answer_many(user: Any, municipality: Municipality | int) -> str | None:
    """Staff and case officers of the municipality answer many of its inputs at once (each
    input's own rule still applies to it: a case officer only the inputs they handle)."""
    if not is_staff(user, municipality) and role_in(user, municipality) is not Role.case_officer:
        return _("Bare ansatte i kommunen kan svare på innspill.")
    return None


def can_answer_many(user: Any, municipality: Municipality | int) -> bool:
    return why_not_answer_many(user, municipality) is None
