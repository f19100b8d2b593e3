"""Results in the open API: shapes validated against the OpenAPI document, public data only."""

import json

from jsonschema import Draft202012Validator

from cocreate.challenges.models import Phase
from cocreate.extensions import db
from cocreate.ideas.models import Visibility
from cocreate.ideas.stages import Stage
from cocreate.pipeline.services import move_idea
from cocreate.results.models import ResultStatus
from cocreate.results.services import (
    create_result,
    link_inputs,
    link_statements,
    report_progress,
)


def _validate(client, body, schema_name: str) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": document["components"]}
    errors = list(Draft202012Validator(schema).iter_errors(body))
    assert not errors, [e.message for e in errors]


def _linked(results):
    admin = results.world.admin
    link_inputs(results.result, results.ideas, actor=admin)
    link_statements(results.result, [results.statement], actor=admin)
    report_progress(
        results.result, progress=50, status=ResultStatus.under_way, note="Halvveis", actor=admin
    )
    results.ideas[1].visibility = Visibility.hidden
    results.ideas[1].hidden_reason = "spam"
    db.session.commit()


def test_results_list_and_detail(client, results, create_challenge_f):
    _linked(results)
    draft = create_challenge_f(results.world.municipality, phase=Phase.draft, title="Utkast")
    hidden = create_result(draft, title="Hemmelig tiltak", actor=results.world.admin)
    db.session.commit()
    body = client.get("/api/v1/municipalities/heimby/results").get_json()
    assert body["total"] == 1
    for item in body["items"]:
        _validate(client, item, "Result")
    (item,) = body["items"]
    assert item["progress"] == 50 and item["status"] == "under_way" and item["inputs"] == 3
    assert item["cost_estimate"] == 1_250_000 and item["department"] == "Samferdsel"
    one = client.get(f"/api/v1/results/{results.result.id}").get_json()
    _validate(client, one, "ResultDetail")
    ids = [i.id for i in results.ideas]
    assert one["idea_ids"] == [ids[0], ids[2], ids[3]]  # the hidden input is left out
    assert one["statement_ids"] == [results.statement.id]
    assert [u["note"] for u in one["updates"]] == ["Halvveis"]
    assert client.get(f"/api/v1/results/{hidden.id}").status_code == 404
    assert client.get("/api/v1/results/99999999999").status_code == 404


def test_decision_trace_in_the_api(client, results):
    _linked(results)
    admin = results.world.admin
    move_idea(
        results.ideas[3],
        Stage.declined,
        answer="Kommunestyret sa nei til dette.",
        actor=admin,
        reference="2026/123",
    )
    db.session.commit()
    response = client.get("/api/v1/municipalities/heimby/decision?reference=2026/123")
    body = response.get_json()
    _validate(client, body, "Decision")
    outcomes = {i["idea_id"]: i["outcome"] for i in body["inputs"]}
    ids = [i.id for i in results.ideas]
    assert outcomes == {ids[0]: "took_up", ids[2]: "took_up", ids[3]: "declined"}
    (statement,) = body["statements"]
    assert statement["outcome"] == "partly" and statement["assessment"] == "partly"
    assert body["result_ids"] == [results.result.id]
    text = json.dumps(body, ensure_ascii=False)
    assert "@" not in text
    bad = client.get("/api/v1/municipalities/heimby/decision")
    assert bad.status_code == 400 and "reference" in bad.get_json()["message"]
    nul = client.get("/api/v1/municipalities/heimby/decision?reference=%00")
    assert nul.status_code == 400
    empty = client.get("/api/v1/municipalities/heimby/decision?reference=1999/1").get_json()
    assert empty["inputs"] == [] and empty["statements"] == []
