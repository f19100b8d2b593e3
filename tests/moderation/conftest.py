"""Content to moderate, made through the factories and the ideas services."""

import pytest

from cocreate.extensions import db
from cocreate.ideas.services import post_comment, support_idea


@pytest.fixture
def challenge(world, create_challenge_f):
    return create_challenge_f(world.municipality)


@pytest.fixture
def idea(world, challenge, create_idea_f):
    return create_idea_f(challenge, world.author, title="Flere benker i parken")


@pytest.fixture
def comment(world, idea):
    comment = post_comment(idea, body="Kjøp heller min vaskemaskin!", author=world.author)
    db.session.commit()
    return comment


@pytest.fixture
def other_idea(world, create_challenge_f, create_idea_f):
    """An idea in the other municipality (Bortby)."""
    challenge = create_challenge_f(world.other, title="Bortbys utfordring")
    return create_idea_f(challenge, world.author, title="Bortby-idé")


@pytest.fixture
def citizen_took_part(world, idea):
    """The citizen supported an idea in Heimby: staff there may now open their page and suspend
    them (a person with no tie to a municipality is not its staff's business)."""
    support_idea(idea, world.citizen)
    db.session.commit()
    return world.citizen
