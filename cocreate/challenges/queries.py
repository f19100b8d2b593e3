"""Reads for challenges; return Select objects the routes paginate or execute."""

from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from ..municipalities.models import Municipality
from .models import (
    Challenge,
    Phase,
    challenge_principles,
    challenge_target_images,
)

PUBLIC_PHASES = (Phase.open, Phase.assessing, Phase.concluded)


def _for_cards(query: Select) -> Select:
    """What a challenge card shows, loaded in a fixed number of queries for any list length."""
    return query.options(joinedload(Challenge.municipality), selectinload(Challenge.principles))


def public_challenges(municipality_id: int | None = None) -> Select:
    """Challenges anyone may see (not drafts), newest first."""
    query = select(Challenge).where(Challenge.phase.in_(PUBLIC_PHASES))
    if municipality_id is not None:
        query = query.where(Challenge.municipality_id == municipality_id)
    return _for_cards(query).order_by(Challenge.published_at.desc(), Challenge.id.desc())


def municipality_challenges(
    municipality_id: int,
    *,
    include_drafts: bool = False,
    principle_id: int | None = None,
    target_image_id: int | None = None,
    phase: Phase | None = None,
) -> Select:
    """A municipality's challenges, filtered; drafts (first) only when asked for, for staff."""
    phases = tuple(Phase) if include_drafts else PUBLIC_PHASES
    query = select(Challenge).where(
        Challenge.municipality_id == municipality_id, Challenge.phase.in_(phases)
    )
    if phase is not None:
        query = query.where(Challenge.phase == phase)
    if principle_id is not None:
        query = query.where(
            Challenge.id.in_(
                select(challenge_principles.c.challenge_id).where(
                    challenge_principles.c.principle_id == principle_id
                )
            )
        )
    if target_image_id is not None:
        query = query.where(
            Challenge.id.in_(
                select(challenge_target_images.c.challenge_id).where(
                    challenge_target_images.c.target_image_id == target_image_id
                )
            )
        )
    # Drafts (no published_at) first for staff, then newest published.
    return _for_cards(query).order_by(
        Challenge.published_at.is_not(None),
        Challenge.published_at.desc(),
        Challenge.id.desc(),
    )


def open_challenges() -> Select:
    """Open challenges across all municipalities, for the front page; newest first."""
    query = select(Challenge).where(Challenge.phase == Phase.open)
    return _for_cards(query).order_by(Challenge.published_at.desc(), Challenge.id.desc())


def challenges_for_principle(principle_id: int) -> Select:
    """Public challenges in every municipality linked to one principle."""
    return public_challenges().where(
        Challenge.id.in_(
            select(challenge_principles.c.challenge_id).where(
                challenge_principles.c.principle_id == principle_id
            )
        )
    )


def challenge_for_page(municipality_id: int, challenge_id: int) -> Select:
    """One challenge of a municipality with everything its page shows."""
    return (
        select(Challenge)
        .where(Challenge.id == challenge_id, Challenge.municipality_id == municipality_id)
        .options(
            joinedload(Challenge.municipality),
            selectinload(Challenge.principles),
            selectinload(Challenge.target_images),
            selectinload(Challenge.goals),
            selectinload(Challenge.districts),
        )
    )


def challenge_with_municipality(slug: str, challenge_id: int) -> Select:
    """One challenge by its municipality's slug, with the municipality, in one query (the
    challenge page; its links come from facts.challenge_facts)."""
    return (
        select(Challenge)
        .join(Challenge.municipality)
        .where(Challenge.id == challenge_id, Municipality.slug == slug)
        .options(contains_eager(Challenge.municipality))
    )
