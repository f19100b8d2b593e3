"""Helpers for the ideas tests: a challenge with an idea and a comment in any phase."""

from dataclasses import dataclass

import pytest

from cocreate.accounts.models import User
from cocreate.challenges.models import Challenge, Phase
from cocreate.extensions import db
from cocreate.ideas.models import Comment, Idea
from cocreate.ideas.services import post_comment


@dataclass
class Scene:
    challenge: Challenge
    idea: Idea
    comment: Comment

    @property
    def slug(self) -> str:
        return self.challenge.municipality.slug


@pytest.fixture
def make_scene(world, create_challenge_f, create_idea_f):
    """make_scene(phase, **challenge_fields): the author's idea with the author's comment."""

    def _make(phase: Phase = Phase.open, **fields) -> Scene:
        challenge = create_challenge_f(world.municipality, **fields)
        idea = create_idea_f(challenge, world.author)
        comment = post_comment(idea, body="Forfatterens kommentar", author=world.author)
        challenge.phase = phase  # the test moves the challenge to the phase under test
        db.session.commit()
        return Scene(challenge, idea, comment)

    return _make


def login(client, user: User | None) -> None:
    """Sign the test client in as `user` (None stays anonymous) without the login form."""
    if user is None:
        return
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
