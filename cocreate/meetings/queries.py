"""Reads of meetings: a challenge's meetings, a meeting's sign-ups, counts and the needs summed
for staff to plan interpreters, hearing loops and access."""

from dataclasses import dataclass, field

from sqlalchemy import Select, func, select

from ..extensions import db
from ..ideas.models import Idea, Visibility
from .models import Meeting, MeetingIdea, MeetingSignup, Need, SignupStatus


def challenge_meetings(challenge_id: int) -> Select:
    return (
        select(Meeting)
        .where(Meeting.challenge_id == challenge_id)
        .order_by(Meeting.starts_at, Meeting.id)
    )


def signups(meeting: Meeting) -> list[MeetingSignup]:
    """Everyone signed up and waiting (not the cancelled), places first, in order of sign-up."""
    rows = db.session.scalars(
        select(MeetingSignup)
        .where(
            MeetingSignup.meeting_id == meeting.id,
            MeetingSignup.status != SignupStatus.cancelled,
        )
        .order_by(MeetingSignup.created_at, MeetingSignup.id)
    ).all()
    return sorted(rows, key=lambda s: s.status is not SignupStatus.confirmed)


@dataclass
class Counts:
    confirmed: int
    waiting: int

    def places_left(self, capacity: int | None) -> int | None:
        return None if capacity is None else max(capacity - self.confirmed, 0)


def counts(meeting: Meeting) -> Counts:
    """Confirmed and waiting; after the purge, the counts it kept."""
    if meeting.purged_at is not None:
        return Counts(meeting.kept_signups, meeting.kept_waiting)
    found = dict(
        db.session.execute(
            select(MeetingSignup.status, func.count(MeetingSignup.id))
            .where(MeetingSignup.meeting_id == meeting.id)
            .group_by(MeetingSignup.status)
        ).all()
    )
    return Counts(
        int(found.get(SignupStatus.confirmed, 0)), int(found.get(SignupStatus.waiting, 0))
    )


@dataclass
class NeedsSummary:
    """The needs of those with a place (staff only): how many ticked each, and the free texts."""

    ticked: dict[Need, int] = field(default_factory=dict)
    other: list[str] = field(default_factory=list)


def needs_summary(meeting: Meeting) -> NeedsSummary:
    summary = NeedsSummary(dict.fromkeys(Need, 0))
    for signup in signups(meeting):
        if signup.status is not SignupStatus.confirmed:
            continue
        for need in signup.needs:
            summary.ticked[need] += 1
        if signup.other_needs:
            summary.other.append(signup.other_needs)
    return summary


def meeting_inputs(meeting: Meeting, *, public: bool = True) -> list[Idea]:
    """The inputs made from the minutes; on the public page only those still published (one
    hidden, merged or waiting for moderation later is not listed there)."""
    query = (
        select(Idea)
        .join(MeetingIdea, MeetingIdea.idea_id == Idea.id)
        .where(MeetingIdea.meeting_id == meeting.id)
        .order_by(Idea.id)
    )
    if public:
        query = query.where(Idea.visibility == Visibility.published)
    return list(db.session.scalars(query))
