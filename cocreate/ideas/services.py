"""State changes for ideas, supports, comments and follows. Services flush; routes commit."""

from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from ..accounts.models import User
from ..challenges.models import Challenge, Phase
from ..extensions import db
from ..municipalities.models import District
from ..signals import idea_submitted
from .models import Channel, Follow, Idea, Visibility, Vote


class IdeaError(ValueError):
    """A rule about ideas or supports was broken; the message is shown to the user."""


def submit_idea(
    challenge: Challenge,
    *,
    title: str,
    body: str,
    author: User | None,
    district: District | None = None,
    channel: Channel = Channel.web,
) -> Idea:
    """A new input on an open challenge; it waits for approval when pre-moderation is on."""
    if challenge.phase is not Phase.open and channel is Channel.web:
        raise IdeaError(_("Utfordringen tar ikke imot nye innspill nå."))
    visibility = Visibility.pending if challenge.premoderation else Visibility.published
    idea = Idea(
        challenge_id=challenge.id,
        author_id=author.id if author else None,
        title=title.strip(),
        body=body.strip(),
        district_id=district.id if district else None,
        channel=channel,
        visibility=visibility,
    )
    db.session.add(idea)
    db.session.flush()
    if author is not None:
        follow_idea(idea, author)
    idea_submitted.send(idea, actor=author)
    return idea


def support_idea(idea: Idea, user: User) -> Vote:
    """One support per person per idea, within the challenge's vote budget, while it is open."""
    challenge = idea.challenge
    if challenge.phase is not Phase.open:
        raise IdeaError(_("Det er ikke lenger mulig å støtte innspill i denne utfordringen."))
    if idea.visibility is not Visibility.published:
        raise IdeaError(_("Dette innspillet kan ikke støttes."))
    existing = db.session.scalar(
        select(Vote).where(Vote.idea_id == idea.id, Vote.user_id == user.id)
    )
    if existing is not None:
        raise IdeaError(_("Du har allerede støttet dette innspillet."))
    if challenge.vote_budget is not None:
        used = db.session.scalar(
            select(func.count(Vote.id)).where(
                Vote.user_id == user.id, Vote.challenge_id == challenge.id
            )
        )
        if used >= challenge.vote_budget:
            raise IdeaError(
                _(
                    "Du har brukt alle dine %(n)s stemmer i denne utfordringen.",
                    n=challenge.vote_budget,
                )
            )
    vote = Vote(idea_id=idea.id, user_id=user.id, challenge_id=challenge.id)
    try:
        with db.session.begin_nested():
            db.session.add(vote)
            db.session.flush()
    except IntegrityError as error:  # a parallel request got there first
        raise IdeaError(_("Du har allerede støttet dette innspillet.")) from error
    db.session.execute(
        update(Idea).where(Idea.id == idea.id).values(support_count=Idea.support_count + 1)
    )
    return vote


def withdraw_support(idea: Idea, user: User) -> None:
    """Take a support back while the challenge is open."""
    if idea.challenge.phase is not Phase.open:
        raise IdeaError(_("Støtte kan bare trekkes mens utfordringen er åpen."))
    removed = db.session.execute(
        delete(Vote).where(Vote.idea_id == idea.id, Vote.user_id == user.id)
    ).rowcount
    if removed:
        db.session.execute(
            update(Idea).where(Idea.id == idea.id).values(support_count=Idea.support_count - 1)
        )


def follow_idea(idea: Idea, user: User) -> Follow:
    """Follow an idea to be told of every move (idempotent)."""
    follow = db.session.scalar(
        select(Follow).where(Follow.idea_id == idea.id, Follow.user_id == user.id)
    )
    if follow is None:
        follow = Follow(idea_id=idea.id, user_id=user.id)
        db.session.add(follow)
        db.session.flush()
    return follow


def unfollow_idea(idea: Idea, user: User) -> None:
    db.session.execute(delete(Follow).where(Follow.idea_id == idea.id, Follow.user_id == user.id))
