"""What meetings add to the measures: sign-ups beside the participants, as workshop check-ins
are (a sign-up is a name and an address, not a person we can tell apart from the signed-in).
Sign-ups with a place count; after the purge (30 days after the meeting) the meeting's kept
count stands in for its deleted rows."""

from sqlalchemy import ColumnElement, func, select

from ..extensions import db
from ..meetings.models import Meeting, MeetingSignup, SignupStatus
from .scope import Scope, scoped_challenges


def _in_scope(scope: Scope) -> list[ColumnElement[bool]]:
    return [
        Meeting.challenge_id.in_(scoped_challenges(scope)),
        *scope.in_range(Meeting.starts_at),
    ]


def meeting_signups(scope: Scope) -> int:
    """Sign-ups with a place at meetings in scope (by the meeting's start)."""
    live = db.session.scalar(
        select(func.count(MeetingSignup.id))
        .join(Meeting, Meeting.id == MeetingSignup.meeting_id)
        .where(
            MeetingSignup.status == SignupStatus.confirmed,
            Meeting.purged_at.is_(None),
            *_in_scope(scope),
        )
    )
    kept = db.session.scalar(
        select(func.sum(Meeting.kept_signups)).where(
            Meeting.purged_at.is_not(None), *_in_scope(scope)
        )
    )
    return int(live or 0) + int(kept or 0)
