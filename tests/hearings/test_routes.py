"""Hearings through HTTP: every route for every role (anonymous, citizen, facilitator, admin,
an admin of another municipality), drafts hidden from all but staff, files with their headers,
and the staff's flow from a new hearing to the letters."""

import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from cocreate.extensions import db
from cocreate.hearings.models import (
    Hearing,
    HearingConsultee,
    HearingSection,
    SenderKind,
    Statement,
    StoredFile,
)
from cocreate.hearings.services import add_attachment, give_statement
from tests.hearings.conftest import DOCUMENT, PDF, ROLES, login, outbox_to

OK, LOGIN, DENY, MISSING = "ok", "login", "deny", "missing"


def _outcome(response) -> str:
    if response.status_code in (302, 303) and "/logg-inn" in response.headers["Location"]:
        return LOGIN
    if response.status_code == 403:
        return DENY
    if response.status_code == 404:
        return MISSING
    assert response.status_code < 500, response.status_code
    return OK


def _routes(h):
    hearing, draft = h.hearing.id, h.draft.id
    attachment = add_attachment(h.hearing, "plan.pdf", PDF, actor=None).id
    draft_file = add_attachment(h.draft, "utkast.pdf", PDF, actor=None).id
    statement = give_statement(h.hearing, author=h.world.author, body="Bra plan.").id
    consultee = h.organisation.id
    return {
        ("GET", "/k/heimby/horinger"): "all",
        ("GET", f"/k/heimby/horinger/{hearing}"): "all",
        ("GET", f"/k/heimby/horinger/{hearing}/filer/{attachment}"): "all",
        ("GET", f"/k/heimby/horinger/{draft}"): "draft",
        ("GET", f"/k/heimby/horinger/{draft}/filer/{draft_file}"): "draft",
        ("GET", f"/k/heimby/horinger/{hearing}/uttalelse"): "participant",
        ("POST", f"/k/heimby/horinger/{hearing}/uttalelse"): "participant",
        ("GET", "/k/heimby/horinger/ny"): "staff",
        ("POST", "/k/heimby/horinger/ny"): "staff",
        ("GET", f"/k/heimby/horinger/{draft}/endre"): "staff",
        ("POST", f"/k/heimby/horinger/{draft}/endre"): "staff",
        ("POST", f"/k/heimby/horinger/{draft}/vedlegg"): "staff",
        ("POST", f"/k/heimby/horinger/{draft}/vedlegg/{draft_file}/slett"): "staff",
        ("POST", f"/k/heimby/horinger/{draft}/instanser"): "staff",
        ("POST", f"/k/heimby/horinger/{draft}/send-ut"): "staff",
        ("GET", f"/k/heimby/horinger/{hearing}/registrer"): "staff",
        ("POST", f"/k/heimby/horinger/{hearing}/registrer"): "staff",
        ("GET", "/k/heimby/horingsinstanser"): "staff",
        ("POST", "/k/heimby/horingsinstanser"): "staff",
        ("POST", f"/k/heimby/horingsinstanser/{consultee}/slett"): "staff",
        ("POST", f"/k/heimby/uttalelser/{statement}/skjul"): "staff",
        ("POST", f"/k/heimby/uttalelser/{statement}/publiser"): "staff",
    }


STAFF = {"facilitator", "admin"}


def _expected(kind: str, role: str) -> str:
    anonymous = role == "anonymous"
    if kind == "all":
        return OK
    if kind == "draft":
        return OK if role in STAFF else MISSING
    if kind == "participant":
        return LOGIN if anonymous else OK
    # Staff routes: anonymous visitors are sent to log in; others refused.
    return LOGIN if anonymous else OK if role in STAFF else DENY


@pytest.mark.parametrize("role", ROLES)
def test_every_hearings_route_for_every_role(app, client, hearings, role):
    user = hearings.roles()[role]
    routes = _routes(hearings)
    login(client, user)
    wrong = []
    for (method, url), kind in routes.items():
        got = _outcome(client.open(url, method=method, data={}))
        want = _expected(kind, role)
        if got != want:
            wrong.append(f"{method} {url}: expected {want}, got {got}")
        db.session.rollback()
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)


def test_a_hearing_is_not_found_under_another_municipality(client, hearings):
    login(client, hearings.world.other_admin)
    assert client.get(f"/k/bortby/horinger/{hearings.hearing.id}").status_code == 404
    assert client.get(f"/k/bortby/horinger/{hearings.draft.id}/endre").status_code == 404


def test_the_list_shows_open_hearings_and_drafts_to_staff_only(client, hearings):
    page = client.get("/k/heimby/horinger").get_data(as_text=True)
    assert "Trafikksikkerhetsplan" in page and "Reguleringsplan for sentrum" not in page
    login(client, hearings.world.facilitator)
    page = client.get("/k/heimby/horinger").get_data(as_text=True)
    assert "Reguleringsplan for sentrum" in page and "Utkast" in page
    assert "Ny høring" in page


def test_staff_see_the_hearings_link_in_the_menu(client, hearings):
    login(client, hearings.world.facilitator)
    page = client.get("/").get_data(as_text=True)
    assert 'href="/k/heimby/horinger"' in page


def test_the_hearing_page_shows_sections_statements_and_late_ones(client, hearings):
    h = hearings
    give_statement(
        h.hearing, author=h.world.author, body="Fartsgrensen er bra.", section=h.sections[1]
    )
    h.hearing.deadline = h.today - timedelta(days=1)
    h.hearing.opens_on = h.today - timedelta(days=50)
    give_statement(
        h.hearing,
        author=h.world.citizen,
        body="Husk de eldre.",
        sender_kind=SenderKind.council,
        sender_name="Eldrerådet",
    )
    page = client.get(f"/k/heimby/horinger/{h.hearing.id}").get_data(as_text=True)
    assert "1. Formål" in page and "2. Trafikk" in page and "3. Grøntområder" in page
    assert "Fartsgrensen er bra." in page and "Anonym innbygger" in page
    assert "Husk de eldre." in page and "Eldrerådet" in page
    assert page.count("Kom inn etter fristen") == 1
    assert "Planen skal gi trygge skoleveier." in page


def test_staff_create_a_hearing_choose_consultees_and_open_it(client, hearings):
    h = hearings
    login(client, h.world.admin)
    today = h.today
    response = client.post(
        "/k/heimby/horinger/ny",
        data={
            "title": "Kommuneplanens arealdel",
            "summary": "Arealdelen for 2027–2039.",
            "challenge_id": "0",
            "opens_on": today.isoformat(),
            "deadline": (today + timedelta(days=21)).isoformat(),
            "document": DOCUMENT,
        },
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    hearing = db.session.scalar(select(Hearing).where(Hearing.title == "Kommuneplanens arealdel"))
    edit = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Plan- og bygningsloven § 5-2" in edit  # three weeks: warned, not refused
    assert "Trafikk" in edit
    sections = db.session.scalars(select(HearingSection).order_by(HearingSection.number)).all()
    assert [s.heading for s in sections if s.version.hearing_id == hearing.id] == [
        "Formål",
        "Trafikk",
        "Grøntområder",
    ]
    response = client.post(
        f"/k/heimby/horinger/{hearing.id}/instanser",
        data={"consultee_ids": [str(h.council.id), str(h.organisation.id)]},
    )
    assert response.status_code == 303
    assert outbox_to("eldreradet@heimby.no") == [outbox_to("eldreradet@heimby.no")[0]]
    response = client.post(f"/k/heimby/horinger/{hearing.id}/send-ut")
    assert response.status_code == 303
    db.session.expire_all()
    assert hearing.opened_at is not None
    assert len(outbox_to("post@naturvern-heimby.no")) == 1
    assert len(outbox_to("eldreradet@heimby.no")) == 2  # one for each hearing it is on
    links = db.session.scalars(
        select(HearingConsultee).where(HearingConsultee.hearing_id == hearing.id)
    ).all()
    assert all(link.letter_sent_at is not None for link in links) and len(links) == 2
    # Opening again sends nothing again.
    client.post(f"/k/heimby/horinger/{hearing.id}/send-ut")
    assert len(outbox_to("post@naturvern-heimby.no")) == 1
    # The document is fixed now: the form leaves it out and a posted one is ignored.
    edit = client.get(f"/k/heimby/horinger/{hearing.id}/endre").get_data(as_text=True)
    assert "dokumentet kan ikke lenger endres" in edit


def test_a_bad_document_is_shown_on_the_form(client, hearings):
    login(client, hearings.world.facilitator)
    today = hearings.today
    response = client.post(
        "/k/heimby/horinger/ny",
        data={
            "title": "Uten punkter",
            "opens_on": today.isoformat(),
            "deadline": (today + timedelta(days=60)).isoformat(),
            "document": "Bare tekst uten overskrift.",
        },
    )
    assert response.status_code == 400
    assert "Dokumentet må begynne med en overskrift" in response.get_data(as_text=True)


def test_attachments_are_stored_in_the_database_and_downloaded(app, client, hearings):
    h = hearings
    login(client, h.world.facilitator)
    response = client.post(
        f"/k/heimby/horinger/{h.hearing.id}/vedlegg",
        data={"file": (io.BytesIO(PDF), "Planbeskrivelse æøå.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    stored = db.session.scalar(select(StoredFile).where(StoredFile.filename.like("Plan%")))
    assert stored.filename == "Planbeskrivelse æøå.pdf" and stored.size == len(PDF)
    anonymous = app.test_client()
    page = anonymous.get(f"/k/heimby/horinger/{h.hearing.id}").get_data(as_text=True)
    assert "Planbeskrivelse æøå.pdf" in page
    download = anonymous.get(f"/k/heimby/horinger/{h.hearing.id}/filer/{stored.id}")
    assert download.status_code == 200
    assert download.data == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    disposition = download.headers["Content-Disposition"]
    assert (
        disposition.startswith("attachment;") and "filename*=UTF-8''Planbeskrivelse" in disposition
    )
    assert download.headers["X-Content-Type-Options"] == "nosniff"


def test_a_file_that_is_not_a_pdf_is_refused_in_norwegian(client, hearings):
    login(client, hearings.world.facilitator)
    response = client.post(
        f"/k/heimby/horinger/{hearings.hearing.id}/vedlegg",
        data={"file": (io.BytesIO(b"<html>not a pdf</html>"), "plan.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Filen er ikke en PDF. Bare PDF-filer kan lastes opp." in page
    assert db.session.scalar(select(StoredFile)) is None


def test_a_pdf_above_the_site_wide_request_limit_is_taken(app, client, hearings):
    """MAX_CONTENT_LENGTH (2 MB) holds for other forms; a hearing's file may be larger."""
    big = PDF + b"0" * (3 * 1024 * 1024)
    assert len(big) > app.config["MAX_CONTENT_LENGTH"]
    login(client, hearings.world.facilitator)
    response = client.post(
        f"/k/heimby/horinger/{hearings.hearing.id}/vedlegg",
        data={"file": (io.BytesIO(big), "stor.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    assert db.session.scalar(select(StoredFile.size)) == len(big)


def test_a_pdf_above_the_hearing_limit_is_refused(app, client, hearings, monkeypatch):
    monkeypatch.setitem(app.config, "HEARING_FILE_MAX_BYTES", 1000)
    login(client, hearings.world.facilitator)
    response = client.post(
        f"/k/heimby/horinger/{hearings.hearing.id}/vedlegg",
        data={"file": (io.BytesIO(PDF + b"0" * 2000), "stor.pdf")},
        content_type="multipart/form-data",
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Filen er for stor" in page
    assert db.session.scalar(select(StoredFile)) is None


def test_a_resident_gives_a_statement_on_a_section_anonymously(client, hearings):
    h = hearings
    login(client, h.world.citizen)
    form = client.get(f"/k/heimby/horinger/{h.hearing.id}/uttalelse?punkt={h.sections[1].id}")
    assert f'<option selected value="{h.sections[1].id}">' in form.get_data(as_text=True)
    response = client.post(
        f"/k/heimby/horinger/{h.hearing.id}/uttalelse",
        data={
            "section_id": str(h.sections[1].id),
            "shown_as": "anonymous",
            "body": "30 km/t er riktig.",
            "file": (io.BytesIO(PDF), "vedlegg.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    statement = db.session.scalar(select(Statement))
    assert statement.sender_name is None and statement.sender_kind is SenderKind.resident
    assert statement.section_id == h.sections[1].id and statement.author_id == h.world.citizen.id
    assert statement.file is not None and not statement.late


def test_a_person_writes_on_behalf_of_a_council(client, hearings):
    h = hearings
    login(client, h.world.author)
    response = client.post(
        f"/k/heimby/horinger/{h.hearing.id}/uttalelse",
        data={"section_id": "0", "shown_as": "council", "organisation": "", "body": "Tekst."},
    )
    assert response.status_code == 400
    assert "Skriv navnet på organisasjonen eller rådet." in response.get_data(as_text=True)
    response = client.post(
        f"/k/heimby/horinger/{h.hearing.id}/uttalelse",
        data={
            "section_id": "0",
            "shown_as": "council",
            "organisation": "Eldrerådet",
            "body": "Rådet støtter planen.",
        },
    )
    assert response.status_code == 303
    statement = db.session.scalar(select(Statement))
    assert (statement.sender_kind, statement.sender_name) == (SenderKind.council, "Eldrerådet")
    assert statement.section_id is None


def test_staff_register_a_late_letter(client, hearings):
    h = hearings
    h.hearing.opens_on = h.today - timedelta(days=60)
    h.hearing.deadline = h.today - timedelta(days=3)
    login(client, h.world.facilitator)
    response = client.post(
        f"/k/heimby/horinger/{h.hearing.id}/registrer",
        data={
            "sender_kind": "organisation",
            "sender_name": "Naturvernforbundet Heimby",
            "contact_email": "leder@naturvern-heimby.no",
            "received_on": h.today.isoformat(),
            "section_id": str(h.sections[2].id),
            "body": "Parken må bli større.",
        },
    )
    assert response.status_code == 303
    statement = db.session.scalar(select(Statement))
    assert statement.late and statement.consultee_id == h.organisation.id
    assert statement.contact_email == "leder@naturvern-heimby.no"
    login(client, h.world.citizen)
    page = client.get(f"/k/heimby/horinger/{h.hearing.id}").get_data(as_text=True)
    assert "Parken må bli større." in page and "Kom inn etter fristen" in page
    assert "leder@naturvern-heimby.no" not in page  # the contact address is never public


def test_the_page_says_when_a_hearing_opens_and_when_its_deadline_has_passed(client, hearings):
    h = hearings
    url = f"/k/heimby/horinger/{h.hearing.id}"
    assert "Åpen for uttalelser" in client.get(url).get_data(as_text=True)
    h.hearing.opens_on, h.hearing.deadline = (
        h.today + timedelta(days=2),
        h.today + timedelta(days=50),
    )
    page = client.get(url).get_data(as_text=True)
    assert "Høringen åpner" in page and "Gi uttalelse" not in page
    h.hearing.opens_on, h.hearing.deadline = (
        h.today - timedelta(days=50),
        h.today - timedelta(days=1),
    )
    login(client, h.world.citizen)
    page = client.get(url).get_data(as_text=True)
    assert "Fristen er ute" in page and "Gi uttalelse til hele dokumentet" in page  # late is taken
