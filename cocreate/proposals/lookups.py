"""Load what a proposals URL names, or answer 404."""

from flask import abort

from ..extensions import db
from ..municipalities.models import Municipality
from ..municipalities.services import get_by_slug
from .models import CitizenProposal


def municipality_or_404(slug: str) -> Municipality:
    return get_by_slug(slug) or abort(404)


def proposal_or_404(municipality: Municipality, proposal_id: int) -> CitizenProposal:
    proposal = db.session.get(CitizenProposal, proposal_id)
    if proposal is None or proposal.municipality_id != municipality.id:
        abort(404)
    return proposal
