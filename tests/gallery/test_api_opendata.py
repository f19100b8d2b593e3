"""The gallery in the open API (validated against the OpenAPI document) and in the open-data
package (gallery.csv and adoptions.csv, valid under `frictionless validate`)."""

import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from jsonschema import Draft202012Validator

from cocreate.extensions import db
from cocreate.gallery.models import AdoptionKind
from cocreate.gallery.queries import find_entry
from cocreate.gallery.services import adopt_solution
from tests.gallery.conftest import login


def _adopt(gallery):
    w = gallery.world
    entry = find_entry("idea", gallery.idea.id)
    adopt_solution(
        entry,
        w.other,
        kind=AdoptionKind.input,
        title=entry.title,
        description="Fra Heimby.",
        actor=w.other_admin,
        origin_url="http://localhost/k/heimby/innspill/1",
        origin_link="/k/heimby/innspill/1",
        challenge=gallery.other_challenge,
        answer="Vi tar i bruk løsningen fra Heimby kommune.",
    )
    db.session.commit()


def test_gallery_api(client, gallery):
    _adopt(gallery)
    body = client.get("/api/v1/gallery?sort=adoptions").get_json()
    document = client.get("/api/v1/openapi.json").get_json()
    assert "/gallery" in document["paths"]
    schema = {"$ref": "#/components/schemas/GalleryEntry", "components": document["components"]}
    for item in body["items"]:
        errors = list(Draft202012Validator(schema).iter_errors(item))
        assert not errors, [e.message for e in errors]
    first = body["items"][0]
    assert first["id"] == gallery.idea.id and first["adopted_by"] == ["bortby"]
    assert first["supporters"] == 5 and first["principles"] == [1, 8]
    by_key = {(i["kind"], i["id"]): i for i in body["items"]}
    assert by_key[("idea", gallery.small.id)]["supporters"] is None  # fewer than 5
    assert by_key[("result", gallery.result.id)]["cost"] == 400_000
    assert body["total"] == 3
    assert client.get("/api/v1/gallery?municipality=bortby").get_json()["total"] == 0
    assert client.get("/api/v1/gallery?principle=x").status_code == 400
    gallery.world.municipality.shares_with_others = False
    db.session.commit()
    assert client.get("/api/v1/gallery").get_json()["total"] == 0


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_gallery_in_open_data(client, gallery, tmp_path):
    _adopt(gallery)
    response = client.get("/api/v1/municipalities/heimby/datapackage.zip")
    folder = tmp_path / "pakke"
    with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
        archive.extractall(folder)
    rows = {(r["kind"], int(r["id"])): r for r in _rows(folder, "gallery")}
    assert set(rows) == {
        ("idea", gallery.idea.id),
        ("idea", gallery.small.id),
        ("result", gallery.result.id),
    }
    assert rows[("idea", gallery.idea.id)]["adoptions"] == "1"
    assert rows[("result", gallery.result.id)]["cost"] == "400000"
    (adoption,) = _rows(folder, "adoptions")
    assert adoption["origin_municipality"] == "heimby" and adoption["municipality"] == "bortby"
    assert adoption["kind"] == "input" and adoption["idea_id"]
    report = subprocess.run(
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
    outcome = json.loads(report.stdout)
    assert outcome["valid"], json.dumps(outcome, ensure_ascii=False)[:2000]


def test_an_adopter_that_does_not_share_is_not_named_to_others(client, gallery, tmp_path):
    """Bortby turned sharing off: Heimby's page, the gallery, the API and Heimby's open data
    neither name nor count its adoption; Bortby's own open data keeps it, and Heimby's staff
    still see it where they move their input to skalert."""
    _adopt(gallery)
    gallery.world.other.shares_with_others = False
    db.session.commit()
    origin = client.get(f"/k/heimby/innspill/{gallery.idea.id}").get_data(as_text=True)
    assert "Tatt i bruk i 0 kommuner" in origin and "/k/bortby/" not in origin
    entry = client.get(f"/gjort-i-kommunene/innspill/{gallery.idea.id}").get_data(as_text=True)
    assert "Bortby" not in entry
    item = next(
        i for i in client.get("/api/v1/gallery").get_json()["items"] if i["id"] == gallery.idea.id
    )
    assert item["adopted_by"] == []

    def package(slug: str) -> Path:
        response = client.get(f"/api/v1/municipalities/{slug}/datapackage.zip")
        folder = tmp_path / slug
        with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
            archive.extractall(folder)
        return folder

    heimby = package("heimby")
    assert _rows(heimby, "adoptions") == []
    rows = {(r["kind"], int(r["id"])): r for r in _rows(heimby, "gallery")}
    assert rows[("idea", gallery.idea.id)]["adoptions"] == "0"
    assert [a["municipality"] for a in _rows(package("bortby"), "adoptions")] == ["bortby"]
    login(client, gallery.world.admin)
    move = client.get(f"/k/heimby/innspill/{gallery.idea.id}/flytt").get_data(as_text=True)
    assert f"/k/heimby/innspill/{gallery.idea.id}/skaler/" in move
