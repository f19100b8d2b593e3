"""Exports narrowed like the dashboard, and the CSV that Norwegian Excel opens as it is.

Each test opens the produced file as a spreadsheet program or a script would: it reads the
bytes, checks the BOM and separator, parses the rows and compares them with the database."""

import csv
import io
import json
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from cocreate.database import utcnow
from cocreate.exports.datasets import DATASETS
from cocreate.extensions import db
from cocreate.ideas.services import support_idea
from cocreate.metrics.dashboard import measures_table
from cocreate.metrics.scope import Scope
from cocreate.metrics.snapshots import dashboard_figures
from cocreate.reference.models import TargetImage
from tests.factories import PASSWORD


@pytest.fixture
def two(world, create_challenge_f, create_idea_f, create_user_f):
    """Two challenges under different principles; the first also under målbilde 1."""
    park = create_challenge_f(world.municipality, title="Parken", principles=(1,))
    park.target_images = [db.session.scalar(select(TargetImage).where(TargetImage.number == 1))]
    road = create_challenge_f(world.municipality, title="Veien", principles=(2,))
    ideas = {
        "park": [create_idea_f(park, world.author, title=f"Park {n}") for n in range(3)],
        "road": [create_idea_f(road, world.author, title="Vei 1")],
    }
    old = ideas["park"][0]
    # Outside a range of the last 30 days; a quarter of a day more, so its age is a decimal.
    old.created_at = utcnow() - timedelta(days=40, hours=6)
    for n in range(2):
        support_idea(ideas["road"][0], create_user_f(f"s{n}@example.no"))
    db.session.commit()
    return {"world": world, "park": park, "road": road, "ideas": ideas}


def _login(client, email):
    client.post("/logg-inn", data={"email": email, "password": PASSWORD})


def _csv(response, *, delimiter=","):
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode()), "no UTF-8 BOM"
    return list(csv.reader(io.StringIO(raw.decode("utf-8")[1:]), delimiter=delimiter))


def _titles(client, query: str) -> list[str]:
    rows = _csv(client.get(f"/k/heimby/eksport/ideas.csv?{query}"))
    title = rows[0].index("title")
    return sorted(row[title] for row in rows[1:])


def test_excel_csv_has_semicolons_bom_norwegian_headers_and_decimal_comma(client, two):
    _login(client, two["world"].admin.email)
    response = client.get("/k/heimby/eksport/measures.csv?csv=excel")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="samskap-heimby-measures-excel-' in response.headers["Content-Disposition"]
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeffMål;Verdi;Teller;Nevner\r\n")
    rows = {row[0]: row for row in _csv(response, delimiter=";")[1:]}
    # Every row has exactly four cells: no comma in a number split a row.
    assert all(len(row) == 4 for row in rows.values())
    data = dashboard_figures(Scope(two["world"].municipality.id))
    assert data["funnel"]["yield_"] == 0  # 0 of 4: written as a whole number
    assert rows["funnel_yield"][1] == "0"
    # A decimal that is no count of persons (those are whole, rounded to 5, since issue 15):
    # the oldest unanswered input's age, some 40¼ days.
    share = next(r for r in measures_table(data) if r["measure"] == "oldest_unanswered_days")
    expected = f"{round(share['value'], 3)}".replace(".", ",")
    assert rows["oldest_unanswered_days"][1] == expected
    assert "," in expected and "." not in rows["oldest_unanswered_days"][1]
    ideas = client.get("/k/heimby/eksport/ideas.csv?csv=excel").get_data().decode("utf-8")
    header = ideas.lstrip("\ufeff").splitlines()[0].split(";")
    assert header[:4] == ["ID", "Utfordring-ID", "Utfordring", "Tittel"]
    assert len(header) == len(DATASETS["ideas"].columns)


def test_machine_csv_stays_as_it_was(client, two):
    _login(client, two["world"].admin.email)
    rows = _csv(client.get("/k/heimby/eksport/measures.csv"))
    assert rows[0] == ["measure", "value", "numerator", "denominator"]
    values = {row[0]: row[1] for row in rows[1:]}
    assert ";" not in "".join(values.values())
    assert "." in values["oldest_unanswered_days"]  # a decimal point


def test_every_dataset_has_norwegian_headers_for_every_column():
    for name, spec in DATASETS.items():
        assert len(spec.headers_nb) == len(spec.columns), name
        assert len(set(spec.headers_nb)) == len(spec.headers_nb), name


def test_ratios_rounded_in_csv_and_xlsx_exact_in_json(client, two):
    _login(client, two["world"].admin.email)
    exact = {
        row["measure"]: row["value"]
        for row in json.loads(client.get("/k/heimby/eksport/measures.json").get_data())
    }
    share = exact["oldest_unanswered_days"]  # some 40¼ days and a little: many decimals
    assert isinstance(share, float) and share != round(share, 3)
    machine = {row[0]: row[1] for row in _csv(client.get("/k/heimby/eksport/measures.csv"))}
    assert machine["oldest_unanswered_days"] == str(round(share, 3))
    book = load_workbook(io.BytesIO(client.get("/k/heimby/eksport/measures.xlsx").get_data()))
    cells = {row[0]: row[1] for row in book.active.iter_rows(min_row=2, values_only=True)}
    assert cells["oldest_unanswered_days"] == round(share, 3)


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_export_narrowed_to_a_challenge_principle_and_målbilde(client, two, fmt):
    _login(client, two["world"].admin.email)
    park, road = two["park"].id, two["road"].id
    assert _titles(client, f"utfordring={park}") == ["Park 0", "Park 1", "Park 2"]
    assert _titles(client, f"utfordring={road}") == ["Vei 1"]
    assert _titles(client, "prinsipp=2") == ["Vei 1"]
    target = db.session.scalar(select(TargetImage.id).where(TargetImage.number == 1))
    assert _titles(client, f"malbilde={target}") == ["Park 0", "Park 1", "Park 2"]
    response = client.get(f"/k/heimby/eksport/supports.{fmt}?utfordring={park}")
    assert response.status_code == 200
    assert "-utvalg-" in response.headers["Content-Disposition"]
    if fmt == "json":
        assert json.loads(response.get_data()) == []  # the supports were on the road
    elif fmt == "csv":
        assert len(_csv(response)) == 1  # the header only
    else:
        book = load_workbook(io.BytesIO(response.get_data()))
        assert book.active.max_row == 1


def test_export_narrowed_to_a_date_range(client, two):
    _login(client, two["world"].admin.email)
    today = utcnow().date()
    start = (today - timedelta(days=30)).isoformat()
    assert _titles(client, f"fra={start}") == ["Park 1", "Park 2", "Vei 1"]
    old = two["ideas"]["park"][0].created_at.date().isoformat()
    assert _titles(client, f"fra={old}&til={old}") == ["Park 0"]


@pytest.mark.parametrize(
    "query",
    [
        "utfordring=999999",
        "utfordring=abc",
        "prinsipp=77",
        "malbilde=77",
        "fra=2026-13-01",
        "fra=2026-06-30&til=2026-01-01",
        "csv=libreoffice",
    ],
)
def test_invalid_filter_gives_a_clear_error_and_no_file(client, two, query):
    _login(client, two["world"].admin.email)
    response = client.get(f"/k/heimby/eksport/ideas.csv?{query}")
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert "Content-Disposition" not in response.headers
    assert "Filteret kan ikke brukes" in response.get_data(as_text=True)


def test_a_challenge_of_another_municipality_is_an_error(client, two, create_challenge_f):
    foreign = create_challenge_f(two["world"].other, title="Fremmed")
    db.session.commit()
    _login(client, two["world"].admin.email)
    response = client.get(f"/k/heimby/eksport/ideas.json?utfordring={foreign.id}")
    assert response.status_code == 400
    assert "Utfordringen finnes ikke i denne kommunen." in response.get_data(as_text=True)


def test_export_page_offers_excel_csv_with_the_filter(client, two):
    _login(client, two["world"].admin.email)
    park = two["park"].id
    html = client.get(f"/k/heimby/eksport?utfordring={park}").get_data(as_text=True)
    assert f"/k/heimby/eksport/ideas.csv?csv=excel&amp;utfordring={park}" in html
    assert f"/k/heimby/eksport/measures.json?utfordring={park}" in html
