"""The open-data package carries closed budgets and their projects with the ballots in aggregate
only (votes and points rounded to 5, empty under 5), never per person, and stays valid under
`frictionless validate`."""

import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from cocreate.accounts.services import create_user
from cocreate.budgeting.services import cast_ballot, close_vote, open_vote
from cocreate.extensions import db


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


def test_budgets_in_open_data_in_aggregate(client, budgeting, tmp_path):
    b = budgeting
    p1, p2 = b.projects
    open_vote(b.budget, actor=b.world.facilitator)
    for n in range(7):
        voter = create_user(f"v{n}@example.no", "Velger", "riktig-hest-batteri", verified=True)
        cast_ballot(b.budget, {p1.id: 1} if n < 6 else {p2.id: 1}, voter=voter)
    db.session.commit()
    folder = _package(client, tmp_path)
    assert _rows(folder, "budgets") == []  # still open: no running tallies
    close_vote(b.budget, actor=b.world.facilitator)
    db.session.commit()
    folder = _package(client, tmp_path / "2")
    (budget,) = _rows(folder, "budgets")
    assert budget["amount"] == "100000" and budget["voters"] == "5"  # 7 → 5
    assert budget["rule"] == "greedy" and budget["ballot_kind"] == "approval"
    projects = {r["title"]: r for r in _rows(folder, "budget_projects")}
    assert projects["Benker i parken"]["votes"] == "5"  # 6 → 5
    assert projects["Benker i parken"]["won"] == "True"
    assert projects["Lys langs elva"]["votes"] == ""  # 1: under 5
    assert projects["Lys langs elva"]["won"] == "False"
    assert projects["Benker i parken"]["idea_id"] == str(b.ideas[0].id)
    everything = "".join(p.read_text(encoding="utf-8") for p in folder.iterdir())
    assert "@" not in everything and "user_id" not in everything
    report = subprocess.run(
        [
            str(Path(sys.executable).with_name("frictionless")),
            "validate",
            "--json",
            str(folder / "datapackage.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert json.loads(report.stdout)["valid"], report.stdout[:3000]
