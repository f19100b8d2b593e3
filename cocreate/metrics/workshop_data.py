"""What workshops add to the measures: headcount beside participants, check-ins by group."""

from sqlalchemy import ColumnElement, func, select

from ..extensions import db
from ..workshops.models import Workshop, WorkshopCheckinCount
from .models import Dimension
from .scope import Scope, scoped_challenges


def _in_scope(scope: Scope) -> list[ColumnElement[bool]]:
    return [
        Workshop.challenge_id.in_(scoped_challenges(scope)),
        *scope.in_range(Workshop.starts_at),
    ]


def workshop_headcount(scope: Scope) -> int:
    """People present at workshops in scope: the counted headcount, else the check-ins."""
    total = db.session.scalar(
        select(func.sum(func.coalesce(Workshop.headcount, Workshop.checkin_count))).where(
            *_in_scope(scope)
        )
    )
    return int(total or 0)


def checkin_counts(scope: Scope, dimension: str) -> dict[str, int]:
    """Check-ins per answer (age band, gender or district) at workshops in scope."""
    query = (
        select(WorkshopCheckinCount.value, func.sum(WorkshopCheckinCount.count))
        .join(Workshop, Workshop.id == WorkshopCheckinCount.workshop_id)
        .where(WorkshopCheckinCount.dimension == dimension, *_in_scope(scope))
        .group_by(WorkshopCheckinCount.value)
    )
    return {value: int(n or 0) for value, n in db.session.execute(query)}


def all_checkin_counts(scope: Scope) -> dict[Dimension, dict[str, int]]:
    """Check-ins per dimension and answer at workshops in scope, in one query."""
    query = (
        select(
            WorkshopCheckinCount.dimension,
            WorkshopCheckinCount.value,
            func.sum(WorkshopCheckinCount.count),
        )
        .join(Workshop, Workshop.id == WorkshopCheckinCount.workshop_id)
        .where(*_in_scope(scope))
        .group_by(WorkshopCheckinCount.dimension, WorkshopCheckinCount.value)
    )
    found: dict[Dimension, dict[str, int]] = {dimension: {} for dimension in Dimension}
    known = {dimension.value: dimension for dimension in Dimension}
    for dimension, value, n in db.session.execute(query):
        if dimension in known:
            found[known[dimension]][value] = int(n or 0)
    return found
