"""Inactive accounts: warned by e-mail first, deleted WARNING_DAYS later if still inactive."""

from datetime import timedelta

from sqlalchemy import func, select, update

from cocreate import mail
from cocreate.accounts.models import User
from cocreate.audit.models import AuditEvent
from cocreate.database import utcnow
from cocreate.extensions import db
from cocreate.privacy.models import InactivityWarning
from tests.factories import PASSWORD


def _age(user_id: int, days: int) -> None:
    past = utcnow() - timedelta(days=days)
    db.session.execute(
        update(User).where(User.id == user_id).values(created_at=past, last_seen_at=past)
    )
    db.session.commit()


def _backdate_warnings(days: int) -> None:
    for warning in db.session.scalars(select(InactivityWarning)):
        warning.warned_at -= timedelta(days=days)
    db.session.commit()


def _purge(runner):
    result = runner.invoke(args=["privacy", "purge-inactive"])
    assert result.exit_code == 0, result.output
    return result.output


def test_warn_then_delete(app, runner, world):
    days = app.config["INACTIVE_ACCOUNT_DAYS"]
    _age(world.citizen.id, days + 1)
    _age(world.author.id, days - 10)  # not inactive long enough
    assert "varslet 1" in _purge(runner)
    assert [m["To"] for m in mail.outbox] == ["innbygger@example.no"]
    text = mail.outbox[0].get_content()
    assert "blir slettet" in text and "/logg-inn" in text
    # Running again at once neither warns twice nor deletes.
    assert "slettet 0 inaktive kontoer, varslet 0" in _purge(runner)
    assert len(mail.outbox) == 1
    _backdate_warnings(app.config["WARNING_DAYS"] + 1)
    assert "slettet 1" in _purge(runner)
    db.session.expire_all()
    assert db.session.get(User, world.citizen.id).deleted_at is not None
    assert db.session.get(User, world.author.id).deleted_at is None
    events = db.session.scalars(select(AuditEvent.event).order_by(AuditEvent.id)).all()
    assert "account.inactivity_warned" in events and "account.deleted" in events
    deleted = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "account.deleted"))
    assert deleted.data["reason"] == "inactive"


def test_logging_in_after_the_warning_keeps_the_account(app, runner, world, auth):
    _age(world.citizen.id, app.config["INACTIVE_ACCOUNT_DAYS"] + 1)
    _purge(runner)
    auth.login("innbygger@example.no", PASSWORD)
    _backdate_warnings(app.config["WARNING_DAYS"] + 1)
    assert "slettet 0" in _purge(runner)
    db.session.expire_all()
    assert db.session.get(User, world.citizen.id).deleted_at is None
    assert db.session.scalar(select(func.count(InactivityWarning.id))) == 0


def test_visiting_while_signed_in_counts_as_activity(app, client, world):
    _age(world.citizen.id, 400)
    with client.session_transaction() as session:
        session["_user_id"] = world.citizen.get_id()
    client.get("/")
    db.session.expire_all()
    seen = db.session.get(User, world.citizen.id).last_seen_at
    assert utcnow() - seen < timedelta(minutes=1)


def test_staff_accounts_are_left_to_their_municipality(app, runner, world):
    _age(world.facilitator.id, app.config["INACTIVE_ACCOUNT_DAYS"] + 1)
    assert "varslet 0" in _purge(runner)


def test_period_is_configurable(app, runner, world):
    old = app.config["INACTIVE_ACCOUNT_DAYS"]
    app.config["INACTIVE_ACCOUNT_DAYS"] = 30
    try:
        _age(world.citizen.id, 31)
        assert "varslet 1" in _purge(runner)
    finally:
        app.config["INACTIVE_ACCOUNT_DAYS"] = old


def test_dry_run_changes_nothing(app, runner, world):
    _age(world.citizen.id, app.config["INACTIVE_ACCOUNT_DAYS"] + 1)
    result = runner.invoke(args=["privacy", "purge-inactive", "--dry-run"])
    assert "varslet 1" in result.output
    assert mail.outbox == []
    assert db.session.scalar(select(func.count(InactivityWarning.id))) == 0
