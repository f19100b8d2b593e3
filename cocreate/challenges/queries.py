"""Reads for challenges; return Select objects the routes paginate or execute."""

from sqlalchemy import Select, select

from .models import Challenge, Phase, challenge_principles

PUBLIC_PHASES = (Phase.open, Phase.assessing, Phase.concluded)


def public_challenges(municipality_id: int | None = None) -> Select:
    """Challenges anyone may see (not drafts), newest first."""
    query = select(Challenge).where(Challenge.phase.in_(PUBLIC_PHASES))
    if municipality_id is not None:
        query = query.where(Challenge.municipality_id == municipality_id)
    return query.order_by(Challenge.published_at.desc(), Challenge.id.desc())


def challenges_for_principle(principle_id: int) -> Select:
    return (
        public_challenges()
        .join(challenge_principles, challenge_principles.c.challenge_id == Challenge.id)
        .where(challenge_principles.c.principle_id == principle_id)
    )
