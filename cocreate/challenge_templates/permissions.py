"""Who may do what with templates (maler). Each rule once: `why_not_<action>()` gives the reason,
`can_<action>()` asks it.

An administrator of the challenge's municipality publishes a concluded challenge as a template,
and an administrator of the publishing municipality takes it down again. Staff (facilitators and
administrators) of any municipality start a new challenge in their own municipality from a
published template. Everyone sees published templates."""

from typing import Any

from flask_babel import gettext as _

from ..accounts.permissions import is_admin
from ..challenges.models import Challenge, Phase
from ..challenges.permissions import why_not_create_challenge
from ..municipalities.models import Municipality
from .models import ChallengeTemplate


def why_not_publish_in_phase(challenge: Challenge) -> str | None:
    if challenge.phase is not Phase.concluded:
        return _(
            "Bare avsluttede utfordringer kan deles som mal: da er effektene målt, og "
            "sammendraget er publisert."
        )
    return None


def why_not_publish_template(user: Any, challenge: Challenge) -> str | None:
    """Administrators of the challenge's municipality, once the challenge is concluded."""
    if not is_admin(user, challenge.municipality_id):
        return _("Bare kommunens administratorer kan dele en utfordring som mal.")
    return why_not_publish_in_phase(challenge)


def can_publish_template(user: Any, challenge: Challenge) -> bool:
    return why_not_publish_template(user, challenge) is None


def why_not_unpublish_template(user: Any, template: ChallengeTemplate) -> str | None:
    """Administrators of the publishing municipality, while it is published."""
    if not is_admin(user, template.municipality_id):
        return _("Bare administratorer i kommunen som delte malen, kan trekke den tilbake.")
    if not template.is_published:
        return _("Malen er allerede trukket tilbake.")
    return None


def can_unpublish_template(user: Any, template: ChallengeTemplate) -> bool:
    return why_not_unpublish_template(user, template) is None


def why_not_use_template(
    user: Any, template: ChallengeTemplate, municipality: Municipality
) -> str | None:
    """Staff of the municipality the new challenge will belong to (any municipality)."""
    if not template.is_published:
        return _("Malen er trukket tilbake og kan ikke brukes.")
    return why_not_create_challenge(user, municipality)


def can_use_template(user: Any, template: ChallengeTemplate, municipality: Municipality) -> bool:
    return why_not_use_template(user, template, municipality) is None


def can_view_template(template: ChallengeTemplate) -> bool:
    """A published template is public; a withdrawn one is no page at all."""
    return template.is_published
