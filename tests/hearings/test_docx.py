"""A hearing's document read from a Word file (python-docx): level 1 and 2 headings (and the
title) start numbered sections; lower headings, lists, bold and italic stay inside."""

import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from cocreate.extensions import db
from cocreate.hearings.documents import DocumentError, docx_to_markdown, split_sections
from cocreate.hearings.models import Hearing
from cocreate.hearings.queries import current_version, sections_of
from cocreate.hearings.services import import_docx
from cocreate.refusals import NotAllowed
from tests.hearings.conftest import docx_bytes, login

WORD = docx_bytes(
    ("Title", "Kommunedelplan for idrett"),
    ("", "Planen gjelder 2027–2030."),
    ("Heading 1", "Mål"),
    ("bold", "viktig"),
    ("Heading 3", "Delmål"),
    ("List Bullet", "Flere haller"),
    ("List Bullet", "Bedre baner"),
    ("Heading 2", "Tiltak"),
    ("List Number", "Ny svømmehall"),
)


def test_headings_become_sections():
    markdown = docx_to_markdown(WORD)
    sections = split_sections(markdown)
    assert [s.heading for s in sections] == ["Kommunedelplan for idrett", "Mål", "Tiltak"]
    assert sections[0].body == "Planen gjelder 2027–2030."
    assert "Dette er **viktig** her." in sections[1].body
    assert "### Delmål" in sections[1].body
    assert "- Flere haller\n- Bedre baner" in sections[1].body
    assert sections[2].body == "1. Ny svømmehall"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"%PDF-1.4", "ikke et Word-dokument"),
        (b"PK\x03\x04not really a zip", "kunne ikke leses"),
        (docx_bytes(("", "Bare tekst, ingen overskrift.")), "begynne med en overskrift"),
        (docx_bytes(), "tomt"),
    ],
)
def test_what_is_not_a_good_word_document_is_refused(data, message):
    with pytest.raises(DocumentError, match=message):
        docx_to_markdown(data)


def test_import_replaces_a_drafts_document(hearings):
    import_docx(hearings.draft, WORD, actor=hearings.world.facilitator)
    sections = sections_of(current_version(hearings.draft))
    assert [(s.number, s.heading) for s in sections] == [
        (1, "Kommunedelplan for idrett"),
        (2, "Mål"),
        (3, "Tiltak"),
    ]
    assert "<strong>viktig</strong>" in sections[1].body_html
    assert "<li>Flere haller</li>" in sections[1].body_html
    with pytest.raises(NotAllowed):
        import_docx(hearings.hearing, WORD, actor=hearings.world.facilitator)


def test_a_hearing_is_created_from_a_word_file_through_the_form(client, hearings):
    login(client, hearings.world.facilitator)
    today = hearings.today
    response = client.post(
        "/k/heimby/horinger/ny",
        data={
            "title": "Idrettsplan",
            "opens_on": today.isoformat(),
            "deadline": (today + timedelta(days=60)).isoformat(),
            "document": "",
            "docx": (io.BytesIO(WORD), "idrettsplan.docx"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    hearing = db.session.scalar(select(Hearing).where(Hearing.title == "Idrettsplan"))
    assert [s.heading for s in sections_of(current_version(hearing))] == [
        "Kommunedelplan for idrett",
        "Mål",
        "Tiltak",
    ]
    # The edit form shows the document as Markdown, ready to be corrected.
    page = client.get(f"/k/heimby/horinger/{hearing.id}/endre").get_data(as_text=True)
    assert "## Mål" in page


def test_a_broken_word_file_is_explained_on_the_form(client, hearings):
    login(client, hearings.world.facilitator)
    today = hearings.today
    response = client.post(
        "/k/heimby/horinger/ny",
        data={
            "title": "Idrettsplan",
            "opens_on": today.isoformat(),
            "deadline": (today + timedelta(days=60)).isoformat(),
            "docx": (io.BytesIO(b"PK\x03\x04junk"), "idrettsplan.docx"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "Word-dokumentet kunne ikke leses" in response.get_data(as_text=True)
