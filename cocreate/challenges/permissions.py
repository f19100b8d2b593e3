"""Who may do what with a challenge, per municipality and phase.

Each action is one rule, written once: `why_not_<action>()` answers with the reason in plain
words, or None when the person may; `can_<action>()` asks it. Services raise the reason as a
ChallengeError; routes and templates ask `can_<action>()`. `..._in_phase()` is the phase part
of a rule alone: what binds the platform itself (the CLI, the demo seed: actor None).
"""

from typing import Any

from flask_babel import gettext as _

from ..accounts.permissions import is_staff
from ..municipalities.models import Municipality
from .models import Challenge, Phase


def staff_only() -> str:
    """The reason given to someone who is not staff of the municipality."""
    return _("Bare fasilitatorer og administratorer i kommunen kan gjøre dette.")


def why_not_create_challenge(user: Any, municipality: Municipality) -> str | None:
    """Facilitators and admins of the municipality open new challenges."""
    return None if is_staff(user, municipality) else staff_only()


def can_create_challenge(user: Any, municipality: Municipality) -> bool:
    return why_not_create_challenge(user, municipality) is None


def why_not_change_in_phase(challenge: Challenge) -> str | None:
    """A challenge is edited and moved forward until it is concluded."""
    if challenge.phase is Phase.concluded:
        return _(
            "Utfordringen er avsluttet, og sammendraget er publisert. Den kan ikke endres "
            "eller flyttes videre; svarene på innspillene kan fortsatt rettes."
        )
    return None


def _why_not_staff_until_concluded(user: Any, challenge: Challenge) -> str | None:
    if not is_staff(user, challenge.municipality_id):
        return _("Bare fasilitatorer og administratorer i kommunen kan endre utfordringer.")
    return why_not_change_in_phase(challenge)


def why_not_edit_challenge(user: Any, challenge: Challenge) -> str | None:
    """Staff of the challenge's municipality edit it until it is concluded."""
    return _why_not_staff_until_concluded(user, challenge)


def can_edit_challenge(user: Any, challenge: Challenge) -> bool:
    return why_not_edit_challenge(user, challenge) is None


def why_not_change_phase(user: Any, challenge: Challenge) -> str | None:
    """Staff of the challenge's municipality move it forward until it is concluded."""
    return _why_not_staff_until_concluded(user, challenge)


def can_change_phase(user: Any, challenge: Challenge) -> bool:
    return why_not_change_phase(user, challenge) is None


def can_view_challenge(user: Any, challenge: Challenge) -> bool:
    """Everyone sees published challenges; drafts only staff of that municipality."""
    return challenge.phase is not Phase.draft or is_staff(user, challenge.municipality_id)


def why_not_follow(user: Any) -> str | None:
    """Anyone signed in follows a district or a principle to hear of new challenges there."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return _("Logg inn for å følge.")
    return None


def why_not_follow_challenge(user: Any, challenge: Challenge) -> str | None:
    """Anyone signed in follows a published challenge to hear of every move of its inputs."""
    if reason := why_not_follow(user):
        return reason
    if challenge.phase is Phase.draft:
        return _("Et utkast kan ikke følges før det er publisert.")
    return None


def can_follow_challenge(user: Any, challenge: Challenge) -> bool:
    return why_not_follow_challenge(user, challenge) is None
