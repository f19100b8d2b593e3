"""Innbyggerforslag (kommuneloven § 12-1, DESIGN.md §3): read from the proposals' own table.

Which proposals a scope holds: the municipality's, when the scope is not narrowed to a
challenge, principle or målbilde (a proposal belongs to none); in a date range by the day it was
submitted (fremmet). Proposals are documents of the council, not persons: their counts are
published as they are, like the hearings' and results' counts (measures_hearings.py).

- registered: proposals in scope;
- qualified: those whose valid signatures reach the threshold of the law (rules.threshold);
- decided: those the council has decided (vedtatt or avslått);
- decided in time: of the proposals that are decided or whose deadline has passed, the share
  decided by the deadline (submitted + 6 calendar months, Oslo date). Open proposals before their
  deadline are left out: they may still make it;
- median days from submission to decision (the Oslo date of the decision − the submission day).
"""

import statistics
from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..municipalities.models import Municipality
from ..proposals.models import CitizenProposal
from ..proposals.rules import deadline_of, decided_in_time, oslo_today, reaches, threshold
from .scope import Scope, ratio


@dataclass
class ProposalMeasures:
    registered: int
    qualified: int
    decided: int
    due: int  # decided, or past the deadline (the in-time share's denominator)
    decided_in_time: int
    in_time_share: float | None
    median_days_to_decision: float | None
    threshold: int | None


def _in_scope(scope: Scope) -> list[CitizenProposal]:
    if any(p is not None for p in (scope.challenge_id, scope.principle_id, scope.target_image_id)):
        return []
    query = select(CitizenProposal).where(CitizenProposal.municipality_id == scope.municipality_id)
    if scope.start is not None:
        query = query.where(CitizenProposal.submitted_on >= scope.start)
    if scope.end is not None:
        query = query.where(CitizenProposal.submitted_on <= scope.end)
    return list(db.session.scalars(query))


def proposal_measures(scope: Scope) -> ProposalMeasures:
    """Proposals registered, qualified and decided; the share decided within 6 months; the
    median days from submission to decision."""
    municipality = db.session.get(Municipality, scope.municipality_id)
    needed = threshold(municipality) if municipality is not None else None
    rows = _in_scope(scope)
    today = oslo_today(scope.now)
    decided = [p for p in rows if p.decided_at is not None]
    due = [p for p in rows if p.decided_at is not None or deadline_of(p.submitted_on) < today]
    in_time = [p for p in due if decided_in_time(p)]
    days = [
        float((oslo_today(p.decided_at) - p.submitted_on).days) for p in decided if p.decided_at
    ]
    return ProposalMeasures(
        registered=len(rows),
        qualified=sum(1 for p in rows if reaches(p, needed)),
        decided=len(decided),
        due=len(due),
        decided_in_time=len(in_time),
        in_time_share=None if not due else round(ratio(len(in_time), len(due)) or 0.0, 3),
        median_days_to_decision=round(statistics.median(days), 1) if days else None,
        threshold=needed,
    )
