"""Who may do what with hearings, consultees and statements.

Staff (facilitators and administrators) of the municipality keep its hearings and its list of
consultees, open hearings, register statements that came by letter or e-mail, and hide or publish
statements. Everyone sees an opened hearing and its published statements; a draft is for staff
only. A verified participant gives a statement on an opened hearing (late ones are accepted and
marked). Each rule is written once as `why_not_<action>()`; `can_<action>()` asks it.
"""

from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _

from ..accounts.permissions import is_staff, why_not_participate
from ..ideas.models import Visibility
from ..municipalities.models import Municipality
from ..pipeline.deadlines import today
from .models import Hearing, Statement


def _is_author(user: Any, statement: Statement) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and statement.author_id == user.id


def why_not_manage_hearings(user: Any, municipality: Municipality | int) -> str | None:
    """The municipality's facilitators and administrators keep its hearings and consultees."""
    if not is_staff(user, municipality):
        return _("Bare kommunens fasilitatorer og administratorer kan behandle høringer.")
    return None


def can_manage_hearings(user: Any, municipality: Municipality | int) -> bool:
    return why_not_manage_hearings(user, municipality) is None


def why_not_manage_hearing(user: Any, hearing: Hearing) -> str | None:
    """Staff of the hearing's municipality edit it, add files and consultees, and open it."""
    return why_not_manage_hearings(user, hearing.municipality_id)


def can_manage_hearing(user: Any, hearing: Hearing) -> bool:
    return why_not_manage_hearing(user, hearing) is None


def why_not_edit_document(user: Any, hearing: Hearing) -> str | None:
    """The document is written while the hearing is a draft; once it is sent on hearing, the
    statements refer to its sections, and a change is a new version."""
    reason = why_not_manage_hearing(user, hearing)
    if reason is None and hearing.is_open:
        return _("Høringen er sendt ut; dokumentet kan ikke lenger endres.")
    return reason


def can_edit_document(user: Any, hearing: Hearing) -> bool:
    return why_not_edit_document(user, hearing) is None


def why_not_open_hearing(user: Any, hearing: Hearing) -> str | None:
    """Staff open a draft hearing once; it is then public and the letters go out."""
    reason = why_not_manage_hearing(user, hearing)
    if reason is None and hearing.is_open:
        return _("Høringen er allerede sendt ut.")
    return reason


def can_open_hearing(user: Any, hearing: Hearing) -> bool:
    return why_not_open_hearing(user, hearing) is None


def can_view_hearing(user: Any, hearing: Hearing) -> bool:
    """An opened hearing is public; a draft is seen by the municipality's staff only."""
    return hearing.is_open or is_staff(user, hearing.municipality_id)


def is_receiving(hearing: Hearing) -> bool:
    """Statements come in from the opening day on; after the deadline they are still accepted
    (and marked late) until the merknadsbehandling is compiled."""
    return hearing.is_open and hearing.opens_on <= today() and hearing.compiled_at is None


def why_not_give_statement(user: Any, hearing: Hearing) -> str | None:
    """A verified participant gives a statement on an opened hearing from its opening day."""
    if not hearing.is_open:
        return _("Høringen er ikke sendt ut ennå.")
    if hearing.opens_on > today():
        return _("Høringen åpner %(date)s.", date=format_date(hearing.opens_on, "long"))
    if hearing.compiled_at is not None:
        return _("Merknadsbehandlingen er ferdig; høringen tar ikke imot flere uttalelser.")
    return why_not_participate(user, hearing.municipality_id)


def can_give_statement(user: Any, hearing: Hearing) -> bool:
    return why_not_give_statement(user, hearing) is None


def why_not_register_statement(user: Any, hearing: Hearing) -> str | None:
    """Staff register the statements that came by letter or e-mail to an opened hearing."""
    reason = why_not_manage_hearing(user, hearing)
    if reason is None and not hearing.is_open:
        return _("Høringen er ikke sendt ut ennå.")
    return reason


def can_register_statement(user: Any, hearing: Hearing) -> bool:
    return why_not_register_statement(user, hearing) is None


def can_view_statement(user: Any, statement: Statement) -> bool:
    """A published statement is public; a pending or hidden one: its author and staff."""
    if not can_view_hearing(user, statement.hearing):
        return False
    if statement.visibility is Visibility.published:
        return True
    return _is_author(user, statement) or is_staff(user, statement.hearing.municipality_id)


def can_moderate_statement(user: Any, statement: Statement) -> bool:
    """Staff of the hearing's municipality hide and publish its statements."""
    return is_staff(user, statement.hearing.municipality_id)


def can_see_contact(user: Any, statement: Statement) -> bool:
    """A statement's contact address is never public: staff only."""
    return is_staff(user, statement.hearing.municipality_id)
