"""What "remove my contributions too" does to ideas and comments.

The rule: a contribution nobody else has built on is deleted. One that others supported, commented
on or replied to, or that the municipality has answered, merged or noted on, keeps its row so their
supports, replies and the public answer keep their place, but its text is replaced by a neutral
notice and the link to the author is cut.
"""

from flask_babel import gettext as _
from sqlalchemy import delete, exists, func, or_, select, update

from ..accounts.models import User
from ..answers.models import IdeaNote
from ..extensions import db
from ..ideas.models import Comment, CommentVisibility, Idea, Vote
from ..pipeline.models import StageChange


def _others(column, user_id: int):
    return or_(column.is_(None), column != user_id)


def remove_ideas_and_comments(user: User) -> None:
    """Delete or blank every idea and comment the person wrote (see the module's rule)."""
    _remove_comments(user)
    _remove_ideas(user)


def _remove_comments(user: User) -> None:
    reply = db.aliased(Comment)
    replied = exists().where(reply.parent_id == Comment.id)
    mine = Comment.author_id == user.id
    # Published comments that go away no longer count on their idea.
    gone = db.session.execute(
        select(Comment.idea_id, func.count())
        .where(mine, ~replied, Comment.visibility == CommentVisibility.published)
        .group_by(Comment.idea_id)
    ).all()
    db.session.execute(delete(Comment).where(mine, ~replied))
    for idea_id, count in gone:
        db.session.execute(
            update(Idea).where(Idea.id == idea_id).values(comment_count=Idea.comment_count - count)
        )
    db.session.execute(
        update(Comment)
        .where(mine)
        .values(body=_("Kommentaren er slettet av den som skrev den."), author_id=None)
    )


def _remove_ideas(user: User) -> None:
    merged = db.aliased(Idea)
    engaged = or_(
        exists().where(Vote.idea_id == Idea.id, _others(Vote.user_id, user.id)),
        exists().where(Comment.idea_id == Idea.id, _others(Comment.author_id, user.id)),
        exists().where(StageChange.idea_id == Idea.id),
        exists().where(IdeaNote.idea_id == Idea.id),  # staff's notes stay with the input
        exists().where(merged.merged_into_id == Idea.id),
        Idea.workshop_vote_count > 0,
        Idea.merged_into_id.is_not(None),
    )
    mine = Idea.author_id == user.id
    db.session.execute(delete(Idea).where(mine, ~engaged))
    db.session.execute(
        update(Idea)
        .where(mine)
        .values(
            title=_("Innspillet er slettet av den som skrev det"),
            body="",
            author_id=None,
            district_id=None,
        )
    )
