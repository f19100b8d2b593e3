"""Reads for embeds: a municipality's allowlist, and the lists the embed pages show."""

from sqlalchemy import Select, select

from ..challenges.models import Challenge
from ..challenges.queries import PUBLIC_PHASES
from ..extensions import db
from ..ideas.models import Idea, Visibility
from ..municipalities.models import Municipality
from .models import EmbedOrigin

INPUTS_SHOWN = 50  # an embed is a glimpse: the rest is one link away, on Samskap


def origins_of(municipality_id: int) -> list[EmbedOrigin]:
    """The municipality's allowlist, in the order it was made."""
    query = (
        select(EmbedOrigin)
        .where(EmbedOrigin.municipality_id == municipality_id)
        .order_by(EmbedOrigin.id)
    )
    return list(db.session.scalars(query))


def frame_ancestors_for(slug: str) -> list[str]:
    """The origins that may frame the embeds of the municipality with this slug (one query)."""
    query = (
        select(EmbedOrigin.origin)
        .join(Municipality, Municipality.id == EmbedOrigin.municipality_id)
        .where(Municipality.slug == slug)
        .order_by(EmbedOrigin.id)
    )
    return list(db.session.scalars(query))


def public_challenges_of(municipality_id: int) -> list[Challenge]:
    """The challenges whose inputs can be embedded (every phase the public sees), newest first."""
    query = (
        select(Challenge)
        .where(Challenge.municipality_id == municipality_id, Challenge.phase.in_(PUBLIC_PHASES))
        .order_by(Challenge.id.desc())
    )
    return list(db.session.scalars(query))


def challenge_inputs(challenge_id: int) -> Select:
    """A challenge's published inputs, most supported first."""
    return (
        select(Idea)
        .where(Idea.challenge_id == challenge_id, Idea.visibility == Visibility.published)
        .order_by(Idea.support_count.desc(), Idea.created_at.desc(), Idea.id.desc())
    )
