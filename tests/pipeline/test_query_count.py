"""Lists run the same number of queries for 2 and 10 inputs (no N+1)."""

import pytest

from cocreate.extensions import db
from cocreate.ideas.services import follow_idea
from cocreate.ideas.stages import Stage
from tests.factories import PASSWORD
from tests.isolation import recorded_statements


def _queries(client, url):
    with recorded_statements() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def _add(world, challenge, create_idea_f, move, n):
    for i in range(n):
        idea = create_idea_f(challenge, world.author, title=f"Innspill {i}")
        follow_idea(idea, world.citizen)
        db.session.commit()
        move(idea, Stage.decided)


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("facilitator", "/k/heimby/utfordringer/{challenge}/tavle"),
        ("facilitator", "/k/heimby/innboks"),
        ("citizen", "/mine-innspill"),
        ("citizen", "/k/heimby/fra-ord-til-handling"),
    ],
)
def test_lists_do_not_query_per_item(
    client, auth, world, challenge, create_idea_f, create_challenge_f, move, role, url
):
    url = url.format(challenge=challenge.id)
    inbox_challenge = create_challenge_f(world.municipality, title="Innboks")
    user = world.roles()[role]
    auth.login(user.email, PASSWORD)
    _add(world, challenge, create_idea_f, move, 2)
    for i in range(2):
        create_idea_f(inbox_challenge, world.author, title=f"Ubesvart {i}")
    _queries(client, url)  # what is kept per page generation (the målform) is read once
    few = _queries(client, url)
    _add(world, challenge, create_idea_f, move, 8)
    for i in range(8):
        create_idea_f(inbox_challenge, world.author, title=f"Ubesvart mer {i}")
    assert _queries(client, url) == few
