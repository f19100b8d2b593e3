"""Innbyggerforslag in the open API and the open data: shapes validated against the OpenAPI
document and the Frictionless package; never contact addresses, initiators only with consent."""

import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from jsonschema import Draft202012Validator

from cocreate.extensions import db
from cocreate.proposals.models import ProposalState
from cocreate.proposals.services import move_proposal, register_proposal
from tests.proposals.conftest import data


def _validate(client, body, schema_name: str) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": document["components"]}
    errors = list(Draft202012Validator(schema).iter_errors(body))
    assert not errors, [e.message for e in errors]


def _world(proposals):
    w = proposals.world
    move_proposal(
        proposals.proposal,
        to_state=ProposalState.adopted,
        answer="Kommunestyret vedtok forslaget og setter av penger i budsjettet.",
        reference="2026/31",
        actor=w.admin,
    )
    secret = register_proposal(
        w.municipality,
        data(title="Ny skatepark", initiators="Hemmelig Hansen", initiators_public=False),
        actor=w.admin,
    )
    return secret


def test_list_and_detail(client, proposals, app):
    secret = _world(proposals)
    db.session.commit()
    body = client.get("/api/v1/municipalities/heimby/proposals").get_json()
    assert body["total"] == 2
    for item in body["items"]:
        _validate(client, item, "Proposal")
    by_title = {item["title"]: item for item in body["items"]}
    shown = by_title["Gatelys langs elvestien"]
    assert shown["initiators"] == "Kari Nordmann og Ola Hansen"
    assert shown["threshold"] == 200 and shown["reaches_threshold"] is True
    assert shown["state"] == "adopted" and shown["case_reference"] == "2026/31"
    assert shown["decided_in_time"] is True
    assert by_title["Ny skatepark"]["initiators"] is None
    raw = json.dumps(body)
    assert "forslag@example.no" not in raw and "Hemmelig" not in raw

    detail = client.get(f"/api/v1/proposals/{proposals.proposal.id}").get_json()
    _validate(client, detail, "ProposalDetail")
    assert [h["to_state"] for h in detail["history"]] == ["adopted"]
    assert client.get(f"/api/v1/proposals/{secret.id + 100}").status_code == 404
    assert client.get("/api/v1/municipalities/bortby/proposals").get_json()["total"] == 0


def test_open_data_has_proposals_without_contacts(client, proposals, tmp_path):
    _world(proposals)
    db.session.commit()
    response = client.get("/api/v1/municipalities/heimby/datapackage.zip")
    assert response.status_code == 200
    folder = tmp_path / "pakke"
    with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
        archive.extractall(folder)
    with (folder / "proposals.csv").open(encoding="utf-8") as handle:
        rows = {row["title"]: row for row in csv.DictReader(handle)}
    shown = rows["Gatelys langs elvestien"]
    assert shown["initiators"] == "Kari Nordmann og Ola Hansen"
    assert shown["state"] == "adopted" and shown["case_reference"] == "2026/31"
    assert shown["valid_signatures"] == "240" and shown["channel"] == "minsak"
    assert rows["Ny skatepark"]["initiators"] == ""
    moves = (folder / "proposal_moves.csv").read_text(encoding="utf-8")
    assert "Kommunestyret vedtok forslaget" in moves
    everything = "".join(p.read_text(encoding="utf-8") for p in folder.iterdir())
    assert "@" not in everything and "Hemmelig" not in everything
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
