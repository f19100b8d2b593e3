"""The staff export and the open data carry each history row's kind (issue 14 point 5)."""

import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cocreate.extensions import db
from cocreate.ideas.stages import Stage
from cocreate.pipeline.services import add_progress_update, correct_answer, move_idea
from tests.factories import PASSWORD

ANSWER = "Vi har satt opp benkene i Sørparken."
CORRECTED = "Rettelse: benkene står i Nordparken, ikke i Sørparken."
NOTE = "Benkene får også tak før vinteren, arbeidet er i gang."


@pytest.fixture
def corrected(world, create_challenge_f, create_idea_f):
    idea = create_idea_f(create_challenge_f(world.municipality), world.author)
    move_idea(idea, Stage.piloting, answer=ANSWER, actor=world.facilitator)
    add_progress_update(idea, answer=NOTE, actor=world.facilitator)
    move_idea(idea, Stage.done, answer=ANSWER, actor=world.facilitator)
    correct_answer(idea, answer=CORRECTED, actor=world.admin)
    db.session.commit()
    return idea


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_staff_export_has_the_kind(client, auth, world, corrected):
    auth.login(world.admin.email, PASSWORD)
    rows = _rows(client.get("/k/heimby/eksport/stage_history.csv").get_data(as_text=True))
    assert [(r["kind"], r["from_stage"], r["to_stage"]) for r in rows] == [
        ("move", "heard", "piloting"),
        ("progress", "piloting", "piloting"),
        ("move", "piloting", "done"),
        ("correction", "done", "done"),
    ]
    assert rows[-1]["answer"] == CORRECTED


def test_open_data_has_the_kind_and_stays_valid(client, corrected, tmp_path: Path):
    response = client.get("/api/v1/municipalities/heimby/datapackage.zip")
    folder = tmp_path / "pakke"
    with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
        archive.extractall(folder)
    rows = _rows((folder / "stage_history.csv").read_text(encoding="utf-8"))
    assert [r["kind"] for r in rows] == ["move", "progress", "move", "correction"]
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    history = next(r for r in descriptor["resources"] if r["name"] == "stage_history")
    kind = next(f for f in history["schema"]["fields"] if f["name"] == "kind")
    assert kind["constraints"]["enum"] == ["move", "correction", "progress"]
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
