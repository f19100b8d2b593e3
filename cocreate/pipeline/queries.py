"""Reads for the pipeline: boards, the inbox, timelines, stage counts and "Fra ord til handling"."""

import functools
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Select, bindparam, func, or_, select
from sqlalchemy.orm import joinedload

from ..accounts.models import User
from ..challenges.models import Challenge, challenge_principles
from ..challenges.queries import PUBLIC_PHASES
from ..extensions import db
from ..ideas.models import Follow, Idea, Visibility, Vote
from ..ideas.queries import supported_parameters, supported_query
from ..ideas.stages import ACTION_STAGES, Stage
from .models import ANSWER_KINDS, ChangeKind, StageChange


def board_ideas(challenge_id: int) -> Select:
    """Published inputs of a challenge, oldest first (the board groups them by stage)."""
    return (
        select(Idea)
        .where(Idea.challenge_id == challenge_id, Idea.visibility == Visibility.published)
        .order_by(Idea.created_at, Idea.id)
    )


def inbox(municipality_id: int) -> Select:
    """Published inputs of the municipality still waiting for a first public answer, oldest
    first (merged duplicates are answered through their target)."""
    return (
        select(Idea)
        .join(Challenge, Challenge.id == Idea.challenge_id)
        .where(
            Challenge.municipality_id == municipality_id,
            Idea.visibility == Visibility.published,
            Idea.first_answered_at.is_(None),
        )
        .options(joinedload(Idea.challenge))
        .order_by(Idea.created_at, Idea.id)
    )


def duplicate_counts(idea_ids: Iterable[int]) -> dict[int, int]:
    """How many inputs were merged into each of these."""
    ids = list(idea_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Idea.merged_into_id, func.count(Idea.id))
        .where(Idea.merged_into_id.in_(ids), Idea.visibility == Visibility.merged)
        .group_by(Idea.merged_into_id)
    )
    return {target: n for target, n in rows if target is not None}


def stage_counts(challenge_id: int) -> dict[Stage, int]:
    """Published inputs per stage in a challenge; every stage is present (0 when none)."""
    rows = db.session.execute(
        select(Idea.stage, func.count(Idea.id))
        .where(Idea.challenge_id == challenge_id, Idea.visibility == Visibility.published)
        .group_by(Idea.stage)
    )
    counts = dict.fromkeys(Stage, 0)
    counts.update(dict(rows.all()))
    return counts


def timeline(idea_id: int) -> Select:
    """Every move of an input, oldest first."""
    return (
        select(StageChange)
        .where(StageChange.idea_id == idea_id)
        .order_by(StageChange.created_at, StageChange.id)
    )


def answers_for(idea_ids: Iterable[int]) -> dict[int, list[StageChange]]:
    """All moves of several inputs in one query, oldest first per input."""
    ids = list(idea_ids)
    result: dict[int, list[StageChange]] = {i: [] for i in ids}
    if ids:
        changes = db.session.scalars(
            select(StageChange)
            .where(StageChange.idea_id.in_(ids))
            .order_by(StageChange.created_at, StageChange.id)
        )
        for change in changes:
            result[change.idea_id].append(change)
    return result


def latest_answers(idea_ids: Iterable[int]) -> dict[int, StageChange]:
    """The shown answer of each input that has one, in one query: its newest move or
    correction (a progress update is a note beside the answer, not an answer)."""
    ids = list(idea_ids)
    if not ids:
        return {}
    newest = (
        select(func.max(StageChange.id))
        .where(StageChange.idea_id.in_(ids), StageChange.kind.in_(ANSWER_KINDS))
        .group_by(StageChange.idea_id)
    )
    changes = db.session.scalars(select(StageChange).where(StageChange.id.in_(newest)))
    return {change.idea_id: change for change in changes}


def shown_answer(changes: Sequence[StageChange]) -> StageChange | None:
    """Of an input's history (oldest first), the answer shown as the municipality's: the newest
    move or correction."""
    return next((c for c in reversed(changes) if c.kind in ANSWER_KINDS), None)


def replaced_answers(changes: Sequence[StageChange]) -> dict[int, StageChange]:
    """Answers a later correction replaced, each mapped to the correction that replaced it."""
    replaced: dict[int, StageChange] = {}
    previous: StageChange | None = None
    for change in changes:
        if change.kind is ChangeKind.progress:
            continue
        if change.kind is ChangeKind.correction and previous is not None:
            replaced[previous.id] = change
        previous = change
    return replaced


def my_ideas(user: User) -> Select:
    """Inputs the person submitted (any state), or supports or follows (public or merged)."""
    supported = select(Vote.idea_id).where(Vote.user_id == user.id)
    followed = select(Follow.idea_id).where(Follow.user_id == user.id)
    return (
        select(Idea)
        .where(
            or_(
                Idea.author_id == user.id,
                Idea.id.in_(supported)
                & Idea.visibility.in_([Visibility.published, Visibility.merged]),
                Idea.id.in_(followed)
                & Idea.visibility.in_([Visibility.published, Visibility.merged]),
            )
        )
        .options(
            joinedload(Idea.challenge).joinedload(Challenge.municipality),
            joinedload(Idea.merged_into),
        )
        .order_by(Idea.last_moved_at.desc().nulls_last(), Idea.created_at.desc(), Idea.id.desc())
    )


def relations(user: User, idea_ids: Iterable[int]) -> tuple[set[int], set[int]]:
    """Which of these inputs the person supports, and which they follow."""
    ids = list(idea_ids)
    if not ids:
        return set(), set()
    supported = db.session.scalars(supported_query(), supported_parameters(user.id, ids))
    followed = db.session.scalars(following_query(), following_parameters(user.id, ids))
    return set(supported), set(followed)


@functools.cache
def following_query() -> Select[int]:
    """Which of these inputs a person follows (following_parameters), with bound parameters:
    built once (every signed-in idea page runs it, the follow hole of pipeline/routes/staff.py)."""
    return select(Follow.idea_id).where(
        Follow.user_id == bindparam("idea_follower_id"),
        Follow.idea_id.in_(bindparam("followed_idea_ids", expanding=True)),
    )


def following_parameters(user_id: int, idea_ids: list[int]) -> dict[str, Any]:
    return {"idea_follower_id": user_id, "followed_idea_ids": idea_ids}


def action_ideas(municipality_id: int, principle_id: int | None = None) -> Select:
    """Public inputs of the municipality that reached besluttet or beyond (not declined),
    most recently moved first; optionally only challenges linked to one principle."""
    query = (
        select(Idea)
        .join(Challenge, Challenge.id == Idea.challenge_id)
        .where(
            Challenge.municipality_id == municipality_id,
            Challenge.phase.in_(PUBLIC_PHASES),
            Idea.visibility == Visibility.published,
            Idea.stage.in_(ACTION_STAGES),
        )
        .options(joinedload(Idea.challenge))
        .order_by(Idea.last_moved_at.desc(), Idea.id.desc())
    )
    if principle_id is not None:
        query = query.where(
            Idea.challenge_id.in_(
                select(challenge_principles.c.challenge_id).where(
                    challenge_principles.c.principle_id == principle_id
                )
            )
        )
    return query
