"""Internal notes: staff write them, the author edits for 15 minutes, nobody else sees them, and
no public surface ever shows them; erasure keeps them (personal_data.py)."""

import io
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import select

from cocreate.answers.models import IdeaNote
from cocreate.answers.services import NoteError, edit_note, write_note
from cocreate.database import clock_at, commit, utcnow
from cocreate.extensions import db
from cocreate.ideas.stages import Stage
from cocreate.pipeline.services import move_idea
from cocreate.privacy.services import delete_account, erase_sender_contact
from cocreate.refusals import NotAllowed

from .conftest import ANSWER, login

ROLES = ["anonymous", "citizen", "author", "other_facilitator", "facilitator", "admin"]
STAFF = {"facilitator", "admin"}
MARKER = "HEMMELIG-NOTAT-7f3a9c"


def _notes(idea):
    return db.session.scalars(select(IdeaNote).where(IdeaNote.idea_id == idea.id)).all()


def test_a_note_is_markdown_sanitised_with_author_and_time(world, idea):
    note = write_note(idea, "**Viktig:** ring <script>alert(1)</script> etaten", actor=world.admin)
    assert note.author_id == world.admin.id and note.created_at is not None
    assert "<strong>Viktig:</strong>" in note.body_html
    assert "<script>" not in note.body_html


def test_only_staff_of_the_municipality_write_notes(world, idea):
    for person in (world.citizen, world.author, world.other_facilitator, world.other_admin):
        with pytest.raises(NotAllowed, match="Bare ansatte i kommunen"):
            write_note(idea, "Notat", actor=person)
    with pytest.raises(NoteError):
        write_note(idea, "   ", actor=world.facilitator)


def test_the_author_may_edit_for_15_minutes_then_it_is_fixed(world, idea):
    written = utcnow() - timedelta(minutes=14)
    with clock_at(written):
        note = write_note(idea, "Første utkast", actor=world.facilitator)
    edit_note(note, "Rettet utkast", actor=world.facilitator)
    assert note.body == "Rettet utkast" and note.edited_at is not None
    with pytest.raises(NotAllowed, match="Bare den som skrev notatet"):
        edit_note(note, "Kollegaens endring", actor=world.admin)
    with (
        clock_at(written + timedelta(minutes=15)),
        pytest.raises(NotAllowed, match="første 15 minuttene"),
    ):
        edit_note(note, "For sent", actor=world.facilitator)
    assert note.body == "Rettet utkast"


def test_editing_late_is_refused_by_the_route_with_the_reason(client, auth, world, idea):
    with clock_at(utcnow() - timedelta(minutes=20)):
        note = write_note(idea, "Gammelt notat", actor=world.facilitator)
    commit()
    login(auth, world, "facilitator")
    response = client.post(f"/k/heimby/notater/{note.id}", data={"body": "Endret"})
    assert response.status_code == 403
    assert "første 15 minuttene" in response.get_data(as_text=True)
    db.session.refresh(note)
    assert note.body == "Gammelt notat"


@pytest.mark.parametrize("role", ROLES)
def test_notes_page_for_every_role(client, auth, world, idea, role):
    note = write_note(idea, f"Notat {MARKER}", actor=world.admin)
    commit()
    login(auth, world, role)
    url = f"/k/heimby/innspill/{idea.id}/notater"
    shown = client.get(url)
    posted = client.post(url, data={"body": "Nytt notat fra siden"})
    edit = client.post(f"/k/heimby/notater/{note.id}", data={"body": "Endret av andre"})
    if role == "anonymous":
        assert shown.status_code == posted.status_code == edit.status_code == 302
    elif role in STAFF:
        assert shown.status_code == 200 and MARKER in shown.get_data(as_text=True)
        assert posted.status_code == 302
        # Only the admin wrote the note, so only the admin may edit it.
        assert edit.status_code == (302 if role == "admin" else 403)
    else:
        assert shown.status_code == posted.status_code == edit.status_code == 403
        assert MARKER not in shown.get_data(as_text=True)
    bodies = sorted(n.body for n in _notes(idea))
    expected = 2 if role in STAFF else 1
    assert len(bodies) == expected


def test_another_municipality_address_is_404(client, auth, world, idea):
    note = write_note(idea, "Notat", actor=world.facilitator)
    commit()
    auth.login(world.other_facilitator.email, "riktig-hest-batteri")
    assert client.get(f"/k/bortby/innspill/{idea.id}/notater").status_code == 404
    assert client.get(f"/k/bortby/notater/{note.id}").status_code == 404


def test_notes_show_on_the_staff_move_page(client, auth, world, idea):
    write_note(idea, f"Ring etaten først. {MARKER}", actor=world.facilitator)
    commit()
    login(auth, world, "facilitator")
    for path in ("flytt", "oppdatering"):
        page = client.get(f"/k/heimby/innspill/{idea.id}/{path}").get_data(as_text=True)
        assert "Interne notater" in page and MARKER in page, path
        title = page.split("<title>")[1].split("</title>")[0]
        assert MARKER not in title and "<" not in title, path  # in the page, not its title


def test_a_note_is_in_no_public_surface(client, auth, app, world, challenge, idea):
    move_idea(idea, Stage.assessed, answer=ANSWER, actor=world.facilitator)
    write_note(idea, f"Internt: {MARKER} benkeplanzz", actor=world.facilitator)
    commit()
    # Staff's own export has it (the control that the marker can be found at all).
    login(auth, world, "admin")
    staff_csv = client.get("/k/heimby/eksport/internal_notes.csv")
    assert staff_csv.status_code == 200 and MARKER in staff_csv.get_data(as_text=True)
    auth.logout()
    public = [
        "/",
        "/k/heimby/",
        f"/k/heimby/utfordringer/{challenge.id}",
        f"/k/heimby/utfordringer/{challenge.id}/innspill",
        f"/k/heimby/innspill/{idea.id}",
        "/api/v1/municipalities/heimby",
        "/api/v1/municipalities/heimby/challenges",
        f"/api/v1/challenges/{challenge.id}",
        f"/api/v1/challenges/{challenge.id}/ideas",
        f"/api/v1/ideas/{idea.id}",
        "/api/v1/municipalities/heimby/metrics",
    ]
    for path in public:
        response = client.get(path)
        assert response.status_code == 200, path
        assert MARKER not in response.get_data(as_text=True), path
    # Searching for a word that is only in the note finds nothing.
    search = client.get(f"/k/heimby/utfordringer/{challenge.id}/innspill?q=benkeplanzz")
    assert search.status_code == 200
    assert MARKER not in search.get_data(as_text=True)
    assert idea.title not in search.get_data(as_text=True)
    package = client.get("/api/v1/municipalities/heimby/datapackage.zip")
    assert package.status_code == 200
    with zipfile.ZipFile(io.BytesIO(package.get_data())) as archive:
        names = archive.namelist()
        assert any(name.endswith(".csv") for name in names)
        for name in names:
            assert MARKER not in archive.read(name).decode("utf-8", "replace"), name
    # Signed in as a citizen, the idea page still has no note.
    login(auth, world, "author")
    page = client.get(f"/k/heimby/innspill/{idea.id}").get_data(as_text=True)
    assert MARKER not in page and "Interne notater" not in page


def test_erasing_the_sender_keeps_the_notes_and_their_staff_author(world, idea):
    note = write_note(idea, "Avklart med etaten", actor=world.facilitator)
    commit()
    delete_account(world.author, remove_contributions=True, actor=world.author, reason="self")
    commit()
    db.session.expire_all()
    [kept] = _notes(idea)
    assert kept.id == note.id and kept.body == "Avklart med etaten"
    assert kept.author_id == world.facilitator.id
    assert db.session.get(type(idea), idea.id).author_id is None  # the input lost its sender


def test_erasing_a_registered_senders_contact_keeps_the_notes(world, idea):
    write_note(idea, "Avsenderen ringte igjen", actor=world.facilitator)
    erase_sender_contact(idea, actor=world.admin)
    commit()
    [kept] = _notes(idea)
    assert kept.body == "Avsenderen ringte igjen" and kept.author_id == world.facilitator.id


def test_erasing_the_staff_authors_account_cuts_the_link_and_keeps_the_text(
    client, auth, world, idea
):
    write_note(idea, "Notat fra en som sluttet", actor=world.facilitator)
    commit()
    delete_account(world.facilitator, remove_contributions=False, actor=None, reason="admin")
    commit()
    [kept] = _notes(idea)
    assert kept.author_id is None and kept.body == "Notat fra en som sluttet"
    login(auth, world, "admin")
    page = client.get(f"/k/heimby/innspill/{idea.id}/notater").get_data(as_text=True)
    assert "Tidligere ansatt" in page and "Notat fra en som sluttet" in page
