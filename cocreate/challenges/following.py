"""Following a whole challenge, a district or a principle (TopicFollow), and who is told what.

- A new challenge opening in a followed district or under a followed principle is news for the
  follower: advance_phase() calls notify_challenge_opened() when a draft opens.
- Every move of an input in a followed challenge is news too: the pipeline's idea_audience()
  adds challenge_followers() to the input's own audience in one UNION, so a person who follows
  both the input and its challenge is told once.
Whether the news leaves at once or in the daily digest is the person's choice (notifications).
Services flush; routes commit.
"""

import functools
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Select, bindparam, delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, joinedload
from werkzeug.routing import BuildError

from ..accounts.models import User
from ..extensions import db
from ..municipalities.models import District, Municipality
from ..notifications.compose import by_locale, default_locale
from ..notifications.kinds import CHALLENGE_OPENED
from ..notifications.links import path_for
from ..notifications.services import Group, notify_many
from ..reference.models import Principle
from ..refusals import require
from .models import Challenge, TopicFollow, challenge_districts, challenge_principles
from .permissions import why_not_follow, why_not_follow_challenge

Topic = Challenge | District | Principle


def _column_and_id(topic: Topic) -> tuple[InstrumentedAttribute[int | None], int]:
    if isinstance(topic, Challenge):
        return TopicFollow.challenge_id, topic.id
    if isinstance(topic, District):
        return TopicFollow.district_id, topic.id
    return TopicFollow.principle_id, topic.id


def follow_topic(user: User, topic: Topic) -> TopicFollow:
    """Follow a challenge, a district or a principle (idempotent)."""
    require(
        why_not_follow_challenge(user, topic)
        if isinstance(topic, Challenge)
        else why_not_follow(user)
    )
    column, topic_id = _column_and_id(topic)
    query = select(TopicFollow).where(TopicFollow.user_id == user.id, column == topic_id)
    existing = db.session.scalar(query)
    if existing is not None:
        return existing
    follow = TopicFollow(user_id=user.id, **{column.key: topic_id})
    try:
        with db.session.begin_nested():
            db.session.add(follow)
    except IntegrityError:  # a second click got there first; the result is the same
        return db.session.scalars(query).one()
    return follow


def unfollow_topic(user: User, topic: Topic) -> None:
    """Stop following it (idempotent)."""
    column, topic_id = _column_and_id(topic)
    db.session.execute(
        delete(TopicFollow).where(TopicFollow.user_id == user.id, column == topic_id)
    )


def followed_topics(user: User) -> list[TopicFollow]:
    """What the person follows besides single inputs, newest first (one query)."""
    return list(
        db.session.scalars(
            select(TopicFollow)
            .where(TopicFollow.user_id == user.id)
            .options(
                joinedload(TopicFollow.challenge).joinedload(Challenge.municipality),
                joinedload(TopicFollow.district),
                joinedload(TopicFollow.principle),
            )
            .order_by(TopicFollow.created_at.desc(), TopicFollow.id.desc())
        )
    )


def district_municipalities(follows: list[TopicFollow]) -> dict[int, Municipality]:
    """The municipality of each followed district, by district id (one query)."""
    ids = {f.district.municipality_id: f.district.id for f in follows if f.district is not None}
    if not ids:
        return {}
    found = db.session.scalars(select(Municipality).where(Municipality.id.in_(ids)))
    by_id = {m.id: m for m in found}
    return {
        f.district.id: by_id[f.district.municipality_id]
        for f in follows
        if f.district is not None and f.district.municipality_id in by_id
    }


def is_following(user: User, topic: Topic) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    column, topic_id = _column_and_id(topic)
    found = db.session.scalar(
        select(TopicFollow.id).where(TopicFollow.user_id == user.id, column == topic_id)
    )
    return found is not None


def followed_ids(user: User, column: InstrumentedAttribute[int | None], ids: list[int]) -> set[int]:
    """Which of these challenges, districts or principles the person follows (one query)."""
    if not ids or not getattr(user, "is_authenticated", False):
        return set()
    return set(
        db.session.scalars(select(column).where(TopicFollow.user_id == user.id, column.in_(ids)))
    )


FollowState = tuple[bool, set[int]]


def follow_state(rows: list[tuple[int | None, int | None]], challenge_id: int) -> FollowState:
    """Whether the person follows the challenge, and which districts, from the rows of
    follow_state_query."""
    following = any(followed == challenge_id for followed, _ in rows)
    return following, {district for _, district in rows if district is not None}


@functools.cache
def follow_state_query() -> Select[int | None, int | None]:
    """(challenge id, district id) of what a person follows of a challenge and its districts
    (follow_state_parameters), with bound parameters: built once (every signed-in challenge
    page runs it, challenges/holes.py)."""
    return select(TopicFollow.challenge_id, TopicFollow.district_id).where(
        TopicFollow.user_id == bindparam("follower_id"),
        or_(
            TopicFollow.challenge_id.in_(bindparam("followed_challenge_ids", expanding=True)),
            TopicFollow.district_id.in_(bindparam("followed_district_ids", expanding=True)),
        ),
    )


def follow_state_parameters(
    user_id: int, challenge_ids: list[int], district_ids: list[int]
) -> dict[str, Any]:
    return {
        "follower_id": user_id,
        "followed_challenge_ids": challenge_ids,
        "followed_district_ids": district_ids,
    }


def challenge_followers(challenge_id: int) -> Select:
    """User ids of those who follow the whole challenge."""
    return select(TopicFollow.user_id).where(TopicFollow.challenge_id == challenge_id)


def opening_audience(challenge: Challenge) -> Select:
    """User ids of those who follow one of the challenge's districts or principles."""
    districts = select(challenge_districts.c.district_id).where(
        challenge_districts.c.challenge_id == challenge.id
    )
    principles = select(challenge_principles.c.principle_id).where(
        challenge_principles.c.challenge_id == challenge.id
    )
    return (
        select(TopicFollow.user_id)
        .where(
            or_(
                TopicFollow.district_id.in_(districts),
                TopicFollow.principle_id.in_(principles),
            )
        )
        .distinct()
    )


def challenge_path(challenge: Challenge) -> str:
    slug = challenge.municipality.slug
    try:
        return path_for("challenges.detail", slug=slug, challenge_id=challenge.id)
    except BuildError:  # the documented path, should the page's arguments change
        return f"/k/{slug}/utfordringer/{challenge.id}"


def notify_challenge_opened(challenge: Challenge, *, actor: User | None) -> None:
    """Tell those who follow one of its districts or principles that the challenge is open for
    inputs, each person once, in their language."""
    query = select(User).where(User.id.in_(opening_audience(challenge)), User.deleted_at.is_(None))
    if actor is not None:
        query = query.where(User.id != actor.id)
    people = list(db.session.scalars(query.order_by(User.id)))
    if not people:
        return
    link = challenge_path(challenge)
    group = Group(title=challenge.title, path=link)
    with default_locale(challenge.municipality.default_locale):
        _tell_opened(challenge, people, link, group)


def _tell_opened(challenge: Challenge, people: list[User], link: str, group: Group) -> None:
    for locale, group_people in by_locale(people).items():
        with force_locale(locale):
            subject = _(
                "Ny utfordring i %(municipality)s: «%(title)s»",
                municipality=challenge.municipality.name,
                title=challenge.title,
            )
            topics = [d.name for d in challenge.districts] + [p.name for p in challenge.principles]
            text = "\n".join(
                [
                    _(
                        "%(municipality)s spør om «%(title)s», og du kan sende inn innspill nå.",
                        municipality=challenge.municipality.name,
                        title=challenge.title,
                    ),
                    "",
                    _(
                        "Du får denne beskjeden fordi du følger: %(topics)s.",
                        topics=", ".join(topics),
                    )
                    if topics
                    else "",
                ]
            ).strip()
            notify_many(
                group_people,
                kind=CHALLENGE_OPENED,
                subject=subject,
                text=text,
                link=link,
                group=group,
            )
