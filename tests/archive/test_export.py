"""The CLI and the admin download write the same valid package and mark what it held archived;
a change after the export flags the input for re-export; numbers are checked and shown."""

import pytest
from sqlalchemy import select

from cocreate.archive.models import ArchivedAnswer, ArchivedInput
from cocreate.archive.queries import input_records, needs_reexport
from cocreate.archive.schemas import SCHEMAS, errors
from cocreate.archive.services import ArchiveError, set_answer_number, set_case_number
from cocreate.extensions import db
from cocreate.ideas.services import edit_idea
from cocreate.ideas.stages import Stage
from cocreate.pipeline.services import move_idea
from cocreate.refusals import NotAllowed
from tests.factories import PASSWORD

from .conftest import ANSWER, unzip

ROLES = ["anonymous", "citizen", "facilitator", "admin", "other_admin"]


def _login(auth, world, role):
    user = getattr(world, role) if role != "anonymous" else None
    if user is not None:
        auth.login(user.email, PASSWORD)
    return user


def test_cli_writes_a_valid_package_and_marks_it_archived(
    runner, world, case, tmp_path, quick_pdfs
):
    result = runner.invoke(
        args=["archive", "export", "heimby", "--output", str(tmp_path / "pakke")]
    )
    assert result.exit_code == 0, result.output
    assert "3 innspill og 2 svar" in result.output
    folder = tmp_path / "pakke"
    for name in SCHEMAS:
        assert errors(name, (folder / name).read_bytes()) == [], name
    assert len(list((folder / "dokumenter").glob("*.pdf"))) == 6  # 3 inputs, 2 answers, 1 note
    db.session.expire_all()
    records = db.session.scalars(select(ArchivedInput)).all()
    assert {r.idea_id for r in records if r.archived_at} == {i.id for i in case.ideas}
    answers = db.session.scalars(select(ArchivedAnswer)).all()
    assert {a.stage_change_id for a in answers if a.archived_at} == {
        case.moved.id,
        case.corrected.id,
    }


def test_cli_narrows_to_a_challenge_and_a_period(runner, world, case, tmp_path, quick_pdfs):
    day = case.ideas[0].created_at.date().isoformat()
    result = runner.invoke(
        args=[
            "archive",
            "export",
            "heimby",
            "--challenge",
            str(case.challenge.id),
            "--from",
            day,
            "--to",
            day,
            "--output",
            str(tmp_path),
        ]
    )
    assert result.exit_code == 0, result.output
    assert errors("arkivstruktur.xml", (tmp_path / "arkivstruktur.xml").read_bytes()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ingensteds"], "Fant ingen kommune"),
        (["heimby", "--challenge", "999999"], "Fant ingen utfordring"),
        (["heimby", "--from", "2030-01-02", "--to", "2030-01-01"], "--to kan ikke"),
        (["heimby", "--from", "2099-01-01"], "ingen innspill eller svar"),
    ],
)
def test_cli_refuses_what_it_cannot_export(runner, world, case, tmp_path, args, message):
    result = runner.invoke(args=["archive", "export", *args, "--output", str(tmp_path)])
    assert result.exit_code != 0
    assert message in result.output


@pytest.mark.parametrize("role", ROLES)
def test_admin_download_is_admin_only(client, auth, world, case, quick_pdfs, role):
    _login(auth, world, role)
    page = client.get("/k/heimby/arkiv")
    response = client.post("/k/heimby/arkiv/uttrekk", data={})
    if role == "anonymous":
        assert page.status_code == 302 and "/logg-inn" in page.location
        assert response.status_code == 302 and "/logg-inn" in response.location
    elif role == "admin":
        assert page.status_code == 200
        assert "Arkivuttrekk etter Noark 5" in page.get_data(as_text=True)
        assert response.status_code == 200
        assert response.mimetype == "application/zip"
        files = unzip(response.data)
        for name in SCHEMAS:
            assert errors(name, files[name]) == [], name
        db.session.expire_all()
        assert input_records([case.ideas[0].id])[case.ideas[0].id].archived_at is not None
    else:
        assert page.status_code == 403
        assert response.status_code == 403
        assert db.session.scalars(select(ArchivedInput.archived_at)).all() in ([], [None])


def test_admin_download_of_another_municipalitys_challenge_is_refused(
    client, auth, world, case, create_challenge_f
):
    theirs = create_challenge_f(world.other)
    auth.login(world.admin.email, PASSWORD)
    response = client.post("/k/heimby/arkiv/uttrekk", data={"challenge": theirs.id})
    assert response.status_code == 400
    assert "Velg en utfordring i denne kommunen." in response.get_data(as_text=True)


def test_a_change_after_export_flags_the_input_for_reexport(
    runner, world, case, tmp_path, quick_pdfs
):
    first, second, third = case.ideas
    assert not needs_reexport(first, None)
    runner.invoke(args=["archive", "export", "heimby", "--output", str(tmp_path)])
    db.session.expire_all()
    records = input_records(i.id for i in case.ideas)
    assert not any(needs_reexport(i, records[i.id]) for i in case.ideas)
    move_idea(second, Stage.assessed, answer=ANSWER, actor=world.facilitator)
    edit_idea(
        third,
        title="Dugnad i parken i mai",
        body=third.body,
        district=None,
        actor=case.organisation,
    )
    db.session.flush()
    records = input_records(i.id for i in case.ideas)
    assert needs_reexport(second, records[second.id])
    assert needs_reexport(third, records[third.id])
    assert not needs_reexport(first, records[first.id])


def test_reexport_flag_shows_on_the_staff_pages(
    client, auth, runner, world, case, tmp_path, quick_pdfs
):
    first = case.ideas[0]
    runner.invoke(args=["archive", "export", "heimby", "--output", str(tmp_path)])
    move_idea(first, Stage.decided, answer=ANSWER, actor=world.facilitator)
    db.session.commit()
    auth.login(world.admin.email, PASSWORD)
    idea_page = client.get(f"/k/heimby/innspill/{first.id}").get_data(as_text=True)
    assert "Endret etter arkivering" in idea_page
    archive_page = client.get("/k/heimby/arkiv").get_data(as_text=True)
    assert first.title in archive_page.split("Endret etter arkivering")[1]


@pytest.mark.parametrize("value", ["1234", "2026-1234", "26/1", "2026/12345678", "2026/1 "])
def test_case_number_form_is_checked(world, case, value):
    if value.strip() != value:
        set_case_number(case.challenge, value, actor=world.facilitator)  # stripped, fine
        return
    with pytest.raises(ArchiveError, match="år/nummer"):
        set_case_number(case.challenge, value, actor=world.facilitator)


def test_only_staff_record_numbers(world, case):
    for user in (world.citizen, world.other_facilitator, world.other_admin):
        with pytest.raises(NotAllowed):
            set_case_number(case.challenge, "2026/1", actor=user)
        with pytest.raises(NotAllowed):
            set_answer_number(case.moved, "2026/2", actor=user)


@pytest.mark.parametrize(
    "role", ["anonymous", "citizen", "other_facilitator", "facilitator", "admin"]
)
def test_number_forms_permission_matrix(client, auth, world, case, role):
    _login(auth, world, role)
    first = case.ideas[0]
    posts = [
        (f"/k/heimby/utfordringer/{case.challenge.id}/saksnummer", {"case_number": "2026/77"}),
        (f"/k/heimby/innspill/{first.id}/journalnummer", {"journal_number": "2026/88"}),
        (f"/k/heimby/svar/{case.moved.id}/journalnummer", {"journal_number": "2026/99-2"}),
    ]
    for url, data in posts:
        response = client.post(url, data=data)
        if role == "anonymous":
            assert response.status_code == 302 and "/logg-inn" in response.location
        elif role in ("facilitator", "admin"):
            assert response.status_code == 302, url
        else:
            assert response.status_code == 403, url
    db.session.expire_all()
    saved = input_records([first.id]).get(first.id)
    if role in ("facilitator", "admin"):
        assert saved.journal_number == "2026/88"
        page = client.get(f"/k/heimby/innspill/{first.id}").get_data(as_text=True)
        assert "Saksnummer 2026/77 – be om innsyn hos kommunen." in page
        assert "journalnummer 2026/99-2" in page
    else:
        assert saved is None or saved.journal_number is None


def test_numbers_show_on_the_public_pages(client, world, case):
    db.session.commit()
    challenge_page = client.get(f"/k/heimby/utfordringer/{case.challenge.id}").get_data(
        as_text=True
    )
    assert "Saksnummer 2026/1234 – be om innsyn hos kommunen." in challenge_page
    assert "Lagre saksnummer" not in challenge_page  # no staff form for a visitor
    third = case.ideas[2]
    idea_page = client.get(f"/k/heimby/innspill/{third.id}").get_data(as_text=True)
    assert "Saksnummer 2026/1234 – be om innsyn hos kommunen." in idea_page
    assert "Innspillet har journalnummer 2026/5678." in idea_page


def test_a_bad_number_in_the_form_is_refused_with_the_reason(client, auth, world, case):
    auth.login(world.facilitator.email, PASSWORD)
    url = f"/k/heimby/utfordringer/{case.challenge.id}/saksnummer"
    response = client.post(url, data={"case_number": "sak 12"}, follow_redirects=True)
    assert "Saksnummeret skrives som år/nummer" in response.get_data(as_text=True)


def test_numbers_are_in_the_api(client, world, case):
    set_answer_number(case.moved, "2026/4321-2", actor=world.facilitator)
    db.session.commit()
    challenge = client.get(f"/api/v1/challenges/{case.challenge.id}").get_json()
    assert challenge["case_number"] == "2026/1234"
    first, _second, third = case.ideas
    data = client.get(f"/api/v1/ideas/{first.id}").get_json()
    assert data["case_number"] == "2026/1234"
    assert data["journal_number"] is None
    assert [h["journal_number"] for h in data["history"]] == ["2026/4321-2", None]
    assert client.get(f"/api/v1/ideas/{third.id}").get_json()["journal_number"] == "2026/5678"


def test_the_web_refuses_a_selection_too_big_to_render_while_waiting(
    client, auth, app, world, case, monkeypatch
):
    monkeypatch.setitem(app.config, "ARCHIVE_WEB_DOCUMENT_LIMIT", 4)
    auth.login(world.admin.email, PASSWORD)
    response = client.post("/k/heimby/arkiv/uttrekk", data={})
    assert response.status_code == 400
    assert "Utvalget har 5 dokumenter, og nettsiden lager høyst 4 om gangen." in response.get_data(
        as_text=True
    )
    db.session.expire_all()
    records = input_records(i.id for i in case.ideas)
    assert all(r.archived_at is None for r in records.values())
