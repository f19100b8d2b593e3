"""Who may see and change the measures (is_admin and friends come from accounts)."""

from typing import Any

from ..accounts.permissions import _is_user, is_admin
from ..challenges.models import Challenge, Phase
from ..ideas.models import Idea
from ..municipalities.models import Municipality
from .followup import was_invited
from .survey import took_part


def can_view_effects_dashboard(user: Any, municipality: Municipality) -> bool:
    """Only the municipality's administrators see the full effects dashboard."""
    return is_admin(user, municipality)


def can_manage_population(user: Any, municipality: Municipality) -> bool:
    """Only the municipality's administrators load its reference population."""
    return is_admin(user, municipality)


def can_publish_measures(user: Any, municipality: Municipality) -> bool:
    """Only the municipality's administrators choose which figures are public."""
    return is_admin(user, municipality)


def can_answer_survey(user: Any, challenge: Challenge) -> bool:
    """A signed-in person who took part may answer «Ble du hørt?» once the challenge concluded."""
    return _is_user(user) and challenge.phase is Phase.concluded and took_part(user, challenge)


def can_answer_followup(user: Any, idea: Idea) -> bool:
    """Only a signed-in person who was invited (the input's author or a supporter, asked by the
    follow-up run) may answer «Gjorde det en forskjell?» about it."""
    return _is_user(user) and was_invited(user, idea)
