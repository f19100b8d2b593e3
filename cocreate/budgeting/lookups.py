"""Load what a budgeting URL names, or answer 404 (also for what the person may not see)."""

from flask import abort
from flask_login import current_user

from ..challenges.models import Challenge
from ..challenges.permissions import can_view_challenge
from ..extensions import db
from ..municipalities.models import Municipality
from ..municipalities.services import get_by_slug
from .models import Budget, BudgetProject, BudgetStatus
from .permissions import can_manage_budget
from .queries import budget_of


def challenge_or_404(slug: str, challenge_id: int) -> Challenge:
    municipality: Municipality = get_by_slug(slug) or abort(404)
    challenge = db.session.get(Challenge, challenge_id)
    if (
        challenge is None
        or challenge.municipality_id != municipality.id
        or not can_view_challenge(current_user, challenge)
    ):
        abort(404)
    return challenge


def budget_or_404(slug: str, challenge_id: int) -> Budget:
    """The challenge's budget; one still being prepared only for its staff."""
    challenge = challenge_or_404(slug, challenge_id)
    budget = budget_of(challenge)
    if budget is None or (
        budget.status is BudgetStatus.preparing and not can_manage_budget(current_user, challenge)
    ):
        abort(404)
    return budget


def project_or_404(budget: Budget, project_id: int) -> BudgetProject:
    project = db.session.get(BudgetProject, project_id)
    if project is None or project.budget_id != budget.id:
        abort(404)
    return project
