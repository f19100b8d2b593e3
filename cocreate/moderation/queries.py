"""Reads for the moderation queue and log; lists load their subjects in bulk (no N+1)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..accounts.models import Membership, User
from ..challenges.models import Challenge
from ..extensions import db
from ..ideas.models import Comment, CommentVisibility, Idea, Visibility, Vote
from .models import ModerationAction, Report, ReportStatus, SubjectType

QUEUE_LIMIT = 50


@dataclass
class QueueItem:
    """A reported idea or comment with its open reports."""

    kind: SubjectType
    subject: Idea | Comment | None
    reports: list[Report] = field(default_factory=list)
    first_reported_at: datetime | None = None


def reported_subjects(municipality_id: int) -> Select:
    """Subjects with open reports: kind, id, number of reports, oldest first."""
    first = func.min(Report.created_at)
    return (
        select(Report.subject_type, Report.subject_id, func.count(Report.id), first)
        .where(Report.municipality_id == municipality_id, Report.status == ReportStatus.open)
        .group_by(Report.subject_type, Report.subject_id)
        .order_by(first, Report.subject_id)
    )


def _ideas_by_id(ids: set[int]) -> dict[int, Idea]:
    if not ids:
        return {}
    rows = db.session.scalars(
        select(Idea)
        .where(Idea.id.in_(ids))
        .options(joinedload(Idea.challenge), joinedload(Idea.author))
    )
    return {idea.id: idea for idea in rows}


def _comments_by_id(ids: set[int]) -> dict[int, Comment]:
    if not ids:
        return {}
    rows = db.session.scalars(
        select(Comment)
        .where(Comment.id.in_(ids))
        .options(joinedload(Comment.author), joinedload(Comment.idea).joinedload(Idea.challenge))
    )
    return {comment.id: comment for comment in rows}


def load_subjects(keys: list[tuple[SubjectType, int]]) -> dict[tuple[SubjectType, int], object]:
    """Ideas, comments and users for (kind, id) pairs: one query per kind."""
    ids: dict[SubjectType, set[int]] = defaultdict(set)
    for kind, subject_id in keys:
        ids[kind].add(subject_id)
    found: dict[tuple[SubjectType, int], object] = {}
    for idea_id, idea in _ideas_by_id(ids[SubjectType.idea]).items():
        found[(SubjectType.idea, idea_id)] = idea
    for comment_id, comment in _comments_by_id(ids[SubjectType.comment]).items():
        found[(SubjectType.comment, comment_id)] = comment
    if ids[SubjectType.user]:
        for user in db.session.scalars(select(User).where(User.id.in_(ids[SubjectType.user]))):
            found[(SubjectType.user, user.id)] = user
    return found


def report_queue(municipality_id: int, limit: int = QUEUE_LIMIT) -> tuple[list[QueueItem], int]:
    """The oldest reported subjects with their open reports, and how many subjects there are."""
    grouped = reported_subjects(municipality_id)
    total = db.session.scalar(select(func.count()).select_from(grouped.subquery())) or 0
    rows = db.session.execute(grouped.limit(limit)).all()
    keys = [(kind, subject_id) for kind, subject_id, _count, _first in rows]
    subjects = load_subjects(keys)
    items = {
        (kind, subject_id): QueueItem(kind, subjects.get((kind, subject_id)), [], first)  # type: ignore[arg-type]
        for kind, subject_id, _count, first in rows
    }
    if items:
        reports = db.session.scalars(
            select(Report)
            .where(
                Report.municipality_id == municipality_id,
                Report.status == ReportStatus.open,
                Report.subject_id.in_({key[1] for key in keys}),
            )
            .options(joinedload(Report.reporter))
            .order_by(Report.created_at, Report.id)
        )
        for report in reports:
            item = items.get((report.subject_type, report.subject_id))
            if item is not None:
                item.reports.append(report)
    return list(items.values()), total


def queue_size(municipality_id: int) -> int:
    """Reported subjects plus pending ideas: what waits for a moderator."""
    reported = select(func.count()).select_from(reported_subjects(municipality_id).subquery())
    pending = select(func.count()).select_from(pending_ideas(municipality_id).subquery())
    return (db.session.scalar(reported) or 0) + (db.session.scalar(pending) or 0)


def pending_ideas(municipality_id: int) -> Select:
    """Ideas waiting for approval under pre-moderation, oldest first."""
    return (
        select(Idea)
        .join(Challenge, Challenge.id == Idea.challenge_id)
        .where(Challenge.municipality_id == municipality_id, Idea.visibility == Visibility.pending)
        .options(joinedload(Idea.challenge), joinedload(Idea.author))
        .order_by(Idea.created_at, Idea.id)
    )


def hidden_ideas(municipality_id: int) -> Select:
    """Hidden ideas, most recently changed first (to restore)."""
    return (
        select(Idea)
        .join(Challenge, Challenge.id == Idea.challenge_id)
        .where(Challenge.municipality_id == municipality_id, Idea.visibility == Visibility.hidden)
        .options(joinedload(Idea.challenge))
        .order_by(Idea.updated_at.desc(), Idea.id.desc())
    )


def hidden_comments(municipality_id: int) -> Select:
    """Hidden comments, newest first (to restore)."""
    return (
        select(Comment)
        .join(Idea, Idea.id == Comment.idea_id)
        .join(Challenge, Challenge.id == Idea.challenge_id)
        .where(
            Challenge.municipality_id == municipality_id,
            Comment.visibility == CommentVisibility.hidden,
        )
        .options(joinedload(Comment.idea))
        .order_by(Comment.created_at.desc(), Comment.id.desc())
    )


def suspended_members(municipality_id: int) -> Select:
    """Memberships suspended in this municipality, most recent first."""
    return (
        select(Membership)
        .where(Membership.municipality_id == municipality_id, Membership.suspended_at.is_not(None))
        .options(joinedload(Membership.user))
        .order_by(Membership.suspended_at.desc())
    )


def reports_on(kind: SubjectType, subject_id: int) -> Select:
    """Every report on one subject, newest first."""
    return (
        select(Report)
        .where(Report.subject_type == kind, Report.subject_id == subject_id)
        .options(joinedload(Report.reporter), joinedload(Report.resolved_by))
        .order_by(Report.created_at.desc(), Report.id.desc())
    )


def actions_on(kind: SubjectType, subject_id: int, municipality_id: int) -> Select:
    """The moderation history of one subject, newest first."""
    return (
        select(ModerationAction)
        .where(
            ModerationAction.municipality_id == municipality_id,
            ModerationAction.subject_type == kind,
            ModerationAction.subject_id == subject_id,
        )
        .options(joinedload(ModerationAction.actor))
        .order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc())
    )


def moderation_log(municipality_id: int) -> Select:
    """The municipality's moderation audit log, newest first."""
    return (
        select(ModerationAction)
        .where(ModerationAction.municipality_id == municipality_id)
        .options(selectinload(ModerationAction.actor))
        .order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc())
    )


def merge_targets(idea: Idea) -> Select:
    """Published ideas of the same challenge a duplicate may be merged into."""
    return (
        select(Idea)
        .where(
            Idea.challenge_id == idea.challenge_id,
            Idea.id != idea.id,
            Idea.visibility == Visibility.published,
        )
        .order_by(Idea.title, Idea.id)
    )


def has_tie(user_id: int, municipality_id: int) -> bool:
    """Whether the person has a membership, an idea, a comment, a support or a report in this
    municipality: only then may its staff open the person's page (one query)."""
    in_municipality = Challenge.municipality_id == municipality_id
    ideas = select(Idea.id).join(Challenge, Challenge.id == Idea.challenge_id)
    comments = (
        select(Comment.id)
        .join(Idea, Idea.id == Comment.idea_id)
        .join(Challenge, Challenge.id == Idea.challenge_id)
    )
    votes = select(Vote.id).join(Challenge, Challenge.id == Vote.challenge_id)
    tie = or_(
        exists().where(
            Membership.user_id == user_id, Membership.municipality_id == municipality_id
        ),
        exists(ideas.where(Idea.author_id == user_id, in_municipality)),
        exists(comments.where(Comment.author_id == user_id, in_municipality)),
        exists(votes.where(Vote.user_id == user_id, in_municipality)),
        exists().where(Report.reporter_id == user_id, Report.municipality_id == municipality_id),
    )
    return bool(db.session.scalar(select(tie)))
