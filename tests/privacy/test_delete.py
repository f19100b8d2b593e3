"""«Slett kontoen min»: personal data erased, contributions kept under a pseudonym unless asked,
supports kept only as anonymous counts."""

import pytest
from sqlalchemy import func, select

from cocreate.accounts.models import Membership, ParticipantProfile, Role, User
from cocreate.audit.models import AuditEvent
from cocreate.extensions import db
from cocreate.ideas.models import Comment, Follow, Idea, Vote
from cocreate.ideas.services import post_comment, support_idea
from cocreate.pipeline.models import StageChange
from cocreate.privacy.models import ConsentRecord
from cocreate.privacy.services import delete_account, save_profile
from tests.factories import PASSWORD


def _login(client, user):
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


@pytest.fixture
def scene(world, create_challenge_f, create_idea_f):
    """The citizen wrote two ideas and two comments, supported two ideas, has a profile."""
    challenge = create_challenge_f(world.municipality)
    quiet = create_idea_f(challenge, world.citizen, title="Ingen har sett denne")
    popular = create_idea_f(challenge, world.citizen, title="Alle liker denne")
    theirs = create_idea_f(challenge, world.author, title="Forfatterens idé")
    support_idea(popular, world.author)
    support_idea(theirs, world.citizen)
    support_idea(popular, world.citizen)
    lonely = post_comment(theirs, body="En kommentar uten svar.", author=world.citizen)
    answered = post_comment(theirs, body="En kommentar med svar.", author=world.citizen)
    post_comment(theirs, body="Svar fra forfatteren.", author=world.author, parent=answered)
    save_profile(world.citizen, consent=True, age_band=None, gender=None, district="Nord")
    db.session.commit()
    return {
        "challenge": challenge,
        "quiet": quiet.id,
        "popular": popular.id,
        "theirs": theirs.id,
        "lonely": lonely.id,
        "answered": answered.id,
    }


def _delete(client, user, **data):
    _login(client, user)
    form = {"password": PASSWORD, "confirm": "y", **data}
    return client.post("/konto/slett", data=form)


def test_delete_keeps_contributions_under_pseudonym(client, world, scene):
    user_id = world.citizen.id
    supports_before = db.session.scalar(
        select(Idea.support_count).where(Idea.id == scene["theirs"])
    )
    response = _delete(client, world.citizen)
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.get(User, user_id)
    assert user.deleted_at is not None
    assert user.email is None and user.display_name == "" and user.password_hash is None
    assert user.public_name == "Slettet bruker"
    # Personal belongings are gone.
    assert db.session.scalar(select(func.count()).where(ParticipantProfile.user_id == user_id)) == 0
    assert db.session.scalar(select(func.count()).where(Follow.user_id == user_id)) == 0
    # Contributions stay, under the pseudonym.
    ideas = db.session.scalars(select(Idea).where(Idea.author_id == user_id)).all()
    assert {i.title for i in ideas} == {"Ingen har sett denne", "Alle liker denne"}
    assert ideas[0].author.public_name == "Slettet bruker"
    assert db.session.scalar(select(func.count()).where(Comment.author_id == user_id)) == 2
    # Supports survive only as anonymous counts.
    assert db.session.scalar(select(func.count()).where(Vote.user_id == user_id)) == 0
    theirs = db.session.get(Idea, scene["theirs"])
    assert theirs.support_count == supports_before == 1
    assert db.session.scalar(select(func.count()).where(Vote.idea_id == scene["theirs"])) == 1
    # The consent log shows consent given and then withdrawn.
    log = db.session.scalars(
        select(ConsentRecord.given)
        .where(ConsentRecord.user_id == user_id)
        .order_by(ConsentRecord.id)
    ).all()
    assert log == [True, False]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "account.deleted"))
    assert event.subject_id == user_id and event.data["remove_contributions"] is False


def test_deleted_person_cannot_log_in_and_is_logged_out(client, world, scene, auth):
    _delete(client, world.citizen)
    assert client.get("/konto").status_code == 302  # session ended
    response = auth.login("innbygger@example.no", PASSWORD)
    assert "Feil e-postadresse eller passord" in response.get_data(as_text=True)


def test_other_sessions_of_a_deleted_account_end(app, world, scene):
    other_device = app.test_client()
    _login(other_device, world.citizen)
    assert other_device.get("/konto").status_code == 200
    _delete(app.test_client(), world.citizen)
    assert other_device.get("/konto").status_code == 302


def test_wrong_password_deletes_nothing(client, world, scene):
    response = _delete(client, world.citizen, password="feil-passord-123")
    assert response.status_code == 200
    assert "Passordet er feil" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, world.citizen.id).deleted_at is None
    assert db.session.scalar(select(func.count()).where(AuditEvent.event == "account.deleted")) == 0


def test_confirmation_is_required(client, world, scene):
    response = _delete(client, world.citizen, confirm="")
    assert response.status_code == 200
    assert "Kryss av for å bekrefte" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, world.citizen.id).deleted_at is None


def test_remove_contributions_too(client, world, scene):
    user_id = world.citizen.id
    theirs_comments_before = db.session.get(Idea, scene["theirs"]).comment_count
    _delete(client, world.citizen, remove_contributions="y")
    db.session.expire_all()
    # An idea nobody else touched is deleted.
    assert db.session.get(Idea, scene["quiet"]) is None
    # One others supported stays for their supports, without its text or author.
    popular = db.session.get(Idea, scene["popular"])
    assert popular.author_id is None and popular.body == ""
    assert "Alle liker denne" not in popular.title
    assert popular.support_count == 2
    # A comment without replies is deleted; one with a reply keeps its place, text removed.
    assert db.session.get(Comment, scene["lonely"]) is None
    answered = db.session.get(Comment, scene["answered"])
    assert answered.author_id is None and "med svar" not in answered.body
    theirs = db.session.get(Idea, scene["theirs"])
    assert theirs.comment_count == theirs_comments_before - 1
    assert db.session.scalar(select(func.count()).where(Comment.author_id == user_id)) == 0
    assert db.session.scalar(select(func.count()).where(Idea.author_id == user_id)) == 0


def test_staff_deletion_removes_roles_but_keeps_public_answers(
    app_ctx, world, scene, create_idea_f
):
    from cocreate.ideas.stages import Stage

    idea = db.session.get(Idea, scene["theirs"])
    change = StageChange(
        idea_id=idea.id,
        from_stage=Stage.heard,
        to_stage=Stage.assessed,
        answer="Vi har vurdert innspillet og svarer her.",
        actor_id=world.facilitator.id,
        actor_role=Role.facilitator,
    )
    db.session.add(change)
    db.session.commit()
    delete_account(world.facilitator, remove_contributions=True, actor=None, reason="test")
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(StageChange, change.id).actor_id == world.facilitator.id
    count = select(func.count()).where(Membership.user_id == world.facilitator.id)
    assert db.session.scalar(count) == 0


def test_delete_page_explains_and_needs_login(client, world):
    assert client.get("/konto/slett").status_code == 302
    _login(client, world.citizen)
    html = client.get("/konto/slett").get_data(as_text=True)
    assert "Slettet bruker" in html and 'name="password"' in html


def test_queued_mail_and_notifications_to_the_person_are_removed(client, world, scene):
    from cocreate.notifications.models import Notification, OutboxMessage
    from cocreate.notifications.services import notify

    notify(world.citizen, kind="test", subject="Hei", text="Om innspillet ditt.", link="/")
    db.session.commit()
    address = select(func.count()).where(OutboxMessage.to_address == "innbygger@example.no")
    assert db.session.scalar(address) == 2  # this one, and the scene's reply to their comment
    _delete(client, world.citizen)
    assert db.session.scalar(address) == 0
    mine = select(func.count()).where(Notification.user_id == world.citizen.id)
    assert db.session.scalar(mine) == 0
