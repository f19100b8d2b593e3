"""The API's history names each row's kind: move, correction, progress (issue 14 point 5)."""

from cocreate.extensions import db
from cocreate.ideas.stages import Stage
from cocreate.pipeline.services import add_progress_update, correct_answer, move_idea
from tests.api.test_api import _validate

ANSWER = "Vi har vurdert innspillet og svarer her offentlig."
CORRECTED = "Rettelse: benkene står i Nordparken, ikke i Sørparken."
NOTE = "Arbeidet er i gang, og benkene settes opp i mai."


def test_history_in_the_api_names_its_kinds(client, world, create_challenge_f, create_idea_f):
    idea = create_idea_f(create_challenge_f(world.municipality), world.author)
    move_idea(idea, Stage.piloting, answer=ANSWER, actor=world.facilitator)
    correct_answer(idea, answer=CORRECTED, actor=world.facilitator)
    add_progress_update(idea, answer=NOTE, actor=world.admin)
    db.session.commit()
    response = client.get(f"/api/v1/ideas/{idea.id}")
    _validate(client, response, "IdeaWithHistory")
    history = response.get_json()["history"]
    assert [(h["kind"], h["from"], h["to"], h["answer"]) for h in history] == [
        ("move", "heard", "piloting", ANSWER),
        ("correction", "piloting", "piloting", CORRECTED),
        ("progress", "piloting", "piloting", NOTE),
    ]


def test_the_openapi_document_lists_the_kinds(client):
    document = client.get("/api/v1/openapi.json").get_json()
    kind = document["components"]["schemas"]["StageChange"]["properties"]["kind"]
    assert kind["enum"] == ["move", "correction", "progress"]
    assert "kind" in document["components"]["schemas"]["StageChange"]["required"]
