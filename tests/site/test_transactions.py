"""commit(): the actions a transaction queued run only when it commits, once per key; a failed
commit or a rollback runs none of them."""

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from cocreate.accounts.models import User
from cocreate.database import after_commit, attempt, before_commit, commit, rollback
from cocreate.extensions import db
from cocreate.refusals import Refusal


def _user(email: str) -> User:
    user = User(email=email, display_name="Kari")
    db.session.add(user)
    db.session.flush()
    return user


def _users() -> int:
    return db.session.scalar(select(func.count(User.id)))


def test_actions_run_after_a_commit_once_per_key(app_ctx):
    ran = []
    _user("a@example.no")
    after_commit("mail", lambda: ran.append("mail"))
    after_commit("mail", lambda: ran.append("mail again"))  # same key: queued once
    after_commit(("pages", 1), lambda: ran.append("pages 1"))
    before_commit("bump", lambda: ran.append("before"))
    assert ran == []
    commit()
    assert ran == ["before", "mail", "pages 1"]
    commit()  # a new transaction has nothing queued
    assert ran == ["before", "mail", "pages 1"]


def test_a_failed_commit_runs_none_of_the_queued_actions(app_ctx):
    ran = []
    _user("same@example.no")
    commit()
    after_commit("mail", lambda: ran.append("mail"))
    db.session.add(User(email="same@example.no", display_name="Kopi"))  # unique e-mail
    with pytest.raises(IntegrityError):
        commit()
    assert ran == []
    assert _users() == 1
    commit()  # the failed transaction's actions are gone for good
    assert ran == []


def test_a_failing_before_action_stops_the_commit(app_ctx):
    ran = []
    _user("b@example.no")

    def broken() -> None:
        raise RuntimeError("the page generation could not be bumped")

    before_commit("bump", broken)
    after_commit("mail", lambda: ran.append("mail"))
    with pytest.raises(RuntimeError):
        commit()
    assert ran == [] and _users() == 0


def test_a_rollback_drops_what_was_queued(app_ctx):
    ran = []
    _user("c@example.no")
    after_commit("mail", lambda: ran.append("mail"))
    rollback()
    _user("d@example.no")
    commit()
    assert ran == [] and _users() == 1


def test_attempt_returns_a_refusal_and_rolls_back(app_ctx):
    ran = []

    def refused() -> None:
        _user("e@example.no")
        after_commit("mail", lambda: ran.append("mail"))
        raise Refusal("Nei.")

    done = attempt(refused)
    assert done.refused and done.refusal.reason == "Nei." and done.value is None
    assert ran == [] and _users() == 0
    done = attempt(lambda: _user("f@example.no").email)
    assert not done.refused and done.value == "f@example.no" and _users() == 1
