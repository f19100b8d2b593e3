"""A challenge in Heimby with one idea by the world's author, for the pipeline tests."""

import pytest

from cocreate.extensions import db
from cocreate.pipeline.services import move_idea

ANSWER = "Vi har vurdert innspillet og tar det med i planarbeidet."


@pytest.fixture
def challenge(world, create_challenge_f):
    return create_challenge_f(world.municipality)


@pytest.fixture
def idea(world, challenge, create_idea_f):
    return create_idea_f(challenge, world.author)


@pytest.fixture
def move(world):
    """move(idea, stage, **kw): a move by the facilitator, committed."""

    def _move(idea, stage, *, actor=None, answer=ANSWER, **fields):
        change = move_idea(idea, stage, answer=answer, actor=actor or world.facilitator, **fields)
        db.session.commit()
        return change

    return _move
