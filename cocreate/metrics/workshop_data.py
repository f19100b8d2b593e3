"""What workshops add to the measures: headcount beside participants, check-ins by group."""

from sqlalchemy import ColumnElement, func, select

from ..extensions import db
from ..workshops.models import Workshop, WorkshopCheckinCount
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
