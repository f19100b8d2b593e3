"""Staff reminders of the council's deadline through a real SMTP server (aiosmtpd) via the
outbox: 3 months left, 1 month left and overdue, each once, to every facilitator and
administrator of the municipality and nobody else; by the CLI and by the outbox sweep."""

from collections import Counter
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select

from cocreate.extensions import db
from cocreate.notifications.models import Notification
from cocreate.notifications.worker import sweep
from cocreate.proposals.models import ProposalReminder, ProposalState, ReminderKind
from cocreate.proposals.rules import OSLO, add_months, oslo_today
from cocreate.proposals.services import move_proposal
from tests.smtp import SMTPServer, part, subject

STAFF = {"fasilitator@example.no", "admin@example.no"}


@pytest.fixture
def smtp(app):
    server = SMTPServer().start()
    old = dict(app.config)
    app.config.update(
        MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TIMEOUT=3
    )
    yield server
    server.stop()
    app.config.clear()
    app.config.update(old)


def _submitted(proposal, months_ago: int, days: int = 0) -> None:
    proposal.submitted_on = add_months(oslo_today(), -months_ago) - timedelta(days=days)
    db.session.commit()


def _remind(runner, smtp) -> list:
    before = len(smtp.messages)
    result = runner.invoke(args=["proposals", "remind"])
    assert result.exit_code == 0, result.output
    runner.invoke(args=["outbox", "send"])
    return smtp.messages[before:]


def test_three_reminders_each_once_to_the_municipalitys_staff(smtp, runner, proposals):
    p = proposals.proposal
    assert _remind(runner, smtp) == []  # 40 days after: nothing due yet

    _submitted(p, 3)
    first = _remind(runner, smtp)
    assert Counter(m["To"] for m in first) == dict.fromkeys(STAFF, 1)
    assert (
        subject(first[0])
        == "3 måneder igjen til fristen for innbyggerforslaget «Gatelys langs elvestien»"
    )
    assert f"/k/heimby/innbyggerforslag/{p.id}" in part(first[0])
    assert _remind(runner, smtp) == []  # once

    _submitted(p, 5)
    second = _remind(runner, smtp)
    assert Counter(m["To"] for m in second) == dict.fromkeys(STAFF, 1)
    assert subject(second[0]).startswith("1 måned igjen til fristen")

    _submitted(p, 6, days=1)
    third = _remind(runner, smtp)
    assert Counter(m["To"] for m in third) == dict.fromkeys(STAFF, 1)
    assert subject(third[0]).startswith("Fristen er passert")
    assert _remind(runner, smtp) == []

    kinds = db.session.scalars(
        select(ProposalReminder.kind).where(ProposalReminder.proposal_id == p.id)
    ).all()
    assert sorted(k.value for k in kinds) == sorted(k.value for k in ReminderKind)
    in_app = db.session.scalars(
        select(Notification).where(Notification.kind == "proposal_reminder")
    ).all()
    assert len(in_app) == 6  # two staff, three reminders


def test_a_decided_proposal_is_not_reminded(smtp, runner, proposals):
    p = proposals.proposal
    move_proposal(
        p,
        to_state=ProposalState.rejected,
        answer="Kommunestyret avslo forslaget fordi det ikke er penger i budsjettet.",
        reference="2026/9",
        actor=proposals.world.admin,
    )
    _submitted(p, 6, days=3)
    assert [m for m in _remind(runner, smtp) if m["To"] in STAFF] == []


def test_the_outbox_sweep_runs_the_reminders_once_a_day(app, smtp, proposals):
    _submitted(proposals.proposal, 5)
    app.extensions.pop("proposal_reminders", None)
    # After the reminder hour (7, Oslo time) of today in Oslo, and after the real time the
    # e-mails are written at (else they are not due yet at `now`): `now` taken before the sweep
    # writes them is a few milliseconds too early, which failed the test every day after 10:00
    # UTC; and 10:00 UTC of the UTC date is before 07:00 in Oslo on Oslo's next day, which
    # failed it every night from 23:00 UTC.
    ten_in_oslo = datetime.combine(oslo_today(), time(10), tzinfo=OSLO).astimezone(UTC)
    now = max(ten_in_oslo, datetime.now(UTC) + timedelta(seconds=5))
    sweep(now)
    sent = [m for m in smtp.messages if m["To"] in STAFF]
    assert len(sent) == 2 and subject(sent[0]).startswith("1 måned igjen")
    sweep(now)
    assert len([m for m in smtp.messages if m["To"] in STAFF]) == 2
