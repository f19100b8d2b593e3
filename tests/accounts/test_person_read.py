"""The log-in check reads the person with what every page asks of them (accounts/sessions.py):
their memberships and the header's unread count, in the one statement it runs anyway."""

from cocreate.accounts.permissions import membership_in
from cocreate.accounts.sessions import start_session, user_for_session
from cocreate.database import commit
from cocreate.notifications.services import mark_all_read, notify, unread_count
from tests.ideas.conftest import login
from tests.isolation import recorded_statements


def test_a_page_reads_the_person_their_roles_and_news_in_one_statement(app, world):
    notify(world.facilitator, kind="answer", subject="Svar på innspillet", text="", link="/")
    commit()
    client = app.test_client()
    login(client, world.facilitator)
    client.get("/tilgjengelighet")
    with recorded_statements() as statements:
        page = client.get("/tilgjengelighet").text
    assert 'class="badge unread-count">1' in page and 'href="/k/heimby/"' in page
    person = [s for s in statements if "FROM users" in s]
    assert len(person) == 1 and "memberships" in person[0] and "notifications" in person[0]
    others = [s for s in statements if s not in person]
    assert not [s for s in others if "memberships" in s or "notifications" in s]


def test_what_was_read_with_the_person_follows_a_change_in_the_request(app, world):
    for subject in ("Første", "Andre"):
        notify(world.citizen, kind="answer", subject=subject, text="", link="/")
    commit()
    session_id = start_session(world.facilitator, remember=False)
    municipality_id = world.municipality.id
    with app.test_request_context("/"):
        person = user_for_session(session_id)
        assert person is not None
        with recorded_statements(commit_first=False) as statements:
            assert membership_in(person, municipality_id) is not None
        assert statements == []  # the memberships came with the person
    session_id = start_session(world.citizen, remember=False)
    with app.test_request_context("/"):
        person = user_for_session(session_id)
        with recorded_statements(commit_first=False) as statements:
            assert unread_count(person) == 2
        assert statements == []
        mark_all_read(person)
        assert unread_count(person) == 0  # asked again after the change, not the kept 2
