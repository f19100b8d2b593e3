"""What counts as a contribution (an idea, a support, a comment) and the rows of them in scope.

Shared by the measures of who takes part (measures.py), so all of them count the same rows.
"""

from collections.abc import Callable
from typing import Any

from sqlalchemy import CTE, ColumnElement, CompoundSelect, Select, case, literal, select, union_all

from ..ideas.models import Comment, CommentVisibility, Idea, Visibility, Vote
from .scope import Scope, scoped_challenges

# An input is a published idea; a merged duplicate still counts as its author's contribution.
INPUT_VISIBILITY = (Visibility.published,)
CONTRIBUTION_VISIBILITY = (Visibility.published, Visibility.merged)


def contributions(scope: Scope) -> CTE:
    """Every idea, support and comment in scope: (user_id, challenge_id, kind, is_input, at).

    user_id is NULL for inputs nobody is signed in for (registered by staff, workshop notes).
    """
    return contribution_rows(scoped_challenges(scope), scope.in_range).cte("contributions")


def contribution_rows(
    challenges: Select,
    in_range: Callable[[Any], list[ColumnElement[bool]]] = lambda column: [],
    *,
    person: Callable[[Any], ColumnElement[bool]] | None = None,
) -> CompoundSelect:
    """The rows of contributions(): in the `challenges` (a select of ids), inside `in_range`,
    and, given `person` (a condition on the person column), only those rows."""

    def of(column: Any) -> list[ColumnElement[bool]]:
        return [] if person is None else [person(column)]

    ideas = select(
        Idea.author_id.label("user_id"),
        Idea.challenge_id.label("challenge_id"),
        literal("idea").label("kind"),
        case((Idea.visibility.in_(INPUT_VISIBILITY), 1), else_=0).label("is_input"),
        Idea.created_at.label("at"),
    ).where(
        Idea.challenge_id.in_(challenges),
        Idea.visibility.in_(CONTRIBUTION_VISIBILITY),
        *in_range(Idea.created_at),
        *of(Idea.author_id),
    )
    votes = select(
        Vote.user_id,
        Vote.challenge_id,
        literal("vote"),
        literal(0),
        Vote.created_at,
    ).where(Vote.challenge_id.in_(challenges), *in_range(Vote.created_at), *of(Vote.user_id))
    comments = (
        select(
            Comment.author_id,
            Idea.challenge_id,
            literal("comment"),
            literal(0),
            Comment.created_at,
        )
        .join(Idea, Idea.id == Comment.idea_id)
        .where(
            Idea.challenge_id.in_(challenges),
            Comment.visibility == CommentVisibility.published,
            *in_range(Comment.created_at),
            *of(Comment.author_id),
        )
    )
    return union_all(ideas, votes, comments)
