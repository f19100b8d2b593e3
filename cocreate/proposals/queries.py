"""Reads of innbyggerforslag (Select objects and small lists), and the offer on an idea page."""

import math
from typing import Any

from flask import current_app
from sqlalchemy import Select, select

from ..extensions import db
from ..ideas.models import Idea, Visibility
from ..municipalities.models import Municipality
from .models import CitizenProposal, ProposalMove
from .rules import threshold

DEFAULT_OFFER_SUPPORTS = 50
DEFAULT_OFFER_THRESHOLD_SHARE = 0.1
OFFER_FLOOR = 5  # never "wide support" below k = 5 supports


def proposals(municipality_id: int) -> Select:
    """A municipality's proposals, the newest submission first."""
    return (
        select(CitizenProposal)
        .where(CitizenProposal.municipality_id == municipality_id)
        .order_by(CitizenProposal.submitted_on.desc(), CitizenProposal.id.desc())
    )


def moves(proposal_id: int) -> list[ProposalMove]:
    return list(
        db.session.scalars(
            select(ProposalMove)
            .where(ProposalMove.proposal_id == proposal_id)
            .order_by(ProposalMove.created_at, ProposalMove.id)
        )
    )


def earlier_proposals(proposal: CitizenProposal) -> list[CitizenProposal]:
    """The municipality's other proposals, for «same content as»."""
    return list(
        db.session.scalars(
            proposals(proposal.municipality_id).where(CitizenProposal.id != proposal.id)
        )
    )


def wide_support(municipality: Municipality) -> int:
    """Supports from which an idea has wide support: the smaller of PROPOSAL_OFFER_SUPPORTS
    (default 50) and PROPOSAL_OFFER_THRESHOLD_SHARE (default 0.1) of the signature threshold,
    but at least 5."""
    config = current_app.config
    fixed = int(config.get("PROPOSAL_OFFER_SUPPORTS", DEFAULT_OFFER_SUPPORTS))
    share = float(config.get("PROPOSAL_OFFER_THRESHOLD_SHARE", DEFAULT_OFFER_THRESHOLD_SHARE))
    needed = threshold(municipality)
    relative = math.ceil(needed * share) if needed is not None else fixed
    return max(OFFER_FLOOR, min(fixed, relative))


def proposal_offer(idea: Idea) -> dict[str, Any] | None:
    """The «Vil du fremme dette som innbyggerforslag?» box for a published idea with wide
    support, or None."""
    if idea.visibility is not Visibility.published:
        return None
    municipality = idea.challenge.municipality
    if idea.support_count < wide_support(municipality):
        return None
    return {"idea": idea, "municipality": municipality, "threshold": threshold(municipality)}
