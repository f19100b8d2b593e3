"""The archive CLI on the demo municipality (`flask seed demo`): every XML file of the package
validates against the shipped Noark 5 and ADDML schemas, every document is a PDF/A made by
WeasyPrint with its fonts embedded, and every checksum matches (issue 23, what must show 2)."""

import hashlib

from lxml import etree

from cocreate.archive.noark import N5
from cocreate.archive.schemas import SCHEMAS, errors
from cocreate.demo.seed import DEMO_SLUG

from .conftest import pdf_a_declaration

AS = {"a": N5 + "arkivstruktur"}


def test_the_demo_municipality_exports_a_valid_package(demo_seeded, runner, app_ctx, tmp_path):
    folder = tmp_path / "fjordvik"
    result = runner.invoke(args=["archive", "export", DEMO_SLUG, "--output", str(folder)])
    assert result.exit_code == 0, result.output
    for name in SCHEMAS:
        assert errors(name, (folder / name).read_bytes()) == [], name
    structure = etree.fromstring((folder / "arkivstruktur.xml").read_bytes())
    objects = structure.findall(".//a:dokumentobjekt", AS)
    documents = sorted((folder / "dokumenter").glob("*.pdf"))
    assert len(objects) == len(documents) >= 50  # the demo's inputs and answers
    assert len(structure.findall(".//a:mappe", AS)) >= 8  # a saksmappe per challenge
    for obj in objects:
        content = (folder / obj.findtext("a:referanseDokumentfil", namespaces=AS)).read_bytes()
        assert obj.findtext("a:sjekksum", namespaces=AS) == hashlib.sha256(content).hexdigest()
    for path in documents:
        assert pdf_a_declaration(path.read_bytes()) == ("2", "B", True), path.name
