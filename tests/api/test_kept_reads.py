"""Issue 16, target 4: the API's public reads are kept per page generation. A repeated request
costs one query (the generation); a committed write, also of another process, is seen at once."""

import pytest

from cocreate.extensions import db
from tests.isolation import recorded_statements
from tests.performance.workers import run_worker


@pytest.mark.real_commits
def test_a_repeated_read_costs_one_query_and_a_write_elsewhere_is_seen(
    client, world, create_challenge_f, create_idea_f, create_user_f, _db_dir
):
    challenge = create_challenge_f(world.municipality)
    idea = create_idea_f(challenge, world.author, title="Benker i parken")
    supporter = create_user_f("stotter@example.no")
    db.session.commit()
    paths = (f"/api/v1/challenges/{challenge.id}/ideas", f"/api/v1/ideas/{idea.id}")
    for path in paths:
        first = client.get(path)
        with recorded_statements() as statements:
            again = client.get(path)
        assert again.get_json() == first.get_json()
        assert len(statements) == 1 and "page_generations" in statements[0]
        assert again.headers["Access-Control-Allow-Origin"] == "*"
    run_worker(_db_dir, "support", idea.id, supporter.id)
    db.session.expire_all()  # the tests share one session; a real request starts afresh
    listed = client.get(paths[0]).get_json()["items"]
    assert [item["supports"] for item in listed if item["id"] == idea.id] == [1]
