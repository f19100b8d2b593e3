"""The public JSON API: shapes match the OpenAPI document, nothing private leaks."""

import json

import pytest
from jsonschema import Draft202012Validator

from cocreate.challenges.models import Phase
from cocreate.extensions import db
from cocreate.ideas.models import Visibility


@pytest.fixture
def data(world, create_challenge_f, create_idea_f):
    open_challenge = create_challenge_f(world.municipality, principles=(1, 4))
    draft = create_challenge_f(world.municipality, phase=Phase.draft, title="Hemmelig utkast")
    world.author.show_name = True
    shown = create_idea_f(open_challenge, world.author, title="Synlig forslag")
    anonymous = create_idea_f(open_challenge, world.citizen, title="Anonymt forslag")
    hidden = create_idea_f(open_challenge, world.citizen, title="Skjult forslag", body="HEMMELIG")
    hidden.visibility = Visibility.hidden
    hidden.hidden_reason = "spam"
    db.session.commit()
    return {
        "world": world,
        "challenge": open_challenge,
        "draft": draft,
        "shown": shown,
        "anonymous": anonymous,
        "hidden": hidden,
    }


def _validate(client, response, schema_name: str) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": document["components"]}
    errors = list(Draft202012Validator(schema).iter_errors(response.get_json()))
    assert not errors, [e.message for e in errors]


def _page_schema(client, item: str, response) -> None:
    body = response.get_json()
    assert set(body) == {"items", "page", "per_page", "total", "pages"}
    for element in body["items"]:
        document = client.get("/api/v1/openapi.json").get_json()
        schema = {"$ref": f"#/components/schemas/{item}", "components": document["components"]}
        assert not list(Draft202012Validator(schema).iter_errors(element))


def test_openapi_document_lists_every_api_route(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    Draft202012Validator.check_schema({"components": document["components"]})
    documented = {
        "/api/v1" + path.replace("{", "<").replace("}", ">") for path in document["paths"]
    }
    routes = {
        rule.rule.replace("<int:", "<")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api.openapi"
    }
    assert routes == documented


def test_municipalities_and_principles(client, data):
    response = client.get("/api/v1/municipalities?per_page=1&page=2")
    body = response.get_json()
    assert body["total"] == 2 and body["pages"] == 2 and len(body["items"]) == 1
    _page_schema(client, "Municipality", response)
    one = client.get("/api/v1/municipalities/heimby")
    _validate(client, one, "Municipality")
    assert one.get_json()["name"] == "Heimby kommune"
    principles = client.get("/api/v1/principles").get_json()["items"]
    assert [p["number"] for p in principles] == list(range(1, 9))
    assert principles[0]["name"]["nb"] == "Sett innbyggerne i sentrum"


def test_challenges_hide_drafts(client, data):
    response = client.get("/api/v1/municipalities/heimby/challenges")
    _page_schema(client, "Challenge", response)
    titles = [c["title"] for c in response.get_json()["items"]]
    assert titles == [data["challenge"].title]
    assert client.get(f"/api/v1/challenges/{data['draft'].id}").status_code == 404
    one = client.get(f"/api/v1/challenges/{data['challenge'].id}")
    _validate(client, one, "ChallengeDetail")
    assert one.get_json()["principles"] == [1, 4]


def test_ideas_public_only_and_names_only_when_chosen(client, data):
    response = client.get(f"/api/v1/challenges/{data['challenge'].id}/ideas")
    _page_schema(client, "Idea", response)
    items = {i["title"]: i for i in response.get_json()["items"]}
    assert set(items) == {"Synlig forslag", "Anonymt forslag"}
    assert items["Synlig forslag"]["author"] == "Test Testesen"
    assert items["Anonymt forslag"]["author"] == "Innbygger"
    assert client.get(f"/api/v1/ideas/{data['hidden'].id}").status_code == 404
    one = client.get(f"/api/v1/ideas/{data['shown'].id}")
    _validate(client, one, "IdeaWithHistory")
    assert one.get_json()["stage"] == "heard" and one.get_json()["history"] == []


def test_no_email_or_hidden_text_anywhere(client, data):
    urls = [
        "/api/v1/municipalities",
        "/api/v1/municipalities/heimby",
        "/api/v1/municipalities/heimby/challenges",
        f"/api/v1/challenges/{data['challenge'].id}",
        f"/api/v1/challenges/{data['challenge'].id}/ideas",
        f"/api/v1/ideas/{data['shown'].id}",
        f"/api/v1/ideas/{data['anonymous'].id}",
    ]
    for url in urls:
        text = json.dumps(client.get(url).get_json(), ensure_ascii=False)
        assert "@" not in text, url
        assert "HEMMELIG" not in text and "Hemmelig utkast" not in text, url


def test_cors_and_read_only(client, data):
    response = client.get("/api/v1/municipalities")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert client.post("/api/v1/municipalities").status_code == 405


@pytest.mark.parametrize("query", ["page=0", "per_page=101", "page=abc", "per_page=-1"])
def test_bad_paging_is_a_clear_400(client, data, query):
    response = client.get(f"/api/v1/municipalities?{query}")
    assert response.status_code == 400
    assert "Ugyldig verdi" in response.get_json()["message"]


def test_unknown_is_json_404(client):
    response = client.get("/api/v1/municipalities/finnes-ikke")
    assert response.status_code == 404
    assert response.get_json()["status"] == 404


def test_out_of_range_id_is_404_not_a_database_error(client):
    assert client.get("/api/v1/ideas/99999999999").status_code == 404
    assert client.get("/api/v1/challenges/2147483648/ideas").status_code == 404


def test_metrics_only_published_panels(client, data, app_ctx):
    from cocreate.metrics.dashboard import compute_dashboard, set_public_panels
    from cocreate.metrics.scope import Scope

    empty = client.get("/api/v1/municipalities/heimby/metrics")
    _validate(client, empty, "Metrics")
    assert empty.get_json()["measures"] == []
    set_public_panels(data["world"].municipality.id, ["key_figures", "funnel"])
    db.session.commit()
    body = client.get("/api/v1/municipalities/heimby/metrics").get_json()
    measures = {row["measure"]: row for row in body["measures"]}
    assert body["published_panels"] == ["key_figures", "funnel"]
    # The author and the citizen (two ideas): 2 persons, fewer than 5, so hidden (null).
    assert measures["participants"]["value"] is None
    assert body["figures"]["participants"]["participants"] is None
    assert body["disclosure"]["rounding_base"] == 5
    exact = compute_dashboard(Scope(data["world"].municipality.id))
    assert exact["participants"]["participants"] == 2
    assert "promise_kept" not in measures and "survey_responses" not in measures
    # A challenge with fewer than 10 participants is not a public scope.
    challenge = client.get(f"/api/v1/challenges/{data['challenge'].id}/metrics")
    assert challenge.status_code == 404
    _validate(client, challenge, "Error")
    assert "færre enn 10 deltakere" in challenge.get_json()["message"]
    assert client.get(f"/api/v1/challenges/{data['draft'].id}/metrics").status_code == 404
