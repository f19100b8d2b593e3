"""Must show (issue 25, point 5): the sign-up is gone 30 days after the meeting. Day 29 after
the end: kept. Day 30: names, addresses, needs and their e-mails deleted; the counts kept."""

from datetime import timedelta

from sqlalchemy import func, select

from cocreate.database import utcnow
from cocreate.extensions import db
from cocreate.meetings.jobs import purge_signups
from cocreate.meetings.models import MeetingSignup, Need
from cocreate.meetings.queries import counts
from cocreate.notifications.models import OutboxMessage


def _past(meeting, ended_days_ago: float) -> None:
    meeting.ends_at = utcnow() - timedelta(days=ended_days_ago)
    meeting.starts_at = meeting.ends_at - timedelta(hours=2)
    db.session.flush()


def _rows(meeting) -> int:
    return db.session.scalar(
        select(func.count(MeetingSignup.id)).where(MeetingSignup.meeting_id == meeting.id)
    )


def _signed_up(meetings) -> None:
    meetings.sign_up(1, needs=frozenset({Need.interpreter}), other_needs="Ledsager")
    meetings.sign_up(2)
    meetings.sign_up(3)  # waiting
    for message in db.session.scalars(select(OutboxMessage)):
        message.sent_at = utcnow()  # delivered
    db.session.flush()


def test_kept_on_day_29_gone_on_day_30_with_counts_kept(meetings):
    _signed_up(meetings)
    meeting = meetings.meeting
    _past(meeting, 0)
    end = meeting.ends_at

    assert purge_signups(end + timedelta(days=29, hours=23)).meetings == 0
    assert _rows(meeting) == 3 and meeting.purged_at is None

    result = purge_signups(end + timedelta(days=30))
    assert (result.meetings, result.signups) == (1, 3)
    assert _rows(meeting) == 0
    assert meeting.purged_at is not None
    assert (counts(meeting).confirmed, counts(meeting).waiting) == (2, 1)
    # The e-mails to them held the name and address too.
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
    assert purge_signups(end + timedelta(days=31)).meetings == 0  # once


def test_the_cli_purges_what_ended_30_days_ago_and_keeps_the_rest(meetings, runner):
    from cocreate.meetings.services import create_meeting, sign_up
    from tests.meetings.conftest import meeting_data, person

    _signed_up(meetings)
    recent = create_meeting(meetings.challenge, meeting_data(), actor=meetings.world.admin)
    sign_up(recent, person(9))
    _past(meetings.meeting, 30.01)
    _past(recent, 29.9)
    db.session.commit()

    result = runner.invoke(args=["meetings", "purge"])
    assert result.exit_code == 0, result.output
    assert "3 sign-ups of 1 meetings deleted" in result.output
    db.session.expire_all()
    assert _rows(meetings.meeting) == 0
    assert _rows(recent) == 1
    assert (
        db.session.scalar(
            select(func.count(OutboxMessage.id)).where(
                OutboxMessage.to_address == "person9@example.no"
            )
        )
        == 1
    )
    assert counts(meetings.meeting).confirmed == 2
