"""Who may do what with meetings. Each rule once: `why_not_<action>()` gives the reason,
`can_<action>()` asks it. Staff (facilitators and administrators) of the municipality create,
edit and keep the minutes of meetings and see the sign-ups; anyone may see the meeting of a
published challenge and sign up while sign-ups are open and the meeting has not begun."""

from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from ..accounts.permissions import is_staff
from ..challenges.models import Challenge, Phase
from ..database import utcnow
from .models import Meeting


def why_not_manage_meetings(user: Any, challenge: Challenge) -> str | None:
    """Staff of the challenge's municipality create and edit its meetings and see sign-ups."""
    if not is_staff(user, challenge.municipality_id):
        return _("Bare kommunens fasilitatorer og administratorer kan planlegge og endre møter.")
    return None


def can_manage_meetings(user: Any, challenge: Challenge) -> bool:
    return why_not_manage_meetings(user, challenge) is None


def can_view_meeting(user: Any, meeting: Meeting) -> bool:
    """A meeting is public with its challenge; a draft's meetings only its staff see."""
    return meeting.challenge.phase is not Phase.draft or is_staff(
        user, meeting.challenge.municipality_id
    )


def why_not_sign_up(meeting: Meeting, now: datetime | None = None) -> str | None:
    """Anyone may sign up while sign-ups are open, the meeting has not begun and the challenge
    is published (no account needed)."""
    if meeting.challenge.phase is Phase.draft:
        return _("Utfordringen er ikke publisert ennå.")
    if not meeting.signups_open:
        return _("Påmeldingen til dette møtet er stengt.")
    if meeting.starts_at <= (now or utcnow()):
        return _("Møtet har allerede begynt, så påmeldingen er stengt.")
    return None


def can_sign_up(meeting: Meeting) -> bool:
    return why_not_sign_up(meeting) is None
