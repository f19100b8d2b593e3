"""The law's arithmetic: the threshold, the 6-month deadline and when staff are reminded."""

from datetime import date

import pytest

from cocreate.extensions import db
from cocreate.metrics.models import Dimension, PopulationReference
from cocreate.municipalities.models import MunicipalityKind
from cocreate.proposals.models import CitizenProposal, ProposalState, ReminderKind
from cocreate.proposals.rules import (
    add_months,
    countdown,
    deadline_of,
    population_of,
    reminder_due,
    threshold,
    threshold_for,
)


@pytest.mark.parametrize(
    ("kind", "population", "expected"),
    [
        (MunicipalityKind.kommune, 10_000, 200),
        (MunicipalityKind.kommune, 10_001, 201),  # ⌈2 %⌉
        (MunicipalityKind.kommune, 15_000, 300),
        (MunicipalityKind.kommune, 700_000, 300),
        (MunicipalityKind.fylkeskommune, 20_000, 400),
        (MunicipalityKind.fylkeskommune, 500_000, 500),
        (MunicipalityKind.kommune, 49, 1),
        (MunicipalityKind.kommune, None, None),
    ],
)
def test_threshold(kind, population, expected):
    assert threshold_for(kind, population) == expected


def test_population_from_the_loaded_reference_else_the_municipality(world):
    m = world.municipality
    assert population_of(m) == 10_000 and threshold(m) == 200
    for group, people in (("0-17", 4000), ("18-66", 9000), ("67+", 3000)):
        db.session.add(
            PopulationReference(
                municipality_id=m.id,
                dimension=Dimension.age_band,
                group=group,
                population=people,
                year=2026,
                source="SSB 07459",
            )
        )
    # Another dimension's rows are not added on top of the age bands.
    db.session.add(
        PopulationReference(
            municipality_id=m.id,
            dimension=Dimension.gender,
            group="kvinne",
            population=8000,
            year=2026,
            source="SSB 07459",
        )
    )
    db.session.flush()
    assert population_of(m) == 16_000 and threshold(m) == 300


@pytest.mark.parametrize(
    ("submitted", "deadline"),
    [
        (date(2026, 1, 15), date(2026, 7, 15)),
        (date(2026, 8, 31), date(2027, 2, 28)),  # the month's last day
        (date(2027, 8, 31), date(2028, 2, 29)),  # a leap year
        (date(2026, 12, 1), date(2027, 6, 1)),
    ],
)
def test_deadline_is_six_calendar_months(submitted, deadline):
    assert deadline_of(submitted) == deadline


def _proposal(submitted: date, state=ProposalState.registered) -> CitizenProposal:
    return CitizenProposal(submitted_on=submitted, state=state)


def test_countdown_and_overdue():
    p = _proposal(date(2026, 1, 15))
    c = countdown(p, today=date(2026, 7, 5))
    assert (c.deadline, c.days_left, c.overdue) == (date(2026, 7, 15), 10, False)
    late = countdown(p, today=date(2026, 7, 18))
    assert late.overdue and late.overdue_days == 3
    decided = countdown(_proposal(date(2026, 1, 15), ProposalState.adopted), date(2026, 8, 1))
    assert not decided.overdue


def test_reminders_at_three_months_one_month_and_overdue():
    submitted = date(2026, 1, 15)
    p = _proposal(submitted)
    assert reminder_due(p, date(2026, 4, 14)) is None
    assert reminder_due(p, date(2026, 4, 15)) is ReminderKind.three_months
    assert reminder_due(p, date(2026, 6, 14)) is ReminderKind.three_months
    assert reminder_due(p, date(2026, 6, 15)) is ReminderKind.one_month
    assert reminder_due(p, date(2026, 7, 15)) is ReminderKind.one_month  # the last day
    assert reminder_due(p, date(2026, 7, 16)) is ReminderKind.overdue
    assert reminder_due(_proposal(submitted, ProposalState.rejected), date(2026, 8, 1)) is None
    assert add_months(submitted, 3) == date(2026, 4, 15)
