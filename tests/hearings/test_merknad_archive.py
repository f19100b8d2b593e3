"""The compiled merknadsbehandling is a document of the Noark 5 archive package: an outgoing
journalpost with its PDF/A file in the hearing's case (its challenge's saksmappe, or one of its
own), and the package still validates against Arkivverket's XSDs."""

import hashlib
import io

from lxml import etree
from pypdf import PdfReader

from cocreate.archive.noark import N5
from cocreate.archive.package import build
from cocreate.archive.queries import Selection
from cocreate.archive.schemas import SCHEMAS, errors
from cocreate.database import utcnow
from cocreate.extensions import db
from cocreate.ideas.services import submit_idea
from tests.archive import conftest as _archive

from . import test_assess_scene as _scene
from .test_merknad import ASSESSMENTS, assess_all

scene = _scene.scene  # the fixtures
quick_pdfs = _archive.quick_pdfs

AS = {"a": N5 + "arkivstruktur"}


def _compiled(scene):
    assess_all(scene)
    scene.hearing.compiled_at = utcnow()
    db.session.flush()
    return scene.hearing


def _merknad_posts(files):
    tree = etree.fromstring(files["arkivstruktur.xml"])
    return tree, [
        p
        for p in tree.iterfind(".//a:registrering", AS)
        if (p.findtext("a:tittel", namespaces=AS) or "").startswith("Merknadsbehandling")
    ]


def test_a_hearing_alone_makes_a_valid_package_with_its_merknadsbehandling(
    app,
    scene,
    quick_pdfs,
):
    hearing = _compiled(scene)
    with app.test_request_context():
        files = build(Selection(scene.world.municipality)).files
    for name in SCHEMAS:
        assert errors(name, files[name]) == [], name
    path = f"dokumenter/merknadsbehandling-{hearing.id}.pdf"
    assert path in files
    _tree, [post] = _merknad_posts(files)
    assert post.get("{http://www.w3.org/2001/XMLSchema-instance}type") == "journalpost"
    assert post.findtext("a:journalposttype", namespaces=AS) == "Utgående dokument"
    assert b"Merknadsbehandling: " in files["offentligJournal.xml"]
    folder = post.getparent()
    assert folder.findtext("a:mappeID", namespaces=AS) == f"samskap-horing-{hearing.id}"
    assert folder.findtext("a:tittel", namespaces=AS) == hearing.title
    checksum = post.findtext(".//a:dokumentobjekt/a:sjekksum", namespaces=AS)
    assert checksum == hashlib.sha256(files[path]).hexdigest()
    assert files["arkivuttrekk.xml"].count(path.encode()) == 1


def test_an_uncompiled_hearing_is_not_archived(app, scene, quick_pdfs, create_challenge_f):
    assess_all(scene)
    challenge = create_challenge_f(scene.world.municipality)
    submit_idea(challenge, title="Et innspill", body="Tekst", author=scene.world.author)
    db.session.flush()
    with app.test_request_context():
        files = build(Selection(scene.world.municipality)).files
    assert not any(name.startswith("dokumenter/merknadsbehandling") for name in files)


def test_a_hearing_under_a_challenge_is_in_the_challenges_case(
    app,
    scene,
    quick_pdfs,
    create_challenge_f,
):
    challenge = create_challenge_f(scene.world.municipality, title="Elvebakken")
    scene.hearing.challenge_id = challenge.id
    _compiled(scene)
    with app.test_request_context():
        files = build(Selection(scene.world.municipality, challenge_id=challenge.id)).files
    for name in SCHEMAS:
        assert errors(name, files[name]) == [], name
    _tree, [post] = _merknad_posts(files)
    assert post.getparent().findtext("a:tittel", namespaces=AS) == "Elvebakken"


def test_the_archived_merknadsbehandling_is_pdf_a_with_every_assessment(app, scene):
    hearing = _compiled(scene)
    with app.test_request_context():
        files = build(Selection(scene.world.municipality)).files
    content = files[f"dokumenter/merknadsbehandling-{hearing.id}.pdf"]
    assert _archive.pdf_a_declaration(content) == ("2", "B", True)
    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(content)).pages
    )
    for _assessment, reason in ASSESSMENTS.values():
        assert reason in text
