"""Innbyggerforslag in the open API: a municipality's proposals and one with its public
history. Only what the public pages show: never the signers (Samskap has none), never the
initiators' contact address, the initiators' names only with their consent."""

from typing import Any

from flask import url_for
from sqlalchemy import Select, select

from ..extensions import db
from ..proposals.models import CitizenProposal
from ..proposals.queries import moves, proposals
from ..proposals.rules import countdown, decided_in_time, reaches, threshold


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def public_proposals(municipality_id: int) -> Select:
    return proposals(municipality_id)


def public_proposal(proposal_id: int) -> CitizenProposal | None:
    return db.session.scalar(select(CitizenProposal).where(CitizenProposal.id == proposal_id))


def proposal(p: CitizenProposal, needed: int | None) -> dict[str, Any]:
    slug = p.municipality.slug
    clock = countdown(p)
    return {
        "id": p.id,
        "municipality": slug,
        "title": p.title,
        "matter": p.matter,
        "initiators": p.shown_initiators or None,
        "channel": p.channel.value,
        "source_url": p.source_url,
        "signatures": p.signatures,
        "valid_signatures": p.valid_signatures,
        "threshold": needed,
        "reaches_threshold": reaches(p, needed),
        "submitted_on": p.submitted_on.isoformat(),
        "deadline": clock.deadline.isoformat(),
        "state": p.state.value,
        "answer": p.answer or None,
        "case_reference": p.case_reference,
        "decided_at": _iso(p.decided_at),
        "decided_in_time": decided_in_time(p),
        "same_content": p.same_content,
        "same_reason": p.same_reason or None,
        "same_as_id": p.same_as_id,
        "url": url_for("proposals.detail", slug=slug, proposal_id=p.id, _external=True),
    }


def many(items: list[CitizenProposal]) -> list[dict[str, Any]]:
    if not items:
        return []
    needed = threshold(items[0].municipality)
    return [proposal(p, needed) for p in items]


def detail(p: CitizenProposal) -> dict[str, Any]:
    return {
        **proposal(p, threshold(p.municipality)),
        "history": [
            {
                "from_state": m.from_state.value,
                "to_state": m.to_state.value,
                "answer": m.answer,
                "reference": m.reference,
                "at": _iso(m.created_at),
            }
            for m in moves(p.id)
        ],
    }
