"""The XML of a Noark 5 v5.0 archive package: arkivstruktur, endringslogg, the two journals and
the ADDML description. Pure builders: they take the package's plain records (package.py) and
return bytes; schemas.py validates them against Arkivverket's XSDs shipped beside this file."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from lxml import etree

N5 = "http://www.arkivverket.no/standarder/noark5/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
ADDML = "http://www.arkivverket.no/standarder/addml"
CREATED_BY = "Samskap"
SCREENED_NAME = "Skjermet"
# Offentleglova § 13 (duty of confidentiality) with forvaltningsloven § 13: a private person's
# name in a case they did not choose to be named in publicly.
RESTRICTION = "13"
LEGAL_BASIS = "Offl. § 13 jf. fvl. § 13"
SCREENED_FIELD = "korrespondansepartNavn"


@dataclass
class Document:
    """One PDF/A file of the package."""

    system_id: str  # the dokumentbeskrivelse
    object_id: str  # the dokumentobjekt
    path: str  # inside the package, e.g. dokumenter/innspill-12.pdf
    title: str
    created: datetime
    sha256: str
    size: int


@dataclass
class Entry:
    """A journalpost (or an arkivnotat for an internal note) and its one document."""

    system_id: str
    kind: str  # "I", "U" or "N"
    title: str
    created: datetime
    author: str
    party: str  # the correspondent's name as archived
    party_screened: bool  # a private person not shown publicly
    year: int
    sequence: int
    number_in_case: int
    document: Document
    description: str = ""
    registration_id: str | None = None


@dataclass
class Case:
    """A saksmappe: one challenge."""

    system_id: str
    folder_id: str
    title: str
    created: datetime
    closed: datetime
    concluded: bool
    year: int
    sequence: int
    unit: str
    responsible: str
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Change:
    """A row of the endringslogg."""

    system_id: str
    metadata: str
    at: datetime
    by: str
    before: str
    after: str


@dataclass
class Package:
    """Everything the XML files say; package.py fills it."""

    archive_id: str
    part_id: str
    creator_id: str  # kommunenummer
    creator_name: str
    title: str
    exported: datetime
    start: date
    end: date
    selection: str
    cases: list[Case]
    changes: list[Change]

    @property
    def entries(self) -> list[Entry]:
        return [entry for case in self.cases for entry in case.entries]

    @property
    def journal_entries(self) -> list[tuple[Case, Entry]]:
        return [(c, e) for c in self.cases for e in c.entries if e.kind in ("I", "U")]


KIND_TYPE = {
    "I": "Inngående dokument",
    "U": "Utgående dokument",
    "N": "Organinternt dokument uten oppfølging",
}
PARTY_TYPE = {"I": "Avsender", "U": "Mottaker"}


def _root(ns: str, tag: str) -> etree._Element:
    # The default namespace's prefix is None, which lxml's stubs do not allow beside a str.
    nsmap: Any = {None: ns, "xsi": XSI}
    return etree.Element(tag, nsmap=nsmap)


def _dt(value: datetime) -> str:
    return value.replace(microsecond=0).isoformat()


def _sub(parent: etree._Element, ns: str, name: str, text: object | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{name}")
    if text is not None:
        element.text = text if isinstance(text, str) else str(text)
    return element


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def arkivstruktur(package: Package) -> bytes:
    ns = N5 + "arkivstruktur"
    root = _root(ns, f"{{{ns}}}arkiv")
    root.set(f"{{{XSI}}}schemaLocation", f"{ns} arkivstruktur.xsd")

    def sub(parent: etree._Element, name: str, text: object | None = None) -> etree._Element:
        return _sub(parent, ns, name, text)

    exported = _dt(package.exported)
    sub(root, "systemID", package.archive_id)
    sub(root, "tittel", package.title)
    sub(root, "arkivstatus", "Avsluttet")
    sub(root, "dokumentmedium", "Elektronisk arkiv")
    sub(root, "opprettetDato", exported)
    sub(root, "opprettetAv", CREATED_BY)
    sub(root, "avsluttetDato", exported)
    sub(root, "avsluttetAv", CREATED_BY)
    creator = sub(root, "arkivskaper")
    sub(creator, "arkivskaperID", package.creator_id)
    sub(creator, "arkivskaperNavn", package.creator_name)
    part = sub(root, "arkivdel")
    sub(part, "systemID", package.part_id)
    sub(part, "tittel", f"{package.title}: {package.selection}")
    sub(part, "arkivdelstatus", "Avsluttet periode")
    sub(part, "dokumentmedium", "Elektronisk arkiv")
    sub(part, "opprettetDato", exported)
    sub(part, "opprettetAv", CREATED_BY)
    sub(part, "avsluttetDato", exported)
    sub(part, "avsluttetAv", CREATED_BY)
    sub(part, "arkivperiodeStartDato", package.start.isoformat())
    sub(part, "arkivperiodeSluttDato", package.end.isoformat())
    for case in package.cases:
        _saksmappe(part, sub, case, exported)
    return _serialise(root)


def _saksmappe(part, sub, case: Case, exported: str) -> None:
    folder = sub(part, "mappe")
    folder.set(f"{{{XSI}}}type", "saksmappe")
    sub(folder, "systemID", case.system_id)
    sub(folder, "mappeID", case.folder_id)
    sub(folder, "tittel", case.title)
    sub(folder, "offentligTittel", case.title)
    sub(folder, "dokumentmedium", "Elektronisk arkiv")
    sub(folder, "opprettetDato", _dt(case.created))
    sub(folder, "opprettetAv", CREATED_BY)
    sub(folder, "avsluttetDato", _dt(case.closed))
    sub(folder, "avsluttetAv", CREATED_BY)
    for entry in case.entries:
        _registrering(folder, sub, entry, exported)
    sub(folder, "saksaar", case.year)
    sub(folder, "sakssekvensnummer", case.sequence)
    sub(folder, "saksdato", case.created.date().isoformat())
    sub(folder, "administrativEnhet", case.unit)
    sub(folder, "saksansvarlig", case.responsible)
    sub(folder, "saksstatus", "Avsluttet" if case.concluded else "Under behandling")


def _registrering(folder, sub, entry: Entry, exported: str) -> None:
    post = sub(folder, "registrering")
    post.set(f"{{{XSI}}}type", "arkivnotat" if entry.kind == "N" else "journalpost")
    created = _dt(entry.created)
    sub(post, "systemID", entry.system_id)
    sub(post, "opprettetDato", created)
    sub(post, "opprettetAv", entry.author)
    sub(post, "arkivertDato", exported)
    sub(post, "arkivertAv", CREATED_BY)
    if entry.party_screened:
        screening = sub(post, "skjerming")
        sub(screening, "tilgangsrestriksjon", RESTRICTION)
        sub(screening, "skjermingshjemmel", LEGAL_BASIS)
        sub(screening, "skjermingMetadata", SCREENED_FIELD)
    _dokumentbeskrivelse(post, sub, entry, exported)
    if entry.registration_id:
        sub(post, "registreringsID", entry.registration_id)
    sub(post, "tittel", entry.title)
    if entry.description:
        sub(post, "beskrivelse", entry.description)
    sub(post, "forfatter", entry.author)
    sub(post, "dokumentmedium", "Elektronisk arkiv")
    if entry.kind == "N":
        sub(post, "dokumentetsDato", entry.created.date().isoformat())
        return
    party = sub(post, "korrespondansepart")
    sub(party, "korrespondanseparttype", PARTY_TYPE[entry.kind])
    sub(party, "korrespondansepartNavn", entry.party)
    sub(post, "journalaar", entry.year)
    sub(post, "journalsekvensnummer", entry.sequence)
    sub(post, "journalpostnummer", entry.number_in_case)
    sub(post, "journalposttype", KIND_TYPE[entry.kind])
    sub(post, "journalstatus", "Arkivert")
    sub(post, "journaldato", entry.created.date().isoformat())
    sub(post, "dokumentetsDato", entry.created.date().isoformat())
    if entry.kind == "I":
        sub(post, "mottattDato", created)
    else:
        sub(post, "sendtDato", created)


def _dokumentbeskrivelse(post, sub, entry: Entry, exported: str) -> None:
    document = entry.document
    description = sub(post, "dokumentbeskrivelse")
    sub(description, "systemID", document.system_id)
    sub(description, "dokumenttype", "Notat" if entry.kind == "N" else "Brev")
    sub(description, "dokumentstatus", "Dokumentet er ferdigstilt")
    sub(description, "tittel", document.title)
    sub(description, "forfatter", entry.author)
    sub(description, "opprettetDato", _dt(document.created))
    sub(description, "opprettetAv", CREATED_BY)
    sub(description, "dokumentmedium", "Elektronisk arkiv")
    sub(description, "tilknyttetRegistreringSom", "Hoveddokument")
    sub(description, "dokumentnummer", 1)
    sub(description, "tilknyttetDato", exported)
    sub(description, "tilknyttetAv", CREATED_BY)
    obj = sub(description, "dokumentobjekt")
    sub(obj, "systemID", document.object_id)
    sub(obj, "versjonsnummer", 1)
    sub(obj, "variantformat", "Arkivformat")
    sub(obj, "format", "fmt/476")
    sub(obj, "formatDetaljer", "PDF/A-2b")
    sub(obj, "opprettetDato", _dt(document.created))
    sub(obj, "opprettetAv", CREATED_BY)
    sub(obj, "referanseDokumentfil", document.path)
    sub(obj, "sjekksum", document.sha256)
    sub(obj, "sjekksumAlgoritme", "SHA256")
    sub(obj, "filstoerrelse", document.size)


def endringslogg(package: Package) -> bytes:
    ns = N5 + "endringslogg"
    root = _root(ns, f"{{{ns}}}endringslogg")
    root.set(f"{{{XSI}}}schemaLocation", f"{ns} endringslogg.xsd")
    # The export itself closes the archive: the log always holds that change.
    closing = Change(
        package.archive_id, "arkivstatus", package.exported, CREATED_BY, "Opprettet", "Avsluttet"
    )
    for change in [*package.changes, closing]:
        row = _sub(root, ns, "endring")
        _sub(row, ns, "referanseArkivenhet", change.system_id)
        _sub(row, ns, "referanseMetadata", change.metadata)
        _sub(row, ns, "endretDato", _dt(change.at))
        _sub(row, ns, "endretAv", change.by)
        _sub(row, ns, "tidligereVerdi", change.before)
        _sub(row, ns, "nyVerdi", change.after)
    return _serialise(root)


def journal(package: Package, *, public: bool) -> bytes:
    """loependeJournal (every name) or offentligJournal (screened names withheld)."""
    name = "offentligJournal" if public else "loependeJournal"
    ns = N5 + name
    root = _root(ns, f"{{{ns}}}{name}")
    root.set(f"{{{XSI}}}schemaLocation", f"{ns} {name}.xsd")

    def sub(parent: etree._Element, tag: str, text: object | None = None) -> etree._Element:
        return _sub(parent, ns, tag, text)

    entries = package.journal_entries
    head = sub(root, "journalhode")
    sub(head, "journalStartDato", package.start.isoformat())
    sub(head, "journalSluttDato", package.end.isoformat())
    sub(head, "seleksjon", package.selection)
    sub(head, "antallJournalposter", len(entries))
    creator = sub(head, "arkivskaper")
    sub(creator, "arkivskaperID", package.creator_id)
    sub(creator, "arkivskaperNavn", package.creator_name)
    for case, entry in entries:
        row = sub(root, "journalregistrering")
        folder = sub(row, "saksmappe")
        sub(folder, "mappeID", case.folder_id)
        sub(folder, "saksaar", case.year)
        sub(folder, "sakssekvensnummer", case.sequence)
        if not public:
            sub(folder, "tittel", case.title)
        sub(folder, "offentligTittel", case.title)
        if not public:
            sub(folder, "administrativEnhet", case.unit)
        post = sub(row, "journalpost")
        sub(post, "systemID", entry.system_id)
        if entry.registration_id:
            sub(post, "registreringsID", entry.registration_id)
        sub(post, "journalaar", entry.year)
        sub(post, "journalsekvensnummer", entry.sequence)
        sub(post, "journalpostnummer", entry.number_in_case)
        if not public:
            sub(post, "tittel", entry.title)
        sub(post, "offentligTittel", entry.title)
        if entry.party_screened:
            sub(post, "skjermingMetadata", SCREENED_FIELD)
        sub(post, "journaldato", entry.created.date().isoformat())
        sub(post, "dokumentetsDato", entry.created.date().isoformat())
        if entry.party_screened:
            sub(post, "tilgangsrestriksjon", RESTRICTION)
            sub(post, "skjermingshjemmel", LEGAL_BASIS)
        party = sub(post, "korrespondansepart")
        sub(party, "korrespondanseparttype", PARTY_TYPE[entry.kind])
        shown = SCREENED_NAME if public and entry.party_screened else entry.party
        sub(party, "korrespondansepartNavn", shown)
        if not public and entry.party_screened:
            sub(party, "skjermingMetadata", SCREENED_FIELD)
    return _serialise(root)


@dataclass(frozen=True)
class FileFact:
    """A file of the package as ADDML describes it."""

    name: str
    sha256: str
    kind: str  # arkivstruktur, endringslogg, loependeJournal, offentligJournal, dokument
    counts: Sequence[tuple[str, int]] = ()


def addml(package: Package, files: Sequence[FileFact]) -> bytes:
    """arkivuttrekk.xml: what the package is, who made it, its period, and every file with its
    checksum and the counts of what it holds."""
    root = _root(ADDML, f"{{{ADDML}}}addml")
    root.set(f"{{{XSI}}}schemaLocation", f"{ADDML} addml.xsd")
    root.set("name", "Noark 5 arkivuttrekk")

    def sub(parent: etree._Element, tag: str, text: object | None = None) -> etree._Element:
        return _sub(parent, ADDML, tag, text)

    def prop(parent: etree._Element, name: str, value: object | None = None) -> etree._Element:
        element = sub(parent, "property")
        element.set("name", name)
        if value is not None:
            sub(element, "value", value)
        return element

    def element(parent: etree._Element, name: str, value: object | None = None) -> etree._Element:
        item = sub(parent, "additionalElement")
        item.set("name", name)
        if value is not None:
            sub(item, "value", value)
        return item

    dataset = sub(root, "dataset")
    dataset.set("name", package.title)
    sub(dataset, "description", f"Arkivuttrekk fra Samskap: {package.selection}")
    reference = sub(dataset, "reference")
    context = sub(sub(reference, "context"), "additionalElements")
    creators = sub(element(context, "recordCreators"), "additionalElements")
    creator = sub(element(creators, "recordCreator"), "properties")
    prop(creator, "id", package.creator_id)
    prop(creator, "name", package.creator_name)
    element(context, "systemType", "Noark5")
    element(context, "systemName", CREATED_BY)
    element(context, "archivalDataFormat", "Noark 5 v5.0")
    element(context, "extractionDate", _dt(package.exported))
    content = sub(sub(reference, "content"), "additionalElements")
    period = sub(element(content, "archivalPeriod"), "properties")
    prop(period, "startDate", package.start.isoformat())
    prop(period, "endDate", package.end.isoformat())
    element(content, "selection", package.selection)
    objects = sub(dataset, "dataObjects")
    whole = sub(objects, "dataObject")
    whole.set("name", "Noark 5 arkivuttrekk")
    info = sub(prop(sub(whole, "properties"), "info"), "properties")
    prop(info, "type", "Noark 5")
    prop(info, "version", "5.0")
    prop(info, "numberOfFiles", len(files))
    parts = sub(whole, "dataObjects")
    for fact in files:
        item = sub(parts, "dataObject")
        item.set("name", fact.kind)
        properties = sub(item, "properties")
        file_props = sub(prop(properties, "file"), "properties")
        prop(file_props, "name", fact.name)
        prop(file_props, "format", "PDF/A-2b" if fact.name.endswith(".pdf") else "XML")
        checksum = sub(prop(file_props, "checksum"), "properties")
        prop(checksum, "algorithm", "SHA256")
        prop(checksum, "value", fact.sha256)
        if fact.counts:
            counts = sub(prop(properties, "numberOfOccurrences"), "properties")
            for name, number in fact.counts:
                prop(counts, name, number)
    return _serialise(root)
