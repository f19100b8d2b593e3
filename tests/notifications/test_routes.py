"""The notifications page, unread count in the header, e-mail preferences and unsubscribe."""

import pytest
from sqlalchemy import select

from cocreate.extensions import db
from cocreate.notifications.links import unsubscribe_token
from cocreate.notifications.models import EmailOptOut, Notification, OutboxMessage
from cocreate.notifications.services import email_opt_outs, notify, unread_count
from tests.factories import PASSWORD


@pytest.fixture
def kari(create_user_f):
    return create_user_f("kari@example.no")


def _notify(user, subject="Nytt svar på innspillet ditt", link="/k/heimby/innspill/1"):
    notification = notify(user, kind="idea_moved", subject=subject, text="Svaret.", link=link)
    db.session.commit()
    return notification


def test_header_shows_the_unread_count(client, auth, kari):
    _notify(kari)
    _notify(kari, subject="Enda et svar")
    auth.login(kari.email, PASSWORD)
    page = client.get("/").get_data(as_text=True)
    assert 'class="badge unread-count">2<span class="visually-hidden"> uleste' in page


def test_notifications_page_lists_and_marks_read(client, auth, kari, create_user_f):
    first = _notify(kari, subject="Første varsel")
    _notify(kari, subject="Andre varsel")
    _notify(create_user_f(), subject="Noen andres varsel")
    auth.login(kari.email, PASSWORD)
    page = client.get("/varsler").get_data(as_text=True)
    assert page.index("Andre varsel") < page.index("Første varsel")  # newest first
    assert "Noen andres varsel" not in page
    response = client.post(f"/varsler/{first.id}/apne")
    assert response.status_code == 302 and response.location.endswith("/k/heimby/innspill/1")
    assert unread_count(kari) == 1
    client.post("/varsler/les-alle")
    assert unread_count(kari) == 0
    assert "unread-count" not in client.get("/varsler").get_data(as_text=True)


def test_cannot_open_someone_elses_notification(client, auth, kari, create_user_f):
    other = _notify(create_user_f())
    auth.login(kari.email, PASSWORD)
    assert client.post(f"/varsler/{other.id}/apne").status_code == 404
    db.session.refresh(other)
    assert other.read_at is None


def test_an_offsite_link_is_never_followed(client, auth, kari):
    notification = _notify(kari, link="https://evil.example/")
    auth.login(kari.email, PASSWORD)
    response = client.post(f"/varsler/{notification.id}/apne")
    assert response.location.endswith("/varsler")


def test_notifications_need_login(client):
    assert client.get("/varsler").status_code == 302
    assert client.get("/konto/varsler").status_code == 302


def test_email_preferences_page(client, auth, kari):
    auth.login(kari.email, PASSWORD)
    page = client.get("/konto/varsler").get_data(as_text=True)
    assert 'name="kind_idea_moved"' in page and "checked" in page
    # Untick "idea_moved", keep the others.
    response = client.post(
        "/konto/varsler",
        data={
            "kind_challenge_concluded": "y",
            "kind_survey": "y",
            "kind_idea_moderated": "y",
            "kind_challenge_opened": "y",
            "kind_comment_reply": "y",
            "kind_result_updated": "y",
            "kind_statement_moderated": "y",
            "kind_hearing_assessed": "y",
            "kind_followup_survey": "y",
            "kind_proposal_moved": "y",
            "kind_solution_adopted": "y",
        },
    )
    assert response.status_code == 302
    assert email_opt_outs(kari) == {"idea_moved"}
    _notify(kari)
    assert db.session.scalars(select(OutboxMessage)).all() == []
    client.post(
        "/konto/varsler",
        data={
            "kind_idea_moved": "y",
            "kind_challenge_concluded": "y",
            "kind_survey": "y",
            "kind_idea_moderated": "y",
            "kind_challenge_opened": "y",
            "kind_comment_reply": "y",
            "kind_result_updated": "y",
            "kind_statement_moderated": "y",
            "kind_hearing_assessed": "y",
            "kind_followup_survey": "y",
            "kind_proposal_moved": "y",
            "kind_solution_adopted": "y",
        },
    )
    assert email_opt_outs(kari) == set()


def test_account_page_links_to_email_preferences(client, auth, kari):
    auth.login(kari.email, PASSWORD)
    assert "/konto/varsler" in client.get("/konto").get_data(as_text=True)


def test_unsubscribe_link_works_without_login(client, kari):
    token = unsubscribe_token(kari.id, "idea_moved")
    page = client.get(f"/varsler/avmeld/{token}").get_data(as_text=True)
    assert "Ja, meld meg av" in page
    assert email_opt_outs(kari) == set()  # a GET (link scanners) changes nothing
    response = client.post(f"/varsler/avmeld/{token}")
    assert response.status_code == 200
    assert "Du får ikke lenger e-post om" in response.get_data(as_text=True)
    assert email_opt_outs(kari) == {"idea_moved"}
    assert client.post(f"/varsler/avmeld/{token}").status_code == 200  # again: no error
    assert len(db.session.scalars(select(EmailOptOut)).all()) == 1


def test_one_click_unsubscribe_needs_no_csrf_token(app, client, auth, kari):
    auth.login(kari.email, PASSWORD)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        token = unsubscribe_token(kari.id, "survey")
        one_click = {"List-Unsubscribe": "One-Click"}
        assert client.post(f"/varsler/avmeld/{token}", data=one_click).status_code == 200
        assert client.post("/varsler/les-alle").status_code == 400  # other forms still need it
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert email_opt_outs(kari) == {"survey"}


def test_a_forged_unsubscribe_token_is_refused(client, kari):
    token = unsubscribe_token(kari.id, "idea_moved")
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert client.post(f"/varsler/avmeld/{forged}").status_code == 404
    assert email_opt_outs(kari) == set()


def test_the_unsubscribe_link_in_an_email_works(client, kari):
    _notify(kari)
    message = db.session.scalars(select(OutboxMessage)).one()
    url = message.headers["List-Unsubscribe"].strip("<>")
    path = url.removeprefix("http://127.0.0.1:5000")
    assert path in message.text
    client.post(path)
    assert email_opt_outs(kari) == {"idea_moved"}
    assert db.session.scalars(select(Notification)).one().user_id == kari.id
