"""GET /api/v1/search, and its description in the OpenAPI document."""

from cocreate.api.openapi import openapi_document


def test_search_api_finds_public_items_with_filters(client, scene):
    found = client.get("/api/v1/search?q=sykkelveier&municipality=heimby").json
    titles = {item["title"] for item in found["items"]}
    assert "Egen sykkelvei til skolen" in titles
    assert "Sykkelvei over fjellet" not in titles
    assert not {"Sykkelvei skjult", "Sykkelvei venter", "Sykkelvei i utkastet"} & titles
    idea = next(i for i in found["items"] if i["type"] == "idea")
    assert "<mark>" in idea["title_html"] and idea["url"].endswith(f"/innspill/{scene.bike.id}")
    assert idea["stage"] == "assessed"
    staged = client.get("/api/v1/search?q=sykkelvei&stage=heard").json["items"]
    assert {i["title"] for i in staged} == {"Sykkelvei over fjellet"}
    principled = client.get("/api/v1/search?q=sykkelvei&principle=1").json["items"]
    assert "Egen sykkelvei til skolen" not in {i["title"] for i in principled}
    typed = client.get("/api/v1/search?q=sykkelvei&type=workshop").json["items"]
    assert [i["type"] for i in typed] == ["workshop"]


def test_search_api_refuses_bad_parameters(client, scene):
    for query in (
        "",
        "q=",
        "q=!!!",
        "q=" + "a" * 201,
        "q=x&stage=nope",
        "q=x&principle=9",
        "q=x&type=user",
        "q=x&per_page=101",
    ):
        reply = client.get(f"/api/v1/search?{query}")
        assert reply.status_code == 400, query
        assert reply.json["status"] == 400
    assert client.get("/api/v1/search?q=x&municipality=ingen").status_code == 404


def test_search_is_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").json
    operation = document["paths"]["/search"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {
        "q",
        "municipality",
        "principle",
        "stage",
        "type",
        "page",
        "per_page",
    }
    assert "SearchHit" in openapi_document()["components"]["schemas"]
