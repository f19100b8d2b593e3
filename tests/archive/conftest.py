"""Heimby with one challenge and three inputs: a private person who is not shown publicly, a
person who chose to be shown, and an organisation; answers, one of them corrected."""

import hashlib
import io
import re
import zipfile

import pytest
from pypdf import PdfReader

from cocreate.answers.services import write_note
from cocreate.archive.services import set_case_number, set_input_numbers
from cocreate.extensions import db
from cocreate.ideas.stages import Stage
from cocreate.pipeline.services import correct_answer, move_idea

ANSWER = "Vi har vurdert innspillet og tar det med i planarbeidet."
CORRECTED = "Rettelse: innspillet tas med i reguleringsplanen for sentrum."
NOTE_MARK = "internmerke-4417"


@pytest.fixture
def case(world, create_challenge_f, create_idea_f, create_user_f):
    """The challenge, its inputs and answers; returns a namespace of them."""
    challenge = create_challenge_f(world.municipality, title="Grønnere sentrum")
    private = create_user_f("kari@example.no", name="Kari Privatperson")
    shown = create_user_f("ola@example.no", name="Ola Offentlig")
    shown.show_name = True
    organisation = create_user_f("lag@example.no", name="Heimby Velforening")
    first = create_idea_f(challenge, private, title="Benker ved elva")
    second = create_idea_f(challenge, shown, title="Sykkelparkering")
    third = create_idea_f(challenge, organisation, title="Dugnad i parken")
    set_input_numbers(third, "2026/5678", sender_is_organisation=True, actor=world.facilitator)
    set_case_number(challenge, "2026/1234", actor=world.facilitator)
    moved = move_idea(first, Stage.assessed, answer=ANSWER, actor=world.facilitator)
    corrected = correct_answer(first, answer=CORRECTED, actor=world.facilitator)
    note = write_note(first, f"Sjekk med parkvesenet. {NOTE_MARK}", actor=world.facilitator)
    db.session.flush()

    class Case:
        pass

    found = Case()
    found.challenge, found.private, found.shown, found.organisation = (
        challenge,
        private,
        shown,
        organisation,
    )
    found.ideas = (first, second, third)
    found.moved, found.corrected, found.note = moved, corrected, note
    return found


def unzip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


_SAMPLE: list[bytes] = []


@pytest.fixture
def quick_pdfs(monkeypatch):
    """Render one real PDF/A and reuse it (with the page's digest appended, so every document
    differs): WeasyPrint takes most of a second per page. test_pdf_a renders every page."""
    from cocreate.archive import package

    if not _SAMPLE:
        _SAMPLE.append(package.pdf_a("<html lang='nb'><title>Prøve</title><p>Prøve</p></html>"))

    def _pdf(html: str) -> bytes:
        return _SAMPLE[0] + b"\n%" + hashlib.sha256(html.encode()).hexdigest().encode() + b"\n"

    monkeypatch.setattr(package, "pdf_a", _pdf)


def pdf_a_declaration(content: bytes) -> tuple[str | None, str | None, bool]:
    """The PDF/A part and conformance its XMP metadata declares, and whether every font of
    every page is embedded (read with pypdf)."""
    reader = PdfReader(io.BytesIO(content))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    part = re.search(r'pdfaid:part(?:="|>)(\d)', xmp)
    conformance = re.search(r'pdfaid:conformance(?:="|>)([A-Za-z])', xmp)
    embedded = True
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {}).get_object()
        for font in fonts.values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            for one in [d.get_object() for d in descendants] if descendants else [font]:
                descriptor = one.get("/FontDescriptor")
                if descriptor is None or not any(
                    key in descriptor.get_object()
                    for key in ("/FontFile", "/FontFile2", "/FontFile3")
                ):
                    embedded = False
    return (
        part.group(1) if part else None,
        conformance.group(1) if conformance else None,
        embedded,
    )
