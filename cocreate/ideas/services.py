"""State changes for ideas, supports, comments and follows. Services flush; routes commit."""

import functools
from typing import Any, cast

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import CursorResult, Integer, bindparam, delete, exists, select, update

from ..accounts.models import User
from ..audit.services import record_event
from ..challenges.models import Challenge, Phase
from ..database import conflict_insert, is_postgres, utcnow
from ..extensions import db
from ..ideas.reasons import REASONS
from ..municipalities.models import District
from ..page_generations import bump_after, bumped, changed
from ..refusals import Refusal
from .models import (
    COMMENT_BODY,
    IDEA_BODY,
    IDEA_TITLE,
    Channel,
    Comment,
    CommentVisibility,
    Follow,
    Idea,
    Visibility,
    Vote,
)
from .notices import notify_comment_reply
from .permissions import (
    is_open_for_comments,
    why_not_comment,
    why_not_edit_comment,
    why_not_edit_idea,
    why_not_support_idea,
    why_not_withdraw_support,
)
from .queries import votes_used


class IdeaError(Refusal):
    """A rule about ideas or supports was broken; the message is shown to the user."""


def _require(reason: str | None) -> None:
    if reason is not None:
        raise IdeaError(reason)


def _comments_closed(idea: Idea) -> bool:
    return not is_open_for_comments(idea.challenge) or idea.visibility is not Visibility.published


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
    title, body = _idea_text(title, body)
    _check_district(challenge, district)
    visibility = Visibility.pending if challenge.premoderation else Visibility.published
    idea = Idea(
        challenge_id=challenge.id,
        author_id=author.id if author else None,
        title=title,
        body=body,
        district_id=district.id if district else None,
        channel=channel,
        visibility=visibility,
        # The challenge's default department (cocreate/cases) gets every new input.
        department_id=challenge.default_department_id,
    )
    db.session.add(idea)
    db.session.flush()
    changed(challenge.municipality_id)
    if author is not None:
        follow_idea(idea, author)
    return idea


def edit_idea(idea: Idea, *, title: str, body: str, district: District | None, actor: User) -> Idea:
    """The author edits their idea (permissions.why_not_edit_idea says when)."""
    _require(why_not_edit_idea(actor, idea))
    idea.title, idea.body = _idea_text(title, body)
    _check_district(idea.challenge, district)
    idea.district_id = district.id if district else None
    db.session.flush()
    changed(idea.challenge.municipality_id)
    return idea


def _idea_text(title: str, body: str) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise IdeaError(_("Gi innspillet en tittel."))
    return IDEA_TITLE.enforce(title, IdeaError), IDEA_BODY.enforce(body, IdeaError)


def _check_district(challenge: Challenge, district: District | None) -> None:
    if district is not None and district.municipality_id != challenge.municipality_id:
        raise IdeaError(_("Velg en bydel i denne kommunen."))


def support_idea(idea: Idea, user: User) -> None:
    """One support per person per idea, within the challenge's vote budget, while it is open."""
    challenge = idea.challenge
    _require(why_not_support_idea(user, idea))
    if challenge.vote_budget is not None or not is_postgres(db.engine):
        _lock_voter(user)
    # Counted before the insert, under the voter's lock: parallel votes cannot overspend.
    if challenge.vote_budget is not None and votes_used(user, challenge) >= challenge.vote_budget:
        raise IdeaError(
            ngettext(
                "Du har brukt stemmen din i denne utfordringen. "
                "Trekk den tilbake for å støtte noe annet.",
                "Du har brukt alle dine %(num)s stemmer i denne utfordringen. "
                "Trekk en støtte for å støtte noe annet.",
                challenge.vote_budget,
            )
        )
    # A second support by the same person (also a parallel one) inserts nothing: the unique
    # constraint decides, with no savepoint (two round trips fewer than catching its error).
    parameters = {
        "the_idea": idea.id,
        "the_user": user.id,
        "the_challenge": challenge.id,
        "the_time": utcnow(),
        "the_scope": challenge.municipality_id,
    }
    if is_postgres(db.engine):
        # One round trip: the vote, the idea's count (only if the vote was added) and the page
        # generation (database.commit() would bump it in a statement of its own).
        added = db.session.execute(_support_statement(), parameters).first()
        if added is not None:
            bumped(challenge.municipality_id)
    else:  # SQLite has no INSERT inside WITH
        added = db.session.execute(_vote_insert("sqlite"), parameters).first()
        if added is not None:
            db.session.execute(_count_by(1), parameters)
    if added is None:
        raise IdeaError(_("Du har allerede støttet dette innspillet."))
    db.session.expire(idea, ["support_count"])
    changed(challenge.municipality_id, text=False)  # a support brings no text


@functools.cache
def _vote_insert(dialect: str) -> Any:
    """The support's vote (built once), its values bound parameters; returns its id, or no row
    if the person supports the idea already."""
    votes = Vote.__table__
    # Parameter names of their own: a column's name is reserved in an INSERT's VALUES.
    values = {column: bindparam(name, type_=votes.c[column].type) for column, name in _VOTE_VALUES}
    return (
        conflict_insert(votes, dialect)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["idea_id", "user_id"])
        .returning(votes.c.id)
    )


_VOTE_VALUES = (
    ("idea_id", "the_idea"),
    ("user_id", "the_user"),
    ("challenge_id", "the_challenge"),
    ("created_at", "the_time"),
)


@functools.cache
def _count_by(step: int) -> Any:
    """The idea's support count moved by `step` (on the table: the ORM has nothing to
    synchronise, the caller expires the attribute); updated_at stays."""
    ideas = Idea.__table__
    return (
        update(ideas)
        .where(ideas.c.id == bindparam("the_idea"))
        .values(support_count=ideas.c.support_count + step, updated_at=ideas.c.updated_at)
    )


@functools.cache
def _support_statement() -> Any:
    """PostgreSQL: the vote, the count and the page generation in one statement. Each reads
    the one before it (a data-modifying WITH runs once, read or not; reading it orders it): the
    count goes up only if the vote was added, and the generation moves only if the count did,
    after it, so the idea's row is locked before the generation's, as in every transaction."""
    ideas = Idea.__table__
    added_vote = _vote_insert("postgresql").cte("added_vote")
    counted = _count_by(1).where(exists(added_vote.select())).returning(ideas.c.id).cte("counted")
    scope = bindparam("the_scope", type_=Integer).label("scope")
    return bump_after(select(scope).select_from(counted))


def _lock_voter(user: User) -> None:
    """Serialise one person's votes: a row lock on PostgreSQL, the write lock on SQLite.

    PostgreSQL needs it only for a vote budget (counted before the insert); without one, the
    unique constraint is all the guard there is to have.

    On SQLite this write opens the transaction (and takes the write lock) before the count.
    """
    if is_postgres(db.engine):
        db.session.execute(select(User.id).where(User.id == user.id).with_for_update())
    else:
        db.session.execute(
            update(User.__table__).where(User.__table__.c.id == user.id).values(id=user.id)
        )


def withdraw_support(idea: Idea, user: User) -> None:
    """Take a support back while the challenge is open."""
    _require(why_not_withdraw_support(user, idea))
    changed(idea.challenge.municipality_id, text=False)
    removed = cast(
        CursorResult,
        db.session.execute(delete(Vote).where(Vote.idea_id == idea.id, Vote.user_id == user.id)),
    ).rowcount
    if removed:
        db.session.execute(_count_by(-1), {"the_idea": idea.id})
        db.session.expire(idea, ["support_count"])


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


def post_comment(
    idea: Idea, *, body: str, author: User | None, parent: Comment | None = None
) -> Comment:
    """A comment on a public idea while the challenge is open or assessed; one level of replies.
    Staff post for people without an account (author None), so only the phase and the idea's
    visibility are checked then."""
    if author is None:
        _require(why_not_comment(author, idea) if _comments_closed(idea) else None)
    else:
        _require(why_not_comment(author, idea))
    body = _comment_body(body)
    replied_to = [parent] if parent is not None else []
    if parent is not None:
        if parent.idea_id != idea.id:
            raise IdeaError(_("Svaret hører ikke til dette innspillet."))
        if parent.parent_id is not None:  # a reply to a reply joins the top-level thread
            parent = db.session.get(Comment, parent.parent_id)
            if parent is not None:
                replied_to.insert(0, parent)
    comment = Comment(
        idea_id=idea.id,
        author_id=author.id if author else None,
        parent_id=parent.id if parent else None,
        body=body,
    )
    db.session.add(comment)
    db.session.flush()
    _add_to_comment_count(idea, 1)
    if replied_to:
        notify_comment_reply(idea, comment, replied_to, author=author)
    return comment


def edit_comment(comment: Comment, *, body: str, actor: User) -> Comment:
    """The author may edit their own comment for 15 minutes after posting it."""
    _require(why_not_edit_comment(actor, comment))
    comment.body = _comment_body(body)
    comment.edited_at = utcnow()
    db.session.flush()
    changed(comment.idea.challenge.municipality_id)
    return comment


def hide_comment(comment: Comment, *, reason: str, actor: User | None) -> Comment:
    """Hide a comment for a named reason; the public sees a placeholder with the reason."""
    if reason not in REASONS:
        raise IdeaError(_("Velg en gyldig grunn."))
    if comment.visibility is CommentVisibility.hidden:
        return comment
    comment.visibility = CommentVisibility.hidden
    comment.hidden_reason = reason
    db.session.flush()
    _add_to_comment_count(comment.idea, -1)
    record_event(
        "comment.hidden",
        actor=actor,
        municipality=comment.idea.challenge.municipality,
        subject=comment,
        reason=reason,
    )
    return comment


def _add_to_comment_count(idea: Idea, delta: int) -> None:
    """Count a comment shown or hidden (the idea's pages change with it)."""
    changed(idea.challenge.municipality_id)
    # Counters are not edits: updated_at keeps the time of the last change to the idea itself.
    db.session.execute(
        update(Idea)
        .where(Idea.id == idea.id)
        .values(comment_count=Idea.comment_count + delta, updated_at=Idea.updated_at)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(idea, ["comment_count"])


def _comment_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise IdeaError(_("Skriv en kommentar."))
    return COMMENT_BODY.enforce(body, IdeaError)
