"""The meetings' daily work: the reminder the day before (each sign-up once) and the purge of
sign-ups 30 days after the meeting's end (the counts stay on the meeting).

`flask --app cocreate meetings remind` and `… meetings purge` run them; the outbox sweep
(notifications/worker.py) runs both once a day after the reminder hour, as it does the
proposals' reminders."""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from .. import page_generations
from ..audit.services import record_event
from ..database import commit, rollback, utcnow
from ..extensions import db
from ..notifications.models import OutboxMessage
from ..notifications.worker import register_step
from .models import Meeting, MeetingSignup, SignupStatus
from .notices import KINDS, MEETING_REMINDER, mail_signup

log = logging.getLogger("cocreate.meetings")
OSLO = ZoneInfo("Europe/Oslo")
KEEP_DAYS = 30


def _oslo_day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, datetime.min.time(), tzinfo=OSLO)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=OSLO)
    return start, end


def send_meeting_reminders(now: datetime | None = None) -> int:
    """Remind everyone with a place at a meeting that starts tomorrow (Oslo), each sign-up
    once; returns how many. The caller commits."""
    moment = now or utcnow()
    tomorrow = moment.astimezone(OSLO).date() + timedelta(days=1)
    start, end = _oslo_day_bounds(tomorrow)
    due = db.session.scalars(
        select(MeetingSignup)
        .join(Meeting, Meeting.id == MeetingSignup.meeting_id)
        .where(
            Meeting.starts_at >= start,
            Meeting.starts_at < end,
            MeetingSignup.status == SignupStatus.confirmed,
            MeetingSignup.reminded_at.is_(None),
        )
        .order_by(MeetingSignup.id)
    ).all()
    for signup in due:
        signup.reminded_at = moment
        mail_signup(signup, MEETING_REMINDER)
    # A sign-up row is counted on public pages; marking it reminded changes no figure, but the
    # page net (and a cautious reader) count any write to it as a change of its municipality.
    page_generations.changed(*{s.meeting.challenge.municipality_id for s in due})
    db.session.flush()
    return len(due)


@dataclass
class PurgeResult:
    meetings: int = 0
    signups: int = 0


def purge_signups(now: datetime | None = None) -> PurgeResult:
    """Delete the sign-ups (names, addresses, needs) and their e-mails of every meeting that
    ended 30 days ago or more; the meeting keeps the counts. The caller commits."""
    moment = now or utcnow()
    result = PurgeResult()
    due = db.session.scalars(
        select(Meeting)
        .where(Meeting.purged_at.is_(None), Meeting.ends_at <= moment - timedelta(days=KEEP_DAYS))
        .order_by(Meeting.id)
    ).all()
    for meeting in due:
        counts = dict(
            db.session.execute(
                select(MeetingSignup.status, func.count(MeetingSignup.id))
                .where(MeetingSignup.meeting_id == meeting.id)
                .group_by(MeetingSignup.status)
            ).all()
        )
        addresses = list(
            db.session.scalars(
                select(MeetingSignup.email).where(MeetingSignup.meeting_id == meeting.id)
            )
        )
        meeting.kept_signups = int(counts.get(SignupStatus.confirmed, 0))
        meeting.kept_waiting = int(counts.get(SignupStatus.waiting, 0))
        meeting.purged_at = moment
        gone = db.session.execute(
            delete(MeetingSignup).where(MeetingSignup.meeting_id == meeting.id)
        )
        if addresses:  # the e-mails written to them hold the name and address too
            db.session.execute(
                delete(OutboxMessage).where(
                    OutboxMessage.kind.in_(KINDS),
                    OutboxMessage.to_address.in_(addresses),
                    (OutboxMessage.sent_at.is_not(None)) | (OutboxMessage.failed_at.is_not(None)),
                )
            )
        record_event(
            "meeting.signups_purged",
            municipality=meeting.challenge.municipality,
            subject=meeting,
            signups=meeting.kept_signups,
        )
        page_generations.changed(meeting.challenge.municipality_id)
        result.meetings += 1
        result.signups += int(getattr(gone, "rowcount", 0) or 0)
    db.session.flush()
    return result


def daily_job(now: datetime | None = None) -> tuple[int, PurgeResult] | None:
    """The sweep's daily step: once the reminder hour has come, remind and purge, and commit
    (once a day per process; reminded_at and purged_at guard against a second process)."""
    moment = now or utcnow()
    hour = int(current_app.config.get("REMINDER_HOUR", current_app.config.get("DIGEST_HOUR", 7)))
    local = moment.astimezone(OSLO)
    if local.hour < hour:
        return None
    ran = current_app.extensions.setdefault("meeting_jobs", {})
    if ran.get("on") == local.date():
        return None
    ran["on"] = local.date()
    try:
        reminded = send_meeting_reminders(moment)
        purged = purge_signups(moment)
        commit()
    except (IntegrityError, OperationalError) as error:
        rollback()
        log.warning("meeting reminders and purge not run now: %s", error)
        return None
    return reminded, purged


register_step(daily_job)
