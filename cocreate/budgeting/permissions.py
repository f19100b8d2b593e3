"""Who keeps a budget and who votes. Each rule once: `why_not_<action>()` gives the reason in
plain words, `can_<action>()` asks it.

Staff (facilitators and administrators) of the challenge's municipality set the budget, make
projects, print paper codes, open and close the vote and confirm the result. A verified resident
who is signed in (and not suspended there) votes while the vote is open; a paper code votes once.
"""

from typing import Any

from flask_babel import gettext as _

from ..accounts.permissions import is_staff, why_not_participate
from ..challenges.models import Challenge
from ..database import utcnow
from .models import Budget, BudgetStatus


def why_not_manage_budget(user: Any, challenge: Challenge) -> str | None:
    """Staff of the challenge's municipality keep its budget."""
    if not is_staff(user, challenge.municipality_id):
        return _("Bare kommunens fasilitatorer og administratorer kan styre budsjettet.")
    return None


def can_manage_budget(user: Any, challenge: Challenge) -> bool:
    return why_not_manage_budget(user, challenge) is None


def why_not_open_for_votes(budget: Budget) -> str | None:
    """The vote is open from staff open it until they close it or its closing time passes."""
    if budget.status is BudgetStatus.preparing:
        return _("Avstemningen er ikke åpnet ennå.")
    if budget.status is not BudgetStatus.open:
        return _("Avstemningen er avsluttet. Stemmer kan ikke lenger endres.")
    if budget.closes_at is not None and utcnow() >= budget.closes_at:
        return _("Fristen for å stemme har gått ut.")
    return None


def why_not_vote(user: Any, budget: Budget) -> str | None:
    """A verified resident, signed in, votes (and changes the ballot) while the vote is open."""
    return why_not_open_for_votes(budget) or why_not_participate(
        user, budget.challenge.municipality_id
    )


def can_vote(user: Any, budget: Budget) -> bool:
    return why_not_vote(user, budget) is None
