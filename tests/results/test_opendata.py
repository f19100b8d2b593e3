"""The open-data package carries the results and their links (public ones only) and stays valid
under `frictionless validate`."""

import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from cocreate.challenges.models import Phase
from cocreate.extensions import db
from cocreate.ideas.models import Visibility
from cocreate.results.services import create_result, link_inputs, link_statements


def _package(client, tmp_path: Path) -> Path:
    response = client.get("/api/v1/municipalities/heimby/datapackage.zip")
    assert response.status_code == 200
    folder = tmp_path / "pakke"
    with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
        archive.extractall(folder)
    return folder


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_results_and_links_in_open_data(client, results, create_challenge_f, tmp_path):
    admin = results.world.admin
    link_inputs(results.result, results.ideas, actor=admin)
    link_statements(results.result, [results.statement], actor=admin)
    results.ideas[1].visibility = Visibility.hidden
    results.ideas[1].hidden_reason = "spam"
    draft = create_challenge_f(results.world.municipality, phase=Phase.draft, title="Utkast")
    create_result(draft, title="Hemmelig tiltak", actor=admin)
    db.session.commit()
    folder = _package(client, tmp_path)
    (row,) = _rows(folder, "results")
    assert row["title"] == "Trygg skolevei i sentrum" and row["cost_estimate"] == "1250000"
    assert row["status"] == "planned" and row["department"] == "Samferdsel"
    assert row["decision_reference"] == "2026/123"
    links = [(r["kind"], int(r["target_id"])) for r in _rows(folder, "result_links")]
    ids = [i.id for i in results.ideas]
    assert links == [
        ("idea", ids[0]),
        ("idea", ids[2]),
        ("idea", ids[3]),
        ("statement", results.statement.id),
    ]
    everything = "".join(p.read_text(encoding="utf-8") for p in folder.iterdir())
    assert "Hemmelig tiltak" not in everything and "@" not in everything
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
