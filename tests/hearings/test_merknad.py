"""Compiling the merknadsbehandling: grouped by section and by kind of sender, with the counts per
assessment, the changes to the document, unassessed statements marked and warned of; compiled_at
set only when every statement is assessed; as PDF/A (read back with pypdf) and .docx (read back
with python-docx), in the municipality's language; staff-only downloads."""

import io

import docx
import pytest
from pypdf import PdfReader

from cocreate.extensions import db
from cocreate.hearings.assess import assess_statement
from cocreate.hearings.merknad import compile_merknad, gather, render_docx, render_pdf
from cocreate.hearings.models import Assessment
from cocreate.hearings.versions import publish_next_version
from cocreate.municipalities.models import WrittenLanguage
from cocreate.refusals import NotAllowed
from tests.archive.conftest import pdf_a_declaration

from . import test_assess_scene as _scene
from .test_assess_scene import SECTIONS, login

early_scene = _scene.early_scene  # the fixture
scene = _scene.scene  # the fixture

ASSESSMENTS = {
    "council": (Assessment.adopted, "Benker settes opp langs gangveien."),
    "organisation": (Assessment.partly, "Fortauet forlenges et stykke."),
    "web": (Assessment.not_adopted, "Høyden er i tråd med kommuneplanen."),
    "letter": (Assessment.noted, "Parken er ikke berørt av planen."),
}
LABELS = {
    Assessment.adopted: "Tatt til følge",
    Assessment.partly: "Delvis tatt til følge",
    Assessment.not_adopted: "Ikke tatt til følge",
    Assessment.noted: "Til orientering",
}


def assess_all(scene, skip=()):
    for name, (assessment, reason) in ASSESSMENTS.items():
        if name in skip:
            continue
        assess_statement(
            getattr(scene, name),
            summary=f"Sammendrag av {name}",
            assessment=assessment,
            reason=reason,
            actor=scene.world.facilitator,
        )


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [" | ".join(c.text for c in row.cells) for row in table.rows]
    return "\n".join(lines)


def test_grouped_by_section_then_by_kind_of_sender(app, scene):
    with app.test_request_context():
        merknad = gather(scene.hearing)
    labels = [g.label for g in merknad.groups]
    assert labels == [
        "Hele dokumentet",
        f"Avsnitt 1: {SECTIONS[0][0]}",
        f"Avsnitt 2: {SECTIONS[1][0]}",
        f"Avsnitt 3: {SECTIONS[2][0]}",
    ]
    flat = [s for g in merknad.groups for k in g.kinds for s in k.statements]
    assert flat == [scene.council, scene.web, scene.organisation, scene.letter]
    assert scene.hidden not in flat
    assert merknad.total == 4 and merknad.unassessed == 4


def test_kinds_within_a_section_follow_council_organisation_resident(app, scene):
    from cocreate.hearings.models import SenderKind

    from .test_assess_scene import add_statement

    add_statement(scene.hearing, sender_kind=SenderKind.resident, body="Bra plan.")
    add_statement(
        scene.hearing, sender_kind=SenderKind.organisation, sender_name="Idrettslaget", body="Ok."
    )
    with app.test_request_context():
        merknad = gather(scene.hearing)
    whole = merknad.groups[0]
    assert [k.kind for k in whole.kinds] == [
        SenderKind.council,
        SenderKind.organisation,
        SenderKind.resident,
    ]


def test_counts_per_assessment(app, scene):
    assess_all(scene, skip=("letter",))
    with app.test_request_context():
        counts = dict(gather(scene.hearing).counts)
    assert counts == {
        "Tatt til følge": 1,
        "Delvis tatt til følge": 1,
        "Ikke tatt til følge": 1,
        "Til orientering": 0,
        "Ikke vurdert": 1,
    }


def test_compiling_with_unassessed_statements_warns_and_leaves_compiled_at(app, scene):
    assess_all(scene, skip=("web",))
    with app.test_request_context():
        merknad = compile_merknad(scene.hearing, actor=scene.world.facilitator)
    assert not merknad.complete and merknad.unassessed == 1
    assert scene.hearing.compiled_at is None


def test_compiling_when_all_are_assessed_sets_compiled_at(app, scene):
    assess_all(scene)
    with app.test_request_context():
        merknad = compile_merknad(scene.hearing, actor=scene.world.admin)
    assert merknad.complete
    assert scene.hearing.compiled_at is not None


def test_compiling_before_the_deadline_is_refused(app, early_scene):
    with app.test_request_context(), pytest.raises(NotAllowed):
        compile_merknad(early_scene.hearing, actor=early_scene.world.facilitator)


def test_the_pdf_is_pdf_a_and_holds_every_statement_with_its_assessment(app, scene):
    assess_all(scene, skip=("letter",))
    with app.test_request_context():
        content = render_pdf(scene.hearing)
    assert pdf_a_declaration(content) == ("2", "B", True)
    text = _pdf_text(content)
    for name in ("council", "organisation", "web"):
        assessment, reason = ASSESSMENTS[name]
        assert f"Sammendrag av {name}" in text
        assert reason in text
        assert LABELS[assessment] in text
    for sender in ("Eldrerådet i Heimby", "Heimby Velforening", "Berit Beboer", "Per Brev"):
        assert sender in text
    assert "Ikke vurdert" in text and "1 uttalelser er ikke vurdert" in text
    assert "Ingen endringer" in text
    assert "Skjult Person" not in text


def test_the_docx_holds_every_statement_with_its_assessment(app, scene):
    assess_all(scene)
    with app.test_request_context():
        text = _docx_text(render_docx(scene.hearing))
    for name, (assessment, reason) in ASSESSMENTS.items():
        assert f"Sammendrag av {name}" in text
        assert f"Vurdering: {LABELS[assessment]}" in text
        assert f"Begrunnelse: {reason}" in text
    assert "Tatt til følge | 1" in text and "Ikke vurdert | 0" in text
    assert (
        text.index("Hele dokumentet")
        < text.index("Avsnitt 1: Formål")
        < text.index("Avsnitt 3: Grøntområder")
    )
    assert "Skjult Person" not in text


def test_the_changes_come_from_the_next_version(app, scene):
    assess_all(scene)
    sections = [(h, b) for h, b in SECTIONS]
    sections[1] = ("Trafikk", "Adkomst skjer fra Storgata. Fortauet forlenges forbi skolen.")
    sections.append(("Benker", "Det settes opp benker langs gangveien."))
    publish_next_version(
        scene.hearing,
        note="Fortau forbi skolen og benker langs gangveien.",
        sections=sections,
        actor=scene.world.facilitator,
    )
    with app.test_request_context():
        text = _docx_text(render_docx(scene.hearing))
    assert "Fortau forbi skolen og benker langs gangveien." in text
    assert "Endret: avsnitt 2, Trafikk" in text
    assert "Nytt avsnitt: avsnitt 4, Benker" in text
    assert "Ingen endringer" not in text


def test_in_a_nynorsk_municipality_the_documents_are_in_nynorsk(app, scene):
    scene.world.municipality.language = WrittenLanguage.nn
    db.session.flush()
    assess_all(scene)
    with app.test_request_context():
        text = _docx_text(render_docx(scene.hearing))
        pdf = _pdf_text(render_pdf(scene.hearing))
    assert "Vurderingane i tal" in text and "Vurderingane i tal" in pdf
    assert "Vurderingene i tall" not in text


# --- Routes --------------------------------------------------------------------------------------


def _base(scene):
    return f"/k/heimby/horinger/{scene.hearing.id}"


def test_the_compile_button_sets_compiled_at_and_says_so(client, scene):
    assess_all(scene)
    login(client, scene.world.facilitator)
    response = client.post(f"{_base(scene)}/merknadsbehandling", follow_redirects=True)
    assert response.status_code == 200
    assert "Merknadsbehandlingen er satt sammen" in response.get_data(as_text=True)
    db.session.refresh(scene.hearing)
    assert scene.hearing.compiled_at is not None


def test_the_compile_button_warns_of_unassessed(client, scene):
    assess_all(scene, skip=("council", "web"))
    login(client, scene.world.facilitator)
    response = client.post(f"{_base(scene)}/merknadsbehandling", follow_redirects=True)
    assert "2 uttalelser er ikke vurdert" in response.get_data(as_text=True)
    db.session.refresh(scene.hearing)
    assert scene.hearing.compiled_at is None


@pytest.mark.parametrize(
    ("fmt", "content_type", "magic"),
    [
        ("pdf", "application/pdf", b"%PDF-"),
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            b"PK",
        ),
    ],
)
def test_staff_download_both_formats(client, scene, fmt, content_type, magic):
    login(client, scene.world.facilitator)
    response = client.get(f"{_base(scene)}/merknadsbehandling.{fmt}")
    assert response.status_code == 200
    assert response.mimetype == content_type
    assert response.data.startswith(magic)
    assert "attachment" in response.headers["Content-Disposition"]


@pytest.mark.parametrize("role", ["citizen", "author", "other_facilitator"])
def test_others_may_not_download(client, scene, role):
    login(client, scene.world.roles()[role])
    assert client.get(f"{_base(scene)}/merknadsbehandling.docx").status_code == 403
