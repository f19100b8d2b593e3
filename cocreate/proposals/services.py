"""Every change of an innbyggerforslag. Services check their rule, flush, write an audit row and
declare the municipality's public pages changed; routes commit.

A proposal's state changes only through `move_proposal`, which writes a public ProposalMove with
its answer and the council's case reference and tells the initiators and followers."""

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import delete, select

from .. import page_generations
from ..accounts.models import User
from ..audit.services import record_event
from ..database import utcnow
from ..extensions import db
from ..municipalities.models import Municipality
from ..refusals import Refusal, require
from .models import (
    CASE_REFERENCE,
    INITIATORS,
    MAX_SIGNATURES,
    PROPOSAL_ANSWER,
    PROPOSAL_MATTER,
    PROPOSAL_TITLE,
    SAME_REASON,
    SOURCE_URL,
    CitizenProposal,
    ProposalChannel,
    ProposalFollow,
    ProposalMove,
    ProposalState,
)
from .notices import notify_proposal_moved
from .permissions import why_not_follow_proposal, why_not_manage_proposals
from .rules import oslo_today

MINSAK_HOSTS = frozenset({"minsak.no", "www.minsak.no"})
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Where a proposal may go from each state (forward only; a decision is final).
MOVES = {
    ProposalState.registered: (
        ProposalState.in_treatment,
        ProposalState.adopted,
        ProposalState.rejected,
    ),
    ProposalState.in_treatment: (ProposalState.adopted, ProposalState.rejected),
    ProposalState.adopted: (),
    ProposalState.rejected: (),
}


class ProposalError(Refusal):
    """A rule about innbyggerforslag was broken; the message is shown to the person."""


@dataclass
class ProposalData:
    """What staff register about a proposal."""

    title: str
    matter: str
    channel: ProposalChannel
    submitted_on: date
    signatures: int
    valid_signatures: int | None = None
    source_url: str | None = None
    initiators: str = ""
    initiators_public: bool = False
    contact_email: str | None = None


def valid_minsak_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "https" and (parts.hostname or "") in MINSAK_HOSTS and not parts.username


def _clean(data: ProposalData) -> ProposalData:
    title = PROPOSAL_TITLE.enforce(" ".join((data.title or "").split()), ProposalError)
    matter = PROPOSAL_MATTER.enforce((data.matter or "").strip(), ProposalError)
    if data.signatures is None or data.signatures < 0:
        raise ProposalError(_("Antall underskrifter kan ikke være negativt."))
    if data.signatures > MAX_SIGNATURES:
        raise ProposalError(_("Antall underskrifter er for stort."))
    valid = data.valid_signatures
    if valid is not None and valid < 0:
        raise ProposalError(_("Antall gyldige underskrifter kan ikke være negativt."))
    if valid is not None and valid > data.signatures:
        raise ProposalError(
            _("Det kan ikke være flere gyldige underskrifter enn underskrifter i alt.")
        )
    if data.submitted_on > oslo_today():
        raise ProposalError(_("Datoen forslaget ble fremmet, kan ikke være i framtiden."))
    url = SOURCE_URL.enforce((data.source_url or "").strip(), ProposalError) or None
    if data.channel is ProposalChannel.minsak:
        if not url:
            raise ProposalError(_("Skriv adressen til forslaget på minsak.no."))
        if not valid_minsak_url(url):
            raise ProposalError(
                _("Adressen må være til minsak.no og begynne med https://minsak.no/.")
            )
    elif url and urlsplit(url).scheme not in ("http", "https"):
        raise ProposalError(_("Adressen må begynne med https:// eller http://."))
    elif data.channel is ProposalChannel.paper:
        url = None
    initiators = INITIATORS.enforce(" ".join((data.initiators or "").split()), ProposalError)
    if data.initiators_public and not initiators:
        raise ProposalError(_("Skriv navnene som skal vises, eller fjern samtykket."))
    email = (data.contact_email or "").strip() or None
    if email is not None and (len(email) > 254 or not _EMAIL.match(email)):
        raise ProposalError(_("Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no."))
    return ProposalData(
        title=title,
        matter=matter,
        channel=data.channel,
        submitted_on=data.submitted_on,
        signatures=int(data.signatures),
        valid_signatures=valid,
        source_url=url,
        # Names without consent are not kept at all (data minimisation).
        initiators=initiators if data.initiators_public else "",
        initiators_public=bool(data.initiators_public and initiators),
        contact_email=email,
    )


def _apply(proposal: CitizenProposal, data: ProposalData) -> None:
    for name, value in vars(data).items():
        setattr(proposal, name, value)


def register_proposal(
    municipality: Municipality, data: ProposalData, *, actor: User
) -> CitizenProposal:
    """Staff register a proposal that was fremmet (on minsak.no, on paper or otherwise)."""
    require(why_not_manage_proposals(actor, municipality))
    clean = _clean(data)
    proposal = CitizenProposal(
        municipality_id=municipality.id,
        municipality=municipality,
        state=ProposalState.registered,
        created_by_id=actor.id,
    )
    _apply(proposal, clean)
    db.session.add(proposal)
    db.session.flush()
    _recorded("proposal.registered", proposal, actor, title=proposal.title)
    return proposal


def update_proposal(
    proposal: CitizenProposal, data: ProposalData, *, actor: User
) -> CitizenProposal:
    """Staff correct what was registered, e.g. the valid signatures after their control."""
    require(why_not_manage_proposals(actor, proposal.municipality_id))
    _apply(proposal, _clean(data))
    db.session.flush()
    _recorded("proposal.updated", proposal, actor, title=proposal.title)
    return proposal


def move_proposal(
    proposal: CitizenProposal,
    *,
    to_state: ProposalState,
    answer: str,
    reference: str | None,
    actor: User,
) -> ProposalMove:
    """A public move with its answer; a decision (vedtatt or avslått) needs the council's case
    reference. The initiators and the followers are told."""
    require(why_not_manage_proposals(actor, proposal.municipality_id))
    if to_state not in MOVES[proposal.state]:
        raise ProposalError(
            _(
                "Forslaget kan ikke flyttes fra «%(from)s» til «%(to)s».",
                **{"from": proposal.state.label, "to": to_state.label},
            )
        )
    answer = PROPOSAL_ANSWER.enforce((answer or "").strip(), ProposalError)
    reference = CASE_REFERENCE.enforce((reference or "").strip(), ProposalError) or None
    if to_state.decided and not reference:
        raise ProposalError(_("Skriv saksnummeret til kommunestyrets vedtak."))
    move = ProposalMove(
        proposal_id=proposal.id,
        from_state=proposal.state,
        to_state=to_state,
        answer=answer,
        reference=reference,
        actor_id=actor.id,
    )
    proposal.state, proposal.answer = to_state, answer
    if reference:
        proposal.case_reference = reference
    if to_state.decided:
        proposal.decided_at = utcnow()
    db.session.add(move)
    db.session.flush()
    _recorded("proposal.moved", proposal, actor, to=to_state.value, move=move.id)
    notify_proposal_moved(proposal, move, actor=actor)
    if to_state.decided:
        # The decision is final and the initiators have been told: the address is not needed.
        proposal.contact_email = None
        db.session.flush()
    return move


def mark_same_content(
    proposal: CitizenProposal,
    *,
    same: bool,
    reason: str,
    same_as: CitizenProposal | None,
    actor: User,
) -> CitizenProposal:
    """§ 12-1 third paragraph: the proposal has the same content as one already treated in this
    election period, with a public reason (and the earlier proposal, if it is in Samskap)."""
    require(why_not_manage_proposals(actor, proposal.municipality_id))
    if not same:
        proposal.same_content, proposal.same_reason, proposal.same_as_id = False, "", None
    else:
        reason = SAME_REASON.enforce((reason or "").strip(), ProposalError)
        if same_as is not None:
            if same_as.id == proposal.id:
                raise ProposalError(_("Forslaget kan ikke vise til seg selv."))
            if same_as.municipality_id != proposal.municipality_id:
                raise ProposalError(_("Det tidligere forslaget hører til en annen kommune."))
        proposal.same_content, proposal.same_reason = True, reason
        proposal.same_as_id = same_as.id if same_as is not None else None
    db.session.flush()
    _recorded("proposal.same_content", proposal, actor, same=same)
    return proposal


def follow_proposal(proposal: CitizenProposal, user: User) -> None:
    """Follow a proposal (idempotent)."""
    require(why_not_follow_proposal(user))
    exists = db.session.get(ProposalFollow, (proposal.id, user.id))
    if exists is None:
        db.session.add(ProposalFollow(proposal_id=proposal.id, user_id=user.id))
        db.session.flush()


def unfollow_proposal(proposal: CitizenProposal, user: User) -> None:
    db.session.execute(
        delete(ProposalFollow).where(
            ProposalFollow.proposal_id == proposal.id, ProposalFollow.user_id == user.id
        )
    )
    db.session.flush()


def is_following(proposal: CitizenProposal, user: User) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        db.session.scalar(
            select(ProposalFollow.user_id).where(
                ProposalFollow.proposal_id == proposal.id, ProposalFollow.user_id == user.id
            )
        )
        is not None
    )


def _recorded(event: str, proposal: CitizenProposal, actor: User, **data: object) -> None:
    municipality = proposal.municipality
    record_event(event, actor=actor, municipality=municipality, subject=proposal, **data)
    page_generations.changed(municipality.id)
