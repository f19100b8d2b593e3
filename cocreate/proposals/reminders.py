"""Reminders to staff of the council's 6-month deadline: when 3 months are left, when 1 month
is left, and when it has passed. Each is written once per proposal (ProposalReminder, unique per
proposal and kind), in the app and by e-mail to every facilitator and administrator of the
municipality. A run that was missed catches up with the newest reminder due.

`flask --app cocreate proposals remind` runs it (daily from cron); the outbox sweep
(notifications/worker.py) runs it once a day after the reminder hour, as it does the case
reminders."""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from ..accounts.models import Membership, User
from ..accounts.permissions import STAFF_ROLES
from ..database import commit, rollback, utcnow
from ..extensions import db
from ..notifications.compose import default_locale, locale_of
from ..notifications.services import notify
from ..notifications.worker import register_step
from .models import DECIDED, CitizenProposal, ProposalReminder, ReminderKind
from .notices import proposal_path
from .rules import OSLO, deadline_of, oslo_today, reminder_due

log = logging.getLogger("cocreate.proposals")
# Work mail for staff, so not listed on every citizen's e-mail settings (as cases' reminders).
PROPOSAL_REMINDER = "proposal_reminder"


@dataclass
class RemindResult:
    reminders: list[tuple[int, ReminderKind]] = field(default_factory=list)
    people: int = 0


def _staff(municipality_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.municipality_id == municipality_id,
                Membership.role.in_(STAFF_ROLES),
                User.deleted_at.is_(None),
            )
            .order_by(User.id)
        )
    )


def _message(proposal: CitizenProposal, kind: ReminderKind) -> tuple[str, str]:
    deadline = format_date(deadline_of(proposal.submitted_on), "long")
    if kind is ReminderKind.overdue:
        subject = _("Fristen er passert for innbyggerforslaget «%(title)s»", title=proposal.title)
        lead = _(
            "Kommunestyret skulle ha tatt stilling til forslaget innen %(date)s, seks måneder "
            "etter at det ble fremmet. Behandle det så snart som mulig, og registrer vedtaket "
            "med svar og saksnummer.",
            date=deadline,
        )
    else:
        left = _("3 måneder") if kind is ReminderKind.three_months else _("1 måned")
        subject = _(
            "%(left)s igjen til fristen for innbyggerforslaget «%(title)s»",
            left=left,
            title=proposal.title,
        )
        lead = _(
            "Kommunestyret må ta stilling til forslaget innen %(date)s (seks måneder etter at "
            "det ble fremmet, kommuneloven § 12-1).",
            date=deadline,
        )
    return subject, lead


def _remind(staff: list[User], proposal: CitizenProposal, kind: ReminderKind) -> None:
    link = proposal_path(proposal)
    with default_locale(proposal.municipality.default_locale):
        for person in staff:
            with force_locale(locale_of(person)):
                subject, text = _message(proposal, kind)
                notify(person, kind=PROPOSAL_REMINDER, subject=subject, text=text, link=link)


def send_proposal_reminders(on: date | None = None) -> RemindResult:
    """Write the reminders due on the (Oslo) day `on`; the caller commits."""
    on = on or oslo_today()
    result = RemindResult()
    open_proposals = db.session.scalars(
        select(CitizenProposal)
        .where(CitizenProposal.state.not_in(DECIDED))
        .order_by(CitizenProposal.id)
    )
    for proposal in open_proposals:
        kind = reminder_due(proposal, on)
        if kind is None:
            continue
        sent = db.session.scalar(
            select(ProposalReminder.id).where(
                ProposalReminder.proposal_id == proposal.id, ProposalReminder.kind == kind
            )
        )
        if sent is not None:
            continue
        staff = _staff(proposal.municipality_id)
        db.session.add(ProposalReminder(proposal_id=proposal.id, kind=kind, recipients=len(staff)))
        if staff:
            _remind(staff, proposal, kind)
        result.reminders.append((proposal.id, kind))
        result.people += len(staff)
    db.session.flush()
    return result


def remind_job(now: datetime | None = None) -> RemindResult | None:
    """The sweep's daily step: once the reminder hour has come, write the day's reminders and
    commit (once a day per process; the unique rows guard against two processes)."""
    moment = now or utcnow()
    hour = int(current_app.config.get("REMINDER_HOUR", current_app.config.get("DIGEST_HOUR", 7)))
    local = moment.astimezone(OSLO)
    if local.hour < hour:
        return None
    ran = current_app.extensions.setdefault("proposal_reminders", {})
    if ran.get("on") == local.date():
        return None
    ran["on"] = local.date()
    try:
        result = send_proposal_reminders(local.date())
        commit()
    except (IntegrityError, OperationalError) as error:  # another sweep wrote them
        rollback()
        log.warning("proposal reminders not written now: %s", error)
        return None
    return result


register_step(remind_job)
