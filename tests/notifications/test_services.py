"""notify(): the in-app row always, an outbox row when the person accepts that kind of e-mail."""

from sqlalchemy import select

from cocreate.extensions import db
from cocreate.notifications import kinds
from cocreate.notifications.kinds import SURVEY, known_kinds, register_kind
from cocreate.notifications.models import EmailOptOut, Notification, OutboxMessage
from cocreate.notifications.services import (
    mark_all_read,
    mark_read,
    notify,
    notify_many,
    set_email_preferences,
    unread_count,
    unsubscribe,
)


def _outbox():
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_notify_writes_in_app_row_and_outbox_row(create_user_f):
    user = create_user_f("kari@example.no")
    notification = notify(
        user, kind=SURVEY, subject="Ble du hørt?", text="Svar på tre spørsmål.", link="/k/x/"
    )
    db.session.commit()
    assert notification.id is not None
    assert notification.user_id == user.id
    assert notification.read_at is None
    [message] = _outbox()
    assert message.to_address == "kari@example.no"
    assert message.subject == "Ble du hørt?"
    assert message.kind == SURVEY
    assert "Svar på tre spørsmål." in message.text
    assert "http://127.0.0.1:5000/k/x/" in message.text
    assert "/varsler/avmeld/" in message.text
    assert message.headers["List-Unsubscribe"].startswith("<http://127.0.0.1:5000/varsler/avmeld/")
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.sent_at is None and message.attempts == 0


def test_notify_without_email_or_opted_out_writes_no_outbox_row(create_user_f):
    user = create_user_f()
    notify(user, kind=SURVEY, subject="a", text="b", link="/", email=False)
    set_email_preferences(user, {SURVEY: False})
    notify(user, kind=SURVEY, subject="a", text="b", link="/")
    db.session.commit()
    assert len(db.session.scalars(select(Notification)).all()) == 2
    assert _outbox() == []


def test_unverified_address_gets_no_email(create_user_f):
    user = create_user_f(verified=False)
    notify(user, kind=SURVEY, subject="a", text="b", link="/")
    assert _outbox() == []


def test_opt_out_is_per_kind(create_user_f):
    user = create_user_f()
    unsubscribe(user, "idea_moved")
    unsubscribe(user, "idea_moved")  # idempotent
    notify(user, kind=SURVEY, subject="a", text="b", link="/")
    notify(user, kind="idea_moved", subject="a", text="b", link="/")
    assert [m.kind for m in _outbox()] == [SURVEY]
    assert len(db.session.scalars(select(EmailOptOut)).all()) == 1
    set_email_preferences(user, {"idea_moved": True})
    assert db.session.scalars(select(EmailOptOut)).all() == []


def test_notify_many_tells_each_person_once(create_user_f):
    a, b = create_user_f(), create_user_f()
    rows = notify_many([a, b, a], kind=SURVEY, subject="s", text="t", link="/")
    assert sorted(n.user_id for n in rows) == sorted([a.id, b.id])
    assert len(_outbox()) == 2


def test_unread_count_and_marking_read(create_user_f):
    user, other = create_user_f(), create_user_f()
    first = notify(user, kind=SURVEY, subject="1", text="", link="/", email=False)
    notify(user, kind=SURVEY, subject="2", text="", link="/", email=False)
    notify(other, kind=SURVEY, subject="3", text="", link="/", email=False)
    assert unread_count(user) == 2
    mark_read(first)
    assert unread_count(user) == 1
    assert mark_all_read(user) == 1
    assert unread_count(user) == 0
    assert unread_count(other) == 1


def test_absolute_links_to_this_site_are_stored_as_paths(create_user_f):
    user = create_user_f()
    n = notify(user, kind=SURVEY, subject="s", text="t", link="http://127.0.0.1:5000/k/a/")
    assert n.link == "/k/a/"


def test_register_kind_lists_it_on_the_settings_page():
    register_kind("test_kind", "Et testvarsel")
    try:
        assert ("test_kind", "Et testvarsel") in known_kinds()
    finally:
        kinds._KINDS.pop("test_kind")


def test_deleting_the_account_erases_its_notifications_mail_and_choices(create_user_f):
    from cocreate.privacy.services import delete_account

    user, other = create_user_f(), create_user_f()
    notify(user, kind=SURVEY, subject="s", text="t", link="/")
    notify(other, kind=SURVEY, subject="s", text="t", link="/")
    unsubscribe(user, "idea_moved")
    db.session.commit()
    delete_account(user, remove_contributions=False, actor=user, reason="self")
    db.session.commit()
    assert [n.user_id for n in db.session.scalars(select(Notification))] == [other.id]
    assert [m.user_id for m in _outbox()] == [other.id]
    assert db.session.scalars(select(EmailOptOut)).all() == []


def test_a_message_without_address_is_given_up_not_retried(create_user_f):
    from cocreate.notifications.outbox import send_pending

    notify(create_user_f(), kind=SURVEY, subject="s", text="t", link="/")
    db.session.commit()
    [message] = _outbox()
    message.to_address = ""
    db.session.commit()
    result = send_pending()
    assert (result.sent, result.given_up) == (0, 1)
    assert _outbox()[0].failed_at is not None


def test_a_subject_is_one_line(create_user_f):
    n = notify(
        create_user_f(), kind=SURVEY, subject="Nytt svar på «A\r\nBcc: x@y»", text="t", link="/"
    )
    assert n.subject == "Nytt svar på «A Bcc: x@y»"
    assert _outbox()[0].subject == n.subject
