"""The daily reminder: one e-mail a day per responsible person, grouped by challenge, through a
real SMTP server; none when nothing is due; a second run the same day sends nothing; the CLI
and the outbox sweep run it."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from cocreate.accounts.models import Role
from cocreate.cases.models import CaseReminder
from cocreate.cases.reminders import send_reminders
from cocreate.cases.services import add_department_member, assign_inputs, create_department
from cocreate.database import clock_at, commit
from cocreate.extensions import db
from cocreate.ideas.stages import Stage
from cocreate.notifications.models import OutboxMessage
from cocreate.notifications.outbox import send_pending
from cocreate.notifications.worker import sweep
from cocreate.pipeline.deadlines import today
from cocreate.pipeline.services import move_idea
from tests.smtp import SMTPServer, part

ANSWER = "Vi har vurdert innspillet og tar det med i planarbeidet."
OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture
def real_smtp(app):
    server = SMTPServer().start()
    old = dict(app.config)
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)
    app.config.update(MAIL_TIMEOUT=3)
    yield server
    server.stop()
    app.config.clear()
    app.config.update(old)


def _department(municipality, name, *members):
    department = create_department(municipality, name=name, email=None, actor=None)
    for user in members:
        add_department_member(department, user, actor=None)
    return department


def _assign(actor, idea, department, assignee=None):
    assign_inputs([idea], department, assignee, actor=actor)


@pytest.fixture
def due(world, create_user_f, create_challenge_f, create_idea_f):
    m = world.municipality
    officer = create_user_f("saksbehandler@example.no", role=Role.case_officer, municipality=m)
    colleague = create_user_f("kollega@example.no", role=Role.case_officer, municipality=m)
    roads = _department(m, "Samferdsel", officer, colleague, world.facilitator)
    parks = create_challenge_f(m, title="Grønnere sentrum")
    school = create_challenge_f(m, title="Tryggere skolevei")

    def idea(challenge, title, days):
        with clock_at(datetime.now(UTC) - timedelta(days=days)):
            return create_idea_f(challenge, world.author, title=title)

    overdue = idea(parks, "Forfalt benk", 40)
    soon = idea(parks, "Snart lys", 28)
    own = idea(school, "Eget forfall", 35)
    fresh = idea(school, "Ny sak", 3)
    answered = idea(parks, "Besvart sak", 45)
    nobody = idea(parks, "Ingen eier", 50)
    boss = world.admin
    _assign(boss, overdue, roads)
    _assign(boss, soon, roads, colleague)
    _assign(boss, own, roads, officer)
    _assign(boss, fresh, roads, officer)
    _assign(boss, answered, roads)
    move_idea(answered, Stage.assessed, answer=ANSWER, actor=world.facilitator)
    commit()
    return SimpleNamespace(officer=officer, colleague=colleague, roads=roads, nobody=nobody)


def _to(server, address):
    """The reminders to that address (assignments are mailed too)."""
    return [
        m for m in server.messages if m["To"] == address and m["Subject"].startswith("Saksliste")
    ]


def test_one_mail_per_person_grouped_by_challenge(world, real_smtp, due):
    result = send_reminders()
    commit()
    assert sorted(result.reminded) == sorted([due.officer.id, due.colleague.id])
    send_pending()
    officer_mail = _to(real_smtp, due.officer.email)
    colleague_mail = _to(real_smtp, due.colleague.email)
    assert len(officer_mail) == 1 and len(colleague_mail) == 1
    assert _to(real_smtp, world.facilitator.email) == []  # not a case officer
    text = part(officer_mail[0])
    assert "«Grønnere sentrum»" in text and "«Tryggere skolevei»" in text
    assert "Forfalt benk: forfalt" in text and "Eget forfall: forfalt" in text
    assert "Snart lys" not in text and "Ny sak" not in text and "Besvart sak" not in text
    # Grouped: each challenge's cases follow its heading.
    assert text.index("«Grønnere sentrum»") < text.index("Forfalt benk")
    assert text.index("«Tryggere skolevei»") < text.index("Eget forfall")
    other = part(colleague_mail[0])
    assert "Forfalt benk" in other and "Snart lys: frist" in other and "Eget forfall" not in other
    assert "/k/heimby/saker" in other
    assert "Ingen eier" not in text + other


def test_a_second_run_the_same_day_sends_nothing(world, real_smtp, due):
    send_reminders()
    commit()
    again = send_reminders()
    commit()
    assert again.reminded == []
    send_pending()
    assert len(_to(real_smtp, due.officer.email)) == 1
    assert len(_to(real_smtp, due.colleague.email)) == 1
    rows = db.session.scalar(select(func.count()).select_from(CaseReminder))
    assert rows == 2
    # Tomorrow they are reminded again.
    assert len(send_reminders(today() + timedelta(days=1)).reminded) == 2


def test_no_mail_when_nothing_is_due(
    world, real_smtp, create_user_f, create_challenge_f, create_idea_f
):
    officer = create_user_f(
        "rolig@example.no", role=Role.case_officer, municipality=world.municipality
    )
    challenge = create_challenge_f(world.municipality)
    idea = create_idea_f(challenge, world.author, title="Helt ny")
    department = _department(world.municipality, "Plan", officer)
    _assign(world.admin, idea, department, officer)
    commit()
    before = db.session.scalar(select(func.count()).select_from(OutboxMessage))
    assert send_reminders().reminded == []
    commit()
    send_pending()
    assert _to(real_smtp, officer.email) == []
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == before
    assert db.session.scalar(select(func.count()).select_from(CaseReminder)) == 0


def test_the_cli_sends_them(app, world, due):
    result = app.test_cli_runner().invoke(args=["cases", "remind"])
    assert result.exit_code == 0, result.output
    assert "reminded 2 people of 4 cases" in result.output
    again = app.test_cli_runner().invoke(args=["cases", "remind"])
    assert "reminded 0 people" in again.output


def test_the_sweep_sends_them_once_the_hour_has_come(app, world, real_smtp, due):
    app.config["DIGEST_HOUR"] = 7
    app.extensions.pop("case_reminders", None)
    day = datetime.now(OSLO).date()
    before = datetime(day.year, day.month, day.day, 6, 30, tzinfo=OSLO)
    sweep(before)
    assert db.session.scalar(select(func.count()).select_from(CaseReminder)) == 0
    # Past the hour, and not before now (the outbox sends what is due by then).
    after = max(datetime(day.year, day.month, day.day, 7, 5, tzinfo=OSLO), datetime.now(OSLO))
    sweep(after)
    assert db.session.scalar(select(func.count()).select_from(CaseReminder)) == 2
    sweep(after + timedelta(minutes=5))
    assert len(_to(real_smtp, due.officer.email)) == 1
    assert len(_to(real_smtp, due.colleague.email)) == 1
