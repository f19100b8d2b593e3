"""The daily reminder of cases due within DUE_SOON_DAYS days or overdue (issue 23 §3).

Each person responsible for such a case gets one reminder a day (in the app and by e-mail),
listing the cases grouped by challenge; nobody gets one when nothing is due. Responsible: the
assignee; for a case with a department and no assignee, the department's case officers. The
day's sending is recorded (CaseReminder, one row per person and day), so a second run the same
day sends nothing, and two runs racing cannot both send (the row's primary key).

`flask --app cocreate cases remind` runs it; the outbox sweep (notifications/worker.py) runs it
after REMINDER_HOUR (local time, default the digest hour) every day.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError, OperationalError

from ..accounts.models import Membership, Role, User
from ..challenges.models import Challenge
from ..database import commit, rollback, utcnow
from ..extensions import db
from ..ideas.models import Idea, Visibility
from ..municipalities.models import Municipality, malform_locale
from ..notifications.compose import default_locale, locale_of
from ..notifications.links import path_for
from ..notifications.services import notify
from ..notifications.worker import register_step
from ..pipeline.deadlines import DeadlineState, deadline_filter, staff_deadline, state_of, today
from .models import CaseReminder, Department, DepartmentMember
from .queue import as_date

log = logging.getLogger("cocreate.cases")
# Work mail for staff, so not registered (notifications/kinds.py), like cases.services
# CASE_ASSIGNED: the kind would be listed on every citizen's e-mail settings. It can still be
# unsubscribed from through its own link.
CASE_REMINDER = "case_reminder"


@dataclass
class DueCase:
    idea_id: int
    title: str
    challenge_id: int
    challenge_title: str
    slug: str
    deadline: date
    default_locale: str  # its municipality's målform (compose.default_locale)


@dataclass
class RemindResult:
    reminded: list[int] = field(default_factory=list)  # user ids
    cases: int = 0


def due_cases(on: date) -> list[tuple[DueCase, int | None, int | None]]:
    """Every published, unanswered input due within DUE_SOON_DAYS days or overdue, with its
    assignee and department (one query)."""
    deadline = staff_deadline()
    query = (
        select(
            Idea,
            deadline,
            Challenge.title,
            Municipality.slug,
            Municipality.language,
            Municipality.language_neutral,
        )
        .join(Challenge, Challenge.id == Idea.challenge_id)
        .join(Municipality, Municipality.id == Challenge.municipality_id)
        .where(
            Idea.visibility == Visibility.published,
            or_(
                deadline_filter(DeadlineState.overdue, on=on),
                deadline_filter(DeadlineState.due_soon, on=on),
            ),
            or_(Idea.assignee_id.is_not(None), Idea.department_id.is_not(None)),
        )
        .order_by(Challenge.title, deadline, Idea.id)
    )
    result = []
    for idea, deadline_value, challenge_title, slug, language, neutral in db.session.execute(query):
        day = as_date(deadline_value) or on  # never None: the filter compared it
        locale = malform_locale(language, neutral)
        case = DueCase(idea.id, idea.title, idea.challenge_id, challenge_title, slug, day, locale)
        result.append((case, idea.assignee_id, idea.department_id))
    return result


def _case_officers(department_ids: set[int]) -> dict[int, set[int]]:
    """Each department's members who are case officers of its municipality (one query)."""
    if not department_ids:
        return {}
    rows = db.session.execute(
        select(DepartmentMember.department_id, DepartmentMember.user_id)
        .join(Department, Department.id == DepartmentMember.department_id)
        .join(
            Membership,
            (Membership.user_id == DepartmentMember.user_id)
            & (Membership.municipality_id == Department.municipality_id),
        )
        .where(
            DepartmentMember.department_id.in_(department_ids),
            Membership.role == Role.case_officer,
        )
    )
    officers: dict[int, set[int]] = defaultdict(set)
    for department_id, user_id in rows:
        officers[department_id].add(user_id)
    return officers


def recipients(on: date) -> dict[int, list[DueCase]]:
    """Who is reminded of which cases today."""
    cases = due_cases(on)
    officers = _case_officers({d for _c, a, d in cases if a is None and d is not None})
    wanted: dict[int, list[DueCase]] = defaultdict(list)
    for case, assignee_id, department_id in cases:
        people = {assignee_id} if assignee_id else officers.get(department_id or 0, set())
        for user_id in people:
            wanted[user_id].append(case)
    return wanted


def send_reminders(on: date | None = None) -> RemindResult:
    """Write today's reminders (the caller commits); those already reminded today are skipped."""
    on = on or today()
    wanted = recipients(on)
    result = RemindResult()
    if not wanted:
        return result
    already = set(
        db.session.scalars(
            select(CaseReminder.user_id).where(
                CaseReminder.sent_on == on, CaseReminder.user_id.in_(wanted)
            )
        )
    )
    users = db.session.scalars(
        select(User).where(User.id.in_(set(wanted) - already), User.deleted_at.is_(None))
    )
    for user in users:
        cases = wanted[user.id]
        db.session.add(CaseReminder(user_id=user.id, sent_on=on, cases=len(cases)))
        # Cases of one municipality: its målform; of several of different målform: the site's.
        malforms = {case.default_locale for case in cases}
        malform = malforms.pop() if len(malforms) == 1 else None
        with default_locale(malform), force_locale(locale_of(user)):
            subject, text = _message(cases, on)
            notify(user, kind=CASE_REMINDER, subject=subject, text=text, link=_link(cases))
        result.reminded.append(user.id)
        result.cases += len(cases)
    db.session.flush()
    return result


def _link(cases: list[DueCase]) -> str:
    return path_for("cases.queue", slug=cases[0].slug)


def _message(cases: list[DueCase], on: date) -> tuple[str, str]:
    overdue = sum(1 for c in cases if c.deadline < on)
    subject = _(
        "Saksliste: %(overdue)d forfalt, %(soon)d forfaller snart",
        overdue=overdue,
        soon=len(cases) - overdue,
    )
    lines = [
        _(
            "Disse sakene har ikke fått et offentlig svar, og svarfristen nærmer seg eller er "
            "passert. Svar, eller gi et foreløpig svar som sier når svaret kommer."
        )
    ]
    by_challenge: dict[int, list[DueCase]] = defaultdict(list)
    for case in cases:
        by_challenge[case.challenge_id].append(case)
    for group in by_challenge.values():
        lines += ["", f"«{group[0].challenge_title}»"]
        for case in group:
            state = state_of(case.deadline, False, on)
            when = format_date(case.deadline, "long")
            if state is DeadlineState.overdue:
                lines.append(_("- %(title)s: forfalt %(date)s", title=case.title, date=when))
            else:
                lines.append(_("- %(title)s: frist %(date)s", title=case.title, date=when))
    return subject, "\n".join(lines)


def reminder_day(now: datetime) -> date | None:
    """The local day whose reminders are due at `now`: today once its reminder hour (the digest
    hour) has come, else None."""
    config = current_app.config
    zone = ZoneInfo(config.get("DIGEST_TIMEZONE") or config["BABEL_DEFAULT_TIMEZONE"])
    hour = int(config.get("REMINDER_HOUR", config.get("DIGEST_HOUR", 7)))
    local = now.astimezone(zone)
    return local.date() if local.hour >= hour else None


def remind_job(now: datetime | None = None) -> RemindResult | None:
    """The sweep's daily step: send today's reminders once the hour has come, and commit. A
    process looks once a day (the rows guard against two processes)."""
    on = reminder_day(now or utcnow())
    if on is None:
        return None
    ran = current_app.extensions.setdefault("case_reminders", {})
    if ran.get("on") == on:
        return None
    ran["on"] = on
    try:
        result = send_reminders(on)
        commit()
    except (IntegrityError, OperationalError) as error:  # another sweep sent them
        rollback()
        log.warning("case reminders not written now: %s", error)
        return None
    return result


register_step(remind_job)
