"""Who is told of a proposal's move: its followers (in the app, and by e-mail unless they opted
out), each in their own language, and the initiators at the contact address staff registered
(an e-mail only: they need no account; the address is never shown)."""

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts.models import User
from ..database import after_commit
from ..extensions import db
from ..notifications.compose import by_locale, default_locale
from ..notifications.jobs import wake_worker
from ..notifications.kinds import register_kind
from ..notifications.links import absolute_url, path_for
from ..notifications.models import OutboxMessage
from ..notifications.services import notify_many
from .models import CitizenProposal, ProposalFollow, ProposalMove

PROPOSAL_MOVED = "proposal_moved"
register_kind(PROPOSAL_MOVED, _l("Nytt om innbyggerforslag du følger"))
# To the initiators' registered address (no account, so no preferences): its own kind.
INITIATOR_NOTICE = "proposal_initiator"


def proposal_path(proposal: CitizenProposal) -> str:
    return path_for("proposals.detail", slug=proposal.municipality.slug, proposal_id=proposal.id)


def followers(proposal: CitizenProposal) -> list[User]:
    query = (
        select(User)
        .join(ProposalFollow, ProposalFollow.user_id == User.id)
        .where(ProposalFollow.proposal_id == proposal.id, User.deleted_at.is_(None))
        .order_by(User.id)
    )
    return list(db.session.scalars(query))


def _message(proposal: CitizenProposal, move: ProposalMove) -> tuple[str, str]:
    subject = _(
        "Innbyggerforslaget «%(title)s»: %(state)s",
        title=proposal.title,
        state=move.to_state.label,
    )
    lines = [
        _(
            "Innbyggerforslaget «%(title)s» i %(municipality)s er nå: %(state)s.",
            title=proposal.title,
            municipality=proposal.municipality.name,
            state=move.to_state.label,
        ),
        "",
        move.answer,
    ]
    if move.reference:
        lines += ["", _("Saksnummer: %(reference)s", reference=move.reference)]
    return subject, "\n".join(lines)


def notify_proposal_moved(
    proposal: CitizenProposal, move: ProposalMove, *, actor: User | None
) -> None:
    """Tell the followers (not the actor) and the initiators' contact address of the move."""
    told = [p for p in followers(proposal) if actor is None or p.id != actor.id]
    link = proposal_path(proposal)
    with default_locale(proposal.municipality.default_locale):
        for locale, people in by_locale(told).items():
            with force_locale(locale):
                subject, text = _message(proposal, move)
                notify_many(people, kind=PROPOSAL_MOVED, subject=subject, text=text, link=link)
    if proposal.contact_email:
        with force_locale(proposal.municipality.language.value):
            subject, text = _message(proposal, move)
            text += "\n\n" + _("Les mer: %(url)s", url=absolute_url(link)) + "\n"
        db.session.add(
            OutboxMessage(
                user_id=None,
                kind=INITIATOR_NOTICE,
                to_address=proposal.contact_email,
                subject=" ".join(subject.split())[:200],
                text=text,
                headers={},
            )
        )
        db.session.flush()
        after_commit("outbox", wake_worker)
