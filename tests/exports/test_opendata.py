"""The open-data package is public, anonymised and valid under `frictionless validate`."""

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cocreate.challenges.models import Phase
from cocreate.extensions import db
from cocreate.ideas.models import Visibility


@pytest.fixture
def package(client, world, create_challenge_f, create_idea_f, tmp_path: Path):
    challenge = create_challenge_f(world.municipality, principles=(1, 4))
    create_challenge_f(world.municipality, phase=Phase.draft, title="Hemmelig utkast")
    world.author.show_name = True
    create_idea_f(challenge, world.author, title="Offentlig idé, med «æøå»")
    hidden = create_idea_f(challenge, world.citizen, title="Skjult", body="HEMMELIG TEKST")
    hidden.visibility = Visibility.hidden
    db.session.commit()
    response = client.get("/api/v1/municipalities/heimby/datapackage.zip")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/zip"
    folder = tmp_path / "pakke"
    with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
        archive.extractall(folder)
    return folder


def test_package_valid_under_frictionless(package):
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("frictionless")),
            "validate",
            "--json",
            str(package / "datapackage.json"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = json.loads(result.stdout)
    assert report["valid"], json.dumps(report, ensure_ascii=False)[:2000]


def test_package_states_licence_and_hides_private_things(package):
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["licenses"][0]["name"] == "NLOD-2.0"
    everything = "".join(p.read_text(encoding="utf-8") for p in package.iterdir())
    assert "Offentlig idé, med «æøå»" in everything
    for secret in ("@", "HEMMELIG", "Hemmelig utkast", "Test Testesen"):
        assert secret not in everything, secret
    rows = (package / "challenge_principles.csv").read_text().splitlines()
    challenge_id = (package / "challenges.csv").read_text().splitlines()[1].split(",")[0]
    assert rows == ["challenge_id,principle", f"{challenge_id},1", f"{challenge_id},4"]


def test_unknown_municipality_404(client):
    assert client.get("/api/v1/municipalities/ingen/datapackage.zip").status_code == 404
