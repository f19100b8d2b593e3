"""The comparison in the open data (comparison.csv, valid under frictionless) and the API."""

import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from cocreate.comparison.figures import comparison
from cocreate.extensions import db
from cocreate.reference.models import Principle


def _package(client, slug: str, folder: Path) -> Path:
    response = client.get(f"/api/v1/municipalities/{slug}/datapackage.zip")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
        archive.extractall(folder)
    return folder


def _csv(folder: Path) -> list[dict[str, str]]:
    text = (folder / "comparison.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_open_data_rows_per_year_and_valid(client, places, tmp_path):
    folder = _package(client, "heimby", tmp_path / "heimby")
    rows = _csv(folder)
    assert [(r["municipality_number"], r["year"]) for r in rows] == [
        (places.heimby.number, "2025"),
        (places.heimby.number, "2026"),
    ]
    first, second = rows
    assert first["municipality"] == "Heimby kommune"
    assert first["population"] == "12000" and first["size_band"] == "5000-19999"
    assert first["closure"] == "0.5"
    both = (*comparison(2025), *comparison(2026))
    by_year = {row.year: row for row in both if row.slug == "heimby"}
    assert float(second["closure"]) == by_year[2026].closure
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "comparison")
    assert resource["schema"]["primaryKey"] == ["municipality_number", "year"]
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("frictionless")),
            "validate",
            "--json",
            str(folder / "datapackage.json"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = json.loads(result.stdout)
    assert report["valid"], json.dumps(report, ensure_ascii=False)[:2000]


def test_open_data_suppressed_and_not_sharing(client, places, tmp_path):
    tiny = _csv(_package(client, "litenby", tmp_path / "litenby"))
    assert len(tiny) == 1
    assert tiny[0]["year"] == "2026" and tiny[0]["size_band"] == "under-5000"
    for key in ("closure", "median_days", "yield", "promise_kept", "representativeness", "stalled"):
        assert tiny[0][key] == ""
    assert _csv(_package(client, "lukketby", tmp_path / "lukketby")) == []


def _validate(client, body, name: str) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    errors = list(Draft202012Validator(schema).iter_errors(body))
    assert not errors, [e.message for e in errors]


def test_api_lists_sharing_municipalities(client, places):
    response = client.get("/api/v1/comparison")
    assert response.status_code == 200
    body = response.get_json()
    _validate(client, body, "Comparison")
    items = {item["municipality"]: item for item in body["items"]}
    assert set(items) == {"heimby", "bortby", "tredjeby", "litenby"}
    assert items["litenby"]["suppressed"] is True and items["litenby"]["closure"] is None
    assert items["heimby"]["closure"] == 0.417
    assert items["heimby"]["size_band"] == "5000-19999"
    assert items["heimby"]["population"] == 12000


def test_api_year_and_principle(client, places):
    body = client.get("/api/v1/comparison?year=2025").get_json()
    assert body["year"] == 2025
    heimby = next(item for item in body["items"] if item["municipality"] == "heimby")
    assert heimby["closure"] == 0.5
    principle = db.session.scalar(db.select(Principle.id).where(Principle.number == 2))
    body = client.get(f"/api/v1/comparison?principle={principle}").get_json()
    _validate(client, body, "Comparison")
    heimby = next(item for item in body["items"] if item["municipality"] == "heimby")
    assert heimby["yield"] == 0.167


BAD = [
    ("year=abc", 400),
    ("year=1800", 400),
    ("principle=0", 400),
    ("principle=9999", 404),
    ("year=2025&principle=1", 404),
]


@pytest.mark.parametrize(("query", "status"), BAD)
def test_api_bad_parameters_are_clear(client, places, query, status):
    response = client.get(f"/api/v1/comparison?{query}")
    assert response.status_code == status
    body = response.get_json()
    _validate(client, body, "Error")
    assert body["message"]
