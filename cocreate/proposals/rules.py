"""The rules of kommuneloven § 12-1 as plain functions: the signature threshold, the 6-month
deadline and the countdown (Oslo dates), and when staff are reminded.

Threshold: min(⌈2 % of the population⌉, 300) for a kommune, min(⌈2 %⌉, 500) for a fylkeskommune.
The population is the municipality's loaded reference (the age bands summed, as the reach measure
reads it), else `Municipality.population`."""

import calendar
import math
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from ..database import utcnow
from ..extensions import db
from ..municipalities.models import Municipality, MunicipalityKind
from .models import CitizenProposal, ReminderKind

OSLO = ZoneInfo("Europe/Oslo")
DECISION_MONTHS = 6
CAPS = {MunicipalityKind.kommune: 300, MunicipalityKind.fylkeskommune: 500}


def oslo_today(now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(OSLO).date()


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (the month's last day if it is shorter)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def deadline_of(submitted_on: date) -> date:
    """The council must decide within 6 calendar months of the submission."""
    return add_months(submitted_on, DECISION_MONTHS)


def population_of(municipality: Municipality) -> int | None:
    """The loaded reference population (age bands summed), else the municipality's own figure.

    The metrics feature owns the reference table and sits above this one (its measures read
    the proposals), so the table is read by name from the shared metadata, not imported."""
    table = db.metadata.tables["population_references"]
    total = db.session.scalar(
        select(func.sum(table.c.population)).where(
            table.c.municipality_id == municipality.id, table.c.dimension == "age_band"
        )
    )
    if total:
        return int(total)
    return municipality.population


def threshold_for(kind: MunicipalityKind, population: int | None) -> int | None:
    """Valid signatures that bind the council: min(⌈2 % of the population⌉, 300 or 500)."""
    cap = CAPS[kind]
    if population is None:
        return None
    return min(math.ceil(population * 2 / 100), cap)


def threshold(municipality: Municipality) -> int | None:
    return threshold_for(municipality.kind, population_of(municipality))


@dataclass(frozen=True)
class Countdown:
    deadline: date
    days_left: int  # negative when overdue
    decided: bool

    @property
    def overdue(self) -> bool:
        return not self.decided and self.days_left < 0

    @property
    def overdue_days(self) -> int:
        return -self.days_left


def countdown(proposal: CitizenProposal, today: date | None = None) -> Countdown:
    deadline = deadline_of(proposal.submitted_on)
    return Countdown(deadline, (deadline - (today or oslo_today())).days, proposal.state.decided)


def reminder_due(proposal: CitizenProposal, today: date) -> ReminderKind | None:
    """The newest reminder due today for an undecided proposal: overdue after the deadline, one
    month left from a month before it, three months left from three months before it."""
    if proposal.state.decided:
        return None
    deadline = deadline_of(proposal.submitted_on)
    if today > deadline:
        return ReminderKind.overdue
    if today >= add_months(proposal.submitted_on, DECISION_MONTHS - 1):
        return ReminderKind.one_month
    if today >= add_months(proposal.submitted_on, DECISION_MONTHS - 3):
        return ReminderKind.three_months
    return None


def decided_in_time(proposal: CitizenProposal) -> bool | None:
    """Whether the decision came by the deadline (Oslo date); None while undecided."""
    if proposal.decided_at is None:
        return None
    return oslo_today(proposal.decided_at) <= deadline_of(proposal.submitted_on)


def reaches(proposal: CitizenProposal, needed: int | None) -> bool | None:
    """Whether the valid signatures reach the threshold; None while not controlled or unknown."""
    if needed is None or proposal.valid_signatures is None:
        return None
    return proposal.valid_signatures >= needed
