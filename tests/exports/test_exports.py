"""Admin exports: formats, file names, pseudonyms, permissions, bounded memory."""

import csv
import io
import json
import tracemalloc
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert, select

from cocreate.accounts.models import User
from cocreate.audit.models import AuditEvent
from cocreate.exports.datasets import DATASETS, participant_id, stream_rows
from cocreate.exports.writers import csv_chunks
from cocreate.extensions import db
from cocreate.ideas.models import Vote
from cocreate.ideas.services import support_idea
from tests.factories import PASSWORD


@pytest.fixture
def exported(world, create_challenge_f, create_idea_f):
    challenge = create_challenge_f(world.municipality, title="Grønnere sentrum")
    idea = create_idea_f(challenge, world.author, title="Trær, «æøå» og komma, her")
    support_idea(idea, world.citizen)
    db.session.commit()
    return {"world": world, "challenge": challenge, "idea": idea}


def _login(client, email):
    client.post("/logg-inn", data={"email": email, "password": PASSWORD})


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("citizen", 403),
        ("facilitator", 403),
        ("other_facilitator", 403),
        ("admin", 200),
    ],
)
def test_only_admins_of_the_municipality(client, exported, who, status):
    user = exported["world"].roles()[who]
    if user is not None:
        _login(client, user.email)
    for url in ("/k/heimby/eksport", "/k/heimby/eksport/ideas.csv"):
        assert client.get(url).status_code == status, url


def test_other_municipality_admin_refused(client, exported):
    _login(client, exported["world"].other_admin.email)
    assert client.get("/k/heimby/eksport/supports.csv").status_code == 403


def test_csv_export_with_pseudonyms_and_file_name(client, exported, app_ctx):
    world = exported["world"]
    _login(client, world.admin.email)
    response = client.get("/k/heimby/eksport/supports.csv")
    assert response.status_code == 200
    today = date.today().isoformat()
    assert (
        f'filename="samskap-heimby-supports-{today}.csv"' in response.headers["Content-Disposition"]
    )
    text = response.get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1
    assert rows[0]["participant_id"] == participant_id(world.citizen.id)
    assert "@" not in text
    ideas = list(
        csv.DictReader(
            io.StringIO(
                client.get("/k/heimby/eksport/ideas.csv").get_data(as_text=True).lstrip("\ufeff")
            )
        )
    )
    assert ideas[0]["title"] == "Trær, «æøå» og komma, her"
    assert ideas[0]["participant_id"] == participant_id(world.author.id)
    assert ideas[0]["supports"] == "1"
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "export.downloaded"))
    assert {e.data["dataset"] for e in events} == {"supports", "ideas"}


def test_json_and_xlsx_exports(client, exported):
    _login(client, exported["world"].admin.email)
    data = json.loads(client.get("/k/heimby/eksport/ideas.json").get_data(as_text=True))
    assert data[0]["title"] == "Trær, «æøå» og komma, her" and data[0]["stage"] == "heard"
    response = client.get("/k/heimby/eksport/comments.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.get_data()), read_only=True)
    header = next(book.active.iter_rows(values_only=True))
    assert header == DATASETS["comments"].columns
    xlsx = load_workbook(io.BytesIO(client.get("/k/heimby/eksport/ideas.xlsx").get_data()))
    assert xlsx.active["D2"].value == "Trær, «æøå» og komma, her"


def test_unknown_dataset_or_format_404(client, exported):
    _login(client, exported["world"].admin.email)
    assert client.get("/k/heimby/eksport/passwords.csv").status_code == 404
    assert client.get("/k/heimby/eksport/ideas.exe").status_code == 404


def _bulk_votes(world, idea, count: int) -> None:
    users = [
        {"email": f"v{i}@x.no", "display_name": "V", "session_token": f"t{i}", "show_name": False}
        for i in range(count)
    ]
    db.session.execute(insert(User), users)
    ids = db.session.scalars(select(User.id).where(User.email.like("v%@x.no"))).all()
    db.session.execute(
        insert(Vote),
        [{"idea_id": idea.id, "user_id": uid, "challenge_id": idea.challenge_id} for uid in ids],
    )
    db.session.commit()


def _peak_export_memory(municipality) -> int:
    tracemalloc.start()
    total = 0
    for chunk in csv_chunks(
        DATASETS["supports"].columns, stream_rows(DATASETS["supports"], municipality)
    ):
        total += len(chunk)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert total > 0
    return peak


def test_support_export_memory_does_not_grow_with_rows(exported, app_ctx):
    """Streaming: 20,000 rows peak no higher than ~2,000 rows' peak (plus slack)."""
    world, idea = exported["world"], exported["idea"]
    _bulk_votes(world, idea, 2000)
    small = _peak_export_memory(world.municipality)
    _bulk_votes_more = 18000
    users = [
        {"email": f"w{i}@x.no", "display_name": "W", "session_token": f"u{i}", "show_name": False}
        for i in range(_bulk_votes_more)
    ]
    db.session.execute(insert(User), users)
    ids = db.session.scalars(select(User.id).where(User.email.like("w%@x.no"))).all()
    db.session.execute(
        insert(Vote),
        [{"idea_id": idea.id, "user_id": uid, "challenge_id": idea.challenge_id} for uid in ids],
    )
    db.session.commit()
    large = _peak_export_memory(world.municipality)
    assert large < small * 2 + 512 * 1024, (small, large)


def test_municipality_page_links_exports_for_admins_only(client, exported):
    assert "/k/heimby/eksport" not in client.get("/k/heimby/").get_data(as_text=True)
    _login(client, exported["world"].admin.email)
    assert "/k/heimby/eksport" in client.get("/k/heimby/").get_data(as_text=True)


def test_measures_and_workshops_datasets(client, exported, app_ctx):
    from datetime import UTC, datetime, timedelta

    from cocreate.workshops.models import WorkshopFormat
    from cocreate.workshops.services import create_workshop

    start = datetime.now(UTC) + timedelta(days=2)
    workshop = create_workshop(
        exported["challenge"],
        title="Folkemøte på biblioteket",
        format=WorkshopFormat.physical,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Biblioteket",
        actor=exported["world"].facilitator,
    )
    workshop.headcount = 31
    db.session.commit()
    _login(client, exported["world"].admin.email)
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get("/k/heimby/eksport/measures.csv").get_data(as_text=True).lstrip("\ufeff")
            )
        )
    )
    measures = {row["measure"]: row for row in rows}
    # The author and the supporter: 2 persons, fewer than 5: hidden (empty), as on the page.
    assert measures["participants"]["value"] == ""
    assert measures["rounding_base"]["value"] == "5"
    assert measures["workshop_headcount"]["value"] == "30"  # 31, rounded to base 5
    assert "feedback_closure" in measures and "promise_kept" in measures
    text = client.get("/k/heimby/eksport/workshops.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1
    assert rows[0]["title"] == "Folkemøte på biblioteket" and rows[0]["format"] == "physical"
    assert rows[0]["headcount"] == "31" and rows[0]["notes"] == "0"
