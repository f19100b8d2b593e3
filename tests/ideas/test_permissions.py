"""The permission matrix: every role × every challenge phase × every action, as functions and
as routes (the route must give exactly what the function promises)."""

import pytest
from sqlalchemy import select

from cocreate.challenges.models import Phase
from cocreate.extensions import db
from cocreate.ideas.models import Comment, CommentVisibility, Idea, Visibility, Vote
from cocreate.ideas.permissions import (
    can_comment,
    can_edit_comment,
    can_edit_idea,
    can_hide_comment,
    can_submit_idea,
    can_support_idea,
    can_view_idea,
    can_withdraw_support,
)
from cocreate.ideas.services import support_idea
from tests.ideas.conftest import login

ROLES = ["anonymous", "citizen", "author", "other_facilitator", "facilitator", "admin"]
PHASES = list(Phase)
STAFF = {"facilitator", "admin"}
SIGNED_IN = set(ROLES) - {"anonymous"}
DISCUSSION = {Phase.open, Phase.assessing}


def expected(action: str, role: str, phase: Phase) -> bool:
    """The rule of each action, written out once more as the specification."""
    if phase is Phase.draft and role not in STAFF and action != "hide_comment":
        return False  # a draft is visible to the municipality's staff only
    return {
        "submit_idea": role in SIGNED_IN and phase is Phase.open,
        "view_idea": True,
        "view_pending_idea": role in STAFF or role == "author",
        "edit_idea": role == "author" and phase is Phase.open,
        "support_idea": role in SIGNED_IN and phase is Phase.open,
        "withdraw_support": role in SIGNED_IN and phase is Phase.open,
        "comment": role in SIGNED_IN and phase in DISCUSSION,
        "edit_comment": role == "author" and phase in DISCUSSION,
        "hide_comment": role in STAFF,
    }[action]


ACTIONS = [
    "submit_idea",
    "view_idea",
    "view_pending_idea",
    "edit_idea",
    "support_idea",
    "withdraw_support",
    "comment",
    "edit_comment",
    "hide_comment",
]


@pytest.mark.parametrize("phase", PHASES, ids=lambda p: p.value)
@pytest.mark.parametrize("role", ROLES)
def test_permission_functions(world, make_scene, create_idea_f, role, phase):
    scene = make_scene(phase)
    user = world.roles()[role]
    pending = create_idea_f(scene.challenge, world.author, title="Venter")
    pending.visibility = Visibility.pending
    db.session.commit()
    got = {
        "submit_idea": can_submit_idea(user, scene.challenge),
        "view_idea": can_view_idea(user, scene.idea),
        "view_pending_idea": can_view_idea(user, pending),
        "edit_idea": can_edit_idea(user, scene.idea),
        "support_idea": can_support_idea(user, scene.idea),
        "withdraw_support": can_withdraw_support(user, scene.idea),
        "comment": can_comment(user, scene.idea),
        "edit_comment": can_edit_comment(user, scene.comment),
        "hide_comment": can_hide_comment(user, scene.comment),
    }
    assert got == {action: expected(action, role, phase) for action in ACTIONS}


def test_answered_idea_can_no_longer_be_edited(world, make_scene):
    scene = make_scene(Phase.open)
    assert can_edit_idea(world.author, scene.idea)
    scene.idea.first_answered_at = scene.idea.created_at
    assert not can_edit_idea(world.author, scene.idea)


def test_unverified_and_suspended_people_cannot_take_part(world, make_scene, create_user_f):
    from cocreate.accounts.models import Membership
    from cocreate.database import utcnow

    scene = make_scene(Phase.open)
    unverified = create_user_f(verified=False)
    assert not can_submit_idea(unverified, scene.challenge)
    assert not can_support_idea(unverified, scene.idea)
    assert not can_comment(unverified, scene.idea)
    suspended = create_user_f()
    db.session.add(
        Membership(
            user_id=suspended.id, municipality_id=world.municipality.id, suspended_at=utcnow()
        )
    )
    db.session.commit()
    assert not can_submit_idea(suspended, scene.challenge)
    assert not can_support_idea(suspended, scene.idea)
    assert not can_comment(suspended, scene.idea)


# Routes -------------------------------------------------------------------------------------


def _denied_status(role: str, phase: Phase, action: str) -> set[int]:
    if action == "hide_comment":  # the moderation page refuses before it looks at the phase
        return {302} if role == "anonymous" else {403}
    if phase is Phase.draft and role not in STAFF:
        return {404}  # the draft's pages do not exist for others
    if action in ("view_idea", "view_pending_idea"):
        return {404}
    if role == "anonymous":
        return {302}  # to the login page
    return {403}


def _request(client, action: str, scene, pending: Idea):
    slug, idea, comment = scene.slug, scene.idea, scene.comment
    base = f"/k/{slug}/innspill/{idea.id}"
    if action == "submit_idea":
        return client.post(
            f"/k/{slug}/utfordringer/{scene.challenge.id}/nytt-innspill",
            data={"title": "Nytt forslag", "body": "Begrunnelse", "district": ""},
        )
    if action == "view_idea":
        return client.get(base)
    if action == "view_pending_idea":
        return client.get(f"/k/{slug}/innspill/{pending.id}")
    if action == "edit_idea":
        return client.post(f"{base}/endre", data={"title": "Endret", "body": "Ny tekst"})
    if action == "support_idea":
        return client.post(f"{base}/stott")
    if action == "withdraw_support":
        return client.post(f"{base}/trekk-stotte")
    if action == "comment":
        return client.post(f"{base}/kommentarer", data={"body": "En kommentar"})
    if action == "edit_comment":
        return client.post(f"/k/{slug}/kommentarer/{comment.id}/endre", data={"body": "Rettet"})
    if action == "hide_comment":
        # Staff hide through the moderation page, so every hide is in the moderation log.
        return client.post(
            f"/k/{slug}/moderering/kommentar/{comment.id}/skjul",
            data={"hide-reason": "spam", "hide-note": "Reklame for en nettbutikk."},
        )
    raise AssertionError(action)


def _effect(action: str, scene, user) -> bool:
    """Whether the action really happened in the database."""
    db.session.expire_all()
    if user is None and action in ("support_idea", "withdraw_support"):
        return False
    if action == "submit_idea":
        return db.session.scalar(select(Idea).where(Idea.title == "Nytt forslag")) is not None
    if action == "edit_idea":
        return db.session.get(Idea, scene.idea.id).title == "Endret"
    if action == "support_idea":
        return db.session.scalar(select(Vote).where(Vote.user_id == user.id)) is not None
    if action == "withdraw_support":
        return db.session.scalar(select(Vote).where(Vote.user_id == user.id)) is None
    if action == "comment":
        return db.session.scalar(select(Comment).where(Comment.body == "En kommentar")) is not None
    if action == "edit_comment":
        return db.session.get(Comment, scene.comment.id).body == "Rettet"
    if action == "hide_comment":
        return db.session.get(Comment, scene.comment.id).visibility is CommentVisibility.hidden
    return True


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("phase", PHASES, ids=lambda p: p.value)
def test_permission_routes(world, make_scene, create_idea_f, client, action, phase):
    for role in ROLES:
        scene = make_scene(phase)
        pending = create_idea_f(scene.challenge, world.author, title="Venter")
        pending.visibility = Visibility.pending
        user = world.roles()[role]
        if action == "withdraw_support" and user is not None:
            scene.challenge.phase = Phase.open
            support_idea(scene.idea, user)
            scene.challenge.phase = phase
        db.session.commit()
        with client.session_transaction() as session:
            session.clear()
        login(client, user)
        response = _request(client, action, scene, pending)
        allowed = expected(action, role, phase)
        if allowed:
            assert response.status_code in {200, 302, 303}, (role, response.status_code)
            assert _effect(action, scene, user), role
        else:
            assert response.status_code in _denied_status(role, phase, action), (
                role,
                response.status_code,
            )
            if role == "anonymous" and response.status_code == 302:
                assert "/logg-inn" in response.headers["Location"]
            if action not in ("view_idea", "view_pending_idea"):
                assert not _effect(action, scene, user), role
