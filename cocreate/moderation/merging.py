"""Merging a duplicate idea into another: everything it gathered moves, nothing counts twice."""

from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import aliased

from ..accounts.models import User
from ..extensions import db
from ..ideas.models import Comment, CommentVisibility, Follow, Idea, Visibility, Vote
from ..page_generations import changed
from .models import ActionKind, ModerationAction
from .notices import notify_author_merged
from .records import ModerationError, close_reports, log_action, municipality_of

_BULK = {"synchronize_session": False}


def _check_pair(duplicate: Idea, target: Idea) -> None:
    if duplicate.id == target.id:
        raise ModerationError(_("Et innspill kan ikke slås sammen med seg selv."))
    if duplicate.challenge_id != target.challenge_id:
        raise ModerationError(_("Innspillene må høre til samme utfordring."))
    if duplicate.visibility is Visibility.merged:
        raise ModerationError(_("Innspillet er allerede slått sammen med et annet."))
    # A merged (or hidden) idea is never a target, so chains and cycles cannot form.
    if target.visibility is not Visibility.published:
        raise ModerationError(_("Innspillet det slås sammen med må være publisert."))


def _move_rows(model: type[Vote] | type[Follow], duplicate: Idea, target: Idea) -> None:
    """Move supports or follows; where the person already has one on the target, drop theirs."""
    on_target = select(model.user_id).where(model.idea_id == target.id, model.user_id.is_not(None))
    db.session.execute(
        delete(model).where(model.idea_id == duplicate.id, model.user_id.in_(on_target)),
        execution_options=_BULK,
    )
    db.session.execute(
        update(model).where(model.idea_id == duplicate.id).values(idea_id=target.id),
        execution_options=_BULK,
    )


def _recount(duplicate: Idea, target: Idea) -> None:
    """Counters from the rows themselves; workshop dots (no persons behind them) are added up."""
    supports = select(func.count(Vote.id)).where(Vote.idea_id == Idea.id).scalar_subquery()
    published = (
        select(func.count(Comment.id))
        .where(Comment.idea_id == Idea.id, Comment.visibility == CommentVisibility.published)
        .scalar_subquery()
    )
    dup = aliased(Idea)
    dots = select(dup.workshop_vote_count).where(dup.id == duplicate.id).scalar_subquery()
    db.session.execute(
        update(Idea)
        .where(Idea.id == target.id)
        .values(workshop_vote_count=Idea.workshop_vote_count + dots),
        execution_options=_BULK,
    )
    db.session.execute(
        update(Idea)
        .where(Idea.id.in_([duplicate.id, target.id]))
        .values(support_count=supports, comment_count=published),
        execution_options=_BULK,
    )
    db.session.execute(
        update(Idea).where(Idea.id == duplicate.id).values(workshop_vote_count=0),
        execution_options=_BULK,
    )


def merge_ideas(duplicate: Idea, target: Idea, *, note: str, actor: User) -> ModerationAction:
    """Merge a duplicate into an idea of the same challenge: supports, comments and followers
    move (a person who supports or follows both keeps one), the counters are recounted, and the
    duplicate points to the target."""
    _check_pair(duplicate, target)
    # Lock both rows (PostgreSQL) so counter updates from parallel supports wait for the merge.
    db.session.execute(
        select(Idea.id).where(Idea.id.in_([duplicate.id, target.id])).with_for_update()
    )
    action = log_action(
        ActionKind.merge,
        duplicate,
        municipality=municipality_of(duplicate),
        actor=actor,
        note=note,
        target=target,
    )
    _move_rows(Vote, duplicate, target)
    _move_rows(Follow, duplicate, target)
    db.session.execute(
        update(Comment).where(Comment.idea_id == duplicate.id).values(idea_id=target.id),
        execution_options=_BULK,
    )
    _recount(duplicate, target)
    close_reports(duplicate, actor=actor)
    duplicate.visibility = Visibility.merged
    duplicate.merged_into_id = target.id
    duplicate.hidden_reason = None
    db.session.flush()
    changed(municipality_of(duplicate).id)
    # The bulk statements bypassed the identity map: reload what callers may look at.
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, Vote | Follow | Comment):
            db.session.expire(obj)
    db.session.refresh(duplicate)
    db.session.refresh(target)
    notify_author_merged(duplicate, target, actor=actor)
    return action
