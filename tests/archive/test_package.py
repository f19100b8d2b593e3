"""The archive package: valid against Arkivverket's XSDs, PDF/A documents, matching checksums,
screened names in the public journal, the endringslogg of corrections."""

import hashlib

import pytest
from lxml import etree

from cocreate.archive.noark import N5
from cocreate.archive.package import build
from cocreate.archive.queries import Selection
from cocreate.archive.schemas import SCHEMAS, errors
from cocreate.pdf import weasyprint
from cocreate.refusals import Refusal

from .conftest import ANSWER, CORRECTED, NOTE_MARK, pdf_a_declaration

AS = {"a": N5 + "arkivstruktur"}
ADDML = {"d": "http://www.arkivverket.no/standarder/addml"}


@pytest.fixture
def package(world, case, quick_pdfs):
    return build(Selection(world.municipality)).files


@pytest.fixture
def rendered(world, case):
    """The package with every document rendered by WeasyPrint."""
    return build(Selection(world.municipality)).files


def test_every_xml_file_validates_against_the_shipped_schemas(package):
    assert set(SCHEMAS) <= set(package)
    for name in SCHEMAS:
        assert errors(name, package[name]) == [], name


@pytest.mark.parametrize(
    ("name", "breaking"),
    [
        ("arkivstruktur.xml", (b"<journalstatus>Arkivert</journalstatus>", b"")),
        ("endringslogg.xml", (b"<endretDato>", b"<endretDato>yesterday ")),
        ("offentligJournal.xml", (b"<journalaar>", b"<journalaar>x")),
        ("loependeJournal.xml", (b"<antallJournalposter>", b"<antallJournalposter>x")),
        ("arkivuttrekk.xml", (b"<dataObjects>", b"<dataObjects><ukjent/>")),
    ],
)
def test_a_broken_file_fails_validation(package, name, breaking):
    old, new = breaking
    assert old in package[name]
    broken = package[name].replace(old, new, 1)
    assert errors(name, broken) != []


def test_a_systemid_that_is_no_uuid_fails_validation(package):
    tree = etree.fromstring(package["arkivstruktur.xml"])
    tree.find("a:systemID", AS).text = "samskap-1"
    assert any("systemID" in e for e in errors("arkivstruktur.xml", etree.tostring(tree)))


def test_structure_holds_a_saksmappe_and_a_journalpost_per_input_and_answer(package, case):
    tree = etree.fromstring(package["arkivstruktur.xml"])
    folders = tree.findall(".//a:mappe", AS)
    assert len(folders) == 1
    folder = folders[0]
    assert folder.findtext("a:mappeID", namespaces=AS) == "2026/1234"
    assert folder.findtext("a:saksaar", namespaces=AS) == "2026"
    assert folder.findtext("a:sakssekvensnummer", namespaces=AS) == "1234"
    kinds = [
        p.findtext("a:journalposttype", namespaces=AS) for p in folder.findall("a:registrering", AS)
    ]
    assert kinds.count("Inngående dokument") == 3
    assert kinds.count("Utgående dokument") == 2
    titles = [p.findtext("a:tittel", namespaces=AS) for p in folder.findall("a:registrering", AS)]
    assert {"Benker ved elva", "Sykkelparkering", "Dugnad i parken"} <= set(titles)
    # The organisation's input carries its recorded journal number.
    third = next(
        p
        for p in folder.findall("a:registrering", AS)
        if p.findtext("a:tittel", namespaces=AS) == "Dugnad i parken"
    )
    assert third.findtext("a:journalaar", namespaces=AS) == "2026"
    assert third.findtext("a:journalsekvensnummer", namespaces=AS) == "5678"
    assert third.findtext("a:registreringsID", namespaces=AS).startswith("2026/1234-")
    # The private person's name is in the archive, screened under offl. § 13.
    first = next(
        p
        for p in folder.findall("a:registrering", AS)
        if p.findtext("a:tittel", namespaces=AS) == "Benker ved elva"
    )
    assert (
        first.findtext("a:korrespondansepart/a:korrespondansepartNavn", namespaces=AS)
        == "Kari Privatperson"
    )
    assert first.findtext("a:skjerming/a:tilgangsrestriksjon", namespaces=AS) == "13"
    assert (
        first.findtext("a:skjerming/a:skjermingshjemmel", namespaces=AS)
        == "Offl. § 13 jf. fvl. § 13"
    )


def test_every_document_is_pdf_a_with_embedded_fonts(rendered):
    documents = [name for name in rendered if name.endswith(".pdf")]
    assert len(documents) == 6  # 3 inputs, 2 answers, 1 internal note
    for name in documents:
        content = rendered[name]
        assert content.startswith(b"%PDF-")
        assert pdf_a_declaration(content) == ("2", "B", True), name
    for name in SCHEMAS:
        assert errors(name, rendered[name]) == [], name


def test_every_checksum_in_the_package_matches_its_file(package):
    structure = etree.fromstring(package["arkivstruktur.xml"])
    objects = structure.findall(".//a:dokumentobjekt", AS)
    assert len(objects) == 6
    for obj in objects:
        content = package[obj.findtext("a:referanseDokumentfil", namespaces=AS)]
        assert obj.findtext("a:sjekksum", namespaces=AS) == hashlib.sha256(content).hexdigest()
        assert obj.findtext("a:sjekksumAlgoritme", namespaces=AS) == "SHA256"
        assert int(obj.findtext("a:filstoerrelse", namespaces=AS)) == len(content)
    addml = etree.fromstring(package["arkivuttrekk.xml"])
    described = {}
    for item in addml.iterfind(".//d:property[@name='file']", ADDML):
        name = item.findtext("d:properties/d:property[@name='name']/d:value", namespaces=ADDML)
        value = item.findtext(
            "d:properties/d:property[@name='checksum']/d:properties/d:property[@name='value']/d:value",
            namespaces=ADDML,
        )
        described[name] = value
    assert set(described) == set(package) - {"arkivuttrekk.xml"}
    for name, value in described.items():
        assert value == hashlib.sha256(package[name]).hexdigest(), name


def test_addml_counts_what_the_structure_holds(package):
    addml = etree.fromstring(package["arkivuttrekk.xml"])
    counts = addml.find(
        ".//d:dataObject[@name='arkivstruktur']//d:property[@name='numberOfOccurrences']", ADDML
    )
    values = {
        p.get("name"): p.findtext("d:value", namespaces=ADDML)
        for p in counts.iterfind("d:properties/d:property", ADDML)
    }
    assert values == {
        "mappe": "1",
        "registrering": "6",
        "dokumentbeskrivelse": "6",
        "dokumentobjekt": "6",
    }


def _parties(xml: bytes, journal: str) -> dict[str, list[str]]:
    ns = {"j": N5 + journal}
    tree = etree.fromstring(xml)
    found: dict[str, list[str]] = {}
    for row in tree.iterfind("j:journalregistrering/j:journalpost", ns):
        title = row.findtext("j:offentligTittel", namespaces=ns)
        found.setdefault(title, []).append(
            row.findtext("j:korrespondansepart/j:korrespondansepartNavn", namespaces=ns)
        )
    return found


def test_public_journal_screens_a_private_person_and_keeps_an_organisation(package):
    public = _parties(package["offentligJournal.xml"], "offentligJournal")
    assert public["Benker ved elva"] == ["Skjermet"]
    assert public["Dugnad i parken"] == ["Heimby Velforening"]
    assert public["Sykkelparkering"] == ["Ola Offentlig"]  # chose to be shown
    text = package["offentligJournal.xml"].decode()
    assert "Kari Privatperson" not in text
    assert "<skjermingshjemmel>Offl. § 13 jf. fvl. § 13</skjermingshjemmel>" in text
    # The answers to her are screened too.
    assert all(
        name == "Skjermet"
        for title, names in public.items()
        if "Benker ved elva" in title
        for name in names
    )


def test_running_journal_keeps_every_name(package):
    internal = _parties(package["loependeJournal.xml"], "loependeJournal")
    assert internal["Benker ved elva"] == ["Kari Privatperson"]
    assert "Kari Privatperson" in package["loependeJournal.xml"].decode()


def test_endringslogg_records_the_correction(package):
    ns = {"e": N5 + "endringslogg"}
    tree = etree.fromstring(package["endringslogg.xml"])
    changes = tree.findall("e:endring", ns)
    corrected = [
        c for c in changes if c.findtext("e:referanseMetadata", namespaces=ns) == "beskrivelse"
    ]
    assert len(corrected) == 1
    assert corrected[0].findtext("e:tidligereVerdi", namespaces=ns) == ANSWER
    assert corrected[0].findtext("e:nyVerdi", namespaces=ns) == CORRECTED


def test_a_challenge_and_a_period_narrow_the_package(
    world, case, create_challenge_f, create_idea_f
):
    other = create_challenge_f(world.municipality, title="Annen sak")
    create_idea_f(other, world.author, title="Et annet innspill")
    files = build(Selection(world.municipality, challenge_id=other.id)).files
    assert "Et annet innspill" in files["arkivstruktur.xml"].decode()
    assert "Benker ved elva" not in files["arkivstruktur.xml"].decode()
    assert len([n for n in files if n.endswith(".pdf")]) == 1
    future = case.ideas[0].created_at.date().replace(year=case.ideas[0].created_at.year + 1)
    with pytest.raises(Refusal):
        build(Selection(world.municipality, start=future))


def test_another_municipalitys_inputs_stay_out(
    world, case, create_challenge_f, create_idea_f, quick_pdfs
):
    theirs = create_challenge_f(world.other, title="Bortby-sak")
    create_idea_f(theirs, world.citizen, title="Bortby-innspill")
    files = build(Selection(world.municipality)).files
    assert "Bortby" not in files["arkivstruktur.xml"].decode()


def test_the_archive_is_in_bokmal_whatever_the_asking_persons_language(world, case, quick_pdfs):
    from flask_babel import force_locale

    from cocreate.archive.package import export

    with force_locale("en"):
        files = export(Selection(world.municipality), actor=world.admin).files
    structure = files["arkivstruktur.xml"].decode()
    assert "Svar på «Benker ved elva»: Rettelse" in structure
    assert "Answer to" not in structure


def test_internal_notes_are_archived_as_arkivnotat_and_stay_out_of_the_journals(package, case):
    tree = etree.fromstring(package["arkivstruktur.xml"])
    xsi_type = "{http://www.w3.org/2001/XMLSchema-instance}type"
    posts = tree.findall(".//a:registrering", AS)
    notes = [p for p in posts if p.get(xsi_type) == "arkivnotat"]
    assert [n.findtext("a:tittel", namespaces=AS) for n in notes] == [
        "Internt notat om «Benker ved elva»"
    ]
    assert notes[0].findtext("a:forfatter", namespaces=AS) == case.note.author.display_name
    path = f"dokumenter/notat-{case.note.id}.pdf"
    assert path in package
    for journal in ("offentligJournal.xml", "loependeJournal.xml"):
        text = package[journal].decode()
        assert "Internt notat" not in text and NOTE_MARK not in text, journal


def test_the_pdf_a_check_fails_for_a_plain_pdf():
    plain = weasyprint().HTML(string="<html lang='nb'><p>Vanlig PDF</p></html>").write_pdf()
    try:
        declared = pdf_a_declaration(plain)
    except KeyError:  # no XMP metadata at all
        declared = (None, None, False)
    assert declared[:2] != ("2", "B")
