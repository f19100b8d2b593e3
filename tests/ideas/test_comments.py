"""Comments: one level of replies, a 15-minute edit window, hiding by facilitators."""

from datetime import timedelta

import pytest

from cocreate.challenges.models import Phase
from cocreate.database import utcnow
from cocreate.extensions import db
from cocreate.ideas.models import Comment, CommentVisibility, Idea
from cocreate.ideas.services import (
    IdeaError,
    edit_comment,
    hide_comment,
    post_comment,
)


@pytest.fixture
def idea(world, create_challenge_f, create_idea_f):
    challenge = create_challenge_f(world.municipality)
    return create_idea_f(challenge, world.author)


def test_post_comment_counts(world, idea):
    comment = post_comment(idea, body="  Godt forslag!  ", author=world.citizen)
    db.session.commit()
    db.session.refresh(idea)
    assert comment.body == "Godt forslag!"
    assert comment.author_id == world.citizen.id
    assert idea.comment_count == 1


def test_reply_to_a_reply_attaches_to_the_top_level_comment(world, idea):
    top = post_comment(idea, body="Første", author=world.citizen)
    reply = post_comment(idea, body="Svar", author=world.author, parent=top)
    deeper = post_comment(idea, body="Svar på svar", author=world.citizen, parent=reply)
    db.session.commit()
    assert reply.parent_id == top.id
    assert deeper.parent_id == top.id
    assert db.session.get(Idea, idea.id).comment_count == 3


def test_reply_must_belong_to_the_same_idea(world, idea, create_idea_f):
    other = create_idea_f(idea.challenge, world.citizen, title="Annet")
    top = post_comment(other, body="Her", author=world.citizen)
    with pytest.raises(IdeaError):
        post_comment(idea, body="Der", author=world.citizen, parent=top)


@pytest.mark.parametrize("body", ["", "   ", "x" * 2001])
def test_empty_or_too_long_comment_is_refused(world, idea, body):
    with pytest.raises(IdeaError):
        post_comment(idea, body=body, author=world.citizen)
    assert db.session.query(Comment).count() == 0


@pytest.mark.parametrize("phase", [Phase.draft, Phase.concluded])
def test_no_comments_outside_open_and_assessing(world, idea, phase):
    idea.challenge.phase = phase
    with pytest.raises(IdeaError):
        post_comment(idea, body="Hei", author=world.citizen)


def test_comments_allowed_while_assessing(world, idea):
    idea.challenge.phase = Phase.assessing
    assert post_comment(idea, body="Hei", author=world.citizen).id


def test_author_edits_within_fifteen_minutes_only(world, idea):
    comment = post_comment(idea, body="Skrivefeil", author=world.citizen)
    edit_comment(comment, body="Rettet", actor=world.citizen)
    assert comment.body == "Rettet" and comment.edited_at is not None
    with pytest.raises(IdeaError):
        edit_comment(comment, body="Ikke min", actor=world.author)
    comment.created_at = utcnow() - timedelta(minutes=16)
    db.session.commit()
    with pytest.raises(IdeaError):
        edit_comment(comment, body="For sent", actor=world.citizen)
    assert db.session.get(Comment, comment.id).body == "Rettet"


def test_hide_comment_keeps_reason_and_count(world, idea):
    comment = post_comment(idea, body="Reklame her", author=world.citizen)
    db.session.commit()
    hide_comment(comment, reason="spam", actor=world.facilitator)
    hide_comment(comment, reason="spam", actor=world.facilitator)  # idempotent
    db.session.commit()
    assert comment.visibility is CommentVisibility.hidden
    assert comment.hidden_reason == "spam"
    assert db.session.get(Idea, idea.id).comment_count == 0
    with pytest.raises(IdeaError):
        hide_comment(comment, reason="ukjent", actor=world.facilitator)
