"""Who may run workshops: facilitators and admins of the challenge's municipality.

Each action is one rule, written once: `why_not_<action>()` answers with the reason in plain
words, or None when the person may; `can_<action>()` asks it. Services raise the reason as a
WorkshopError; routes and templates ask `can_<action>()`. `..._in_phase()` is the phase part
of a rule alone: what binds the platform itself (the CLI, the demo seed: actor None).
"""

from typing import Any

from flask_babel import gettext as _

from ..accounts.permissions import is_staff
from ..challenges.models import Challenge, Phase
from ..challenges.permissions import can_view_challenge, staff_only
from .models import Workshop

# Workshops are planned before a challenge opens and held while it is open.
PLANNING_PHASES = frozenset({Phase.draft, Phase.open})
# Results gathered while open may still be published while the municipality assesses.
PUBLISHING_PHASES = frozenset({Phase.open, Phase.assessing})


def why_not_create_in_phase(challenge: Challenge) -> str | None:
    if challenge.phase not in PLANNING_PHASES:
        return _("Verksteder planlegges mens utfordringen er et utkast eller åpen.")
    return None


def why_not_create_workshop(user: Any, challenge: Challenge) -> str | None:
    """Staff of the municipality, while the challenge is a draft or open."""
    if not is_staff(user, challenge.municipality_id):
        return staff_only()
    return why_not_create_in_phase(challenge)


def can_create_workshop(user: Any, challenge: Challenge) -> bool:
    return why_not_create_workshop(user, challenge) is None


def can_manage_workshop(user: Any, workshop: Workshop) -> bool:
    """Staff of the municipality: edit, run the wall, hide, merge, group, record attendance."""
    return is_staff(user, workshop.challenge.municipality_id)


def why_not_publish_in_phase(workshop: Workshop) -> str | None:
    if workshop.challenge.phase not in PUBLISHING_PHASES:
        return _(
            "Utfordringen må være åpen eller til vurdering for å publisere verkstedets innspill."
        )
    return None


def why_not_publish_workshop(user: Any, workshop: Workshop) -> str | None:
    """Staff, while the challenge is open or being assessed: notes and themes become ideas."""
    if not is_staff(user, workshop.challenge.municipality_id):
        return staff_only()
    return why_not_publish_in_phase(workshop)


def can_publish_workshop(user: Any, workshop: Workshop) -> bool:
    return why_not_publish_workshop(user, workshop) is None


def why_not_register_input(user: Any, challenge: Challenge) -> str | None:
    """Staff type in post-its, letters and calls once the challenge is published; after it
    closes, a late input is still registered (and marked as late)."""
    if not is_staff(user, challenge.municipality_id):
        return _("Bare fasilitatorer og administratorer i kommunen kan registrere innspill.")
    if challenge.phase is Phase.draft:
        return _("Utfordringen er ikke publisert ennå, så den kan ikke få innspill.")
    return None


def can_register_offline_input(user: Any, challenge: Challenge) -> bool:
    return why_not_register_input(user, challenge) is None


def why_not_post_notes(workshop: Workshop) -> str | None:
    """Notes and dots go on the wall while the session is live and the challenge still takes
    inputs (a session cannot sneak in late ones)."""
    if not workshop.is_live:
        return _("Verkstedet tar ikke imot lapper eller prikker nå.")
    if workshop.challenge.phase not in PLANNING_PHASES:
        return _("Utfordringen tar ikke imot nye innspill nå.")
    return None


def can_post_notes(workshop: Workshop) -> bool:
    return why_not_post_notes(workshop) is None


def can_join_workshop(user: Any, workshop: Workshop) -> bool:
    """Anyone with the code joins a workshop of a published challenge; while the challenge is a
    draft, only the municipality's staff (to try the workshop out)."""
    return can_view_challenge(user, workshop.challenge)
