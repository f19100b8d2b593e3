"""Arkivverket's XSDs for Noark 5 v5.0 and ADDML 8.3, shipped unchanged in schemas/."""

from functools import cache
from pathlib import Path

from lxml import etree

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
# Each file of a package and the schema it must satisfy.
SCHEMAS = {
    "arkivstruktur.xml": "arkivstruktur.xsd",
    "endringslogg.xml": "endringslogg.xsd",
    "loependeJournal.xml": "loependeJournal.xsd",
    "offentligJournal.xml": "offentligJournal.xsd",
    "arkivuttrekk.xml": "addml.xsd",
}


@cache
def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / name)))


def errors(filename: str, content: bytes) -> list[str]:
    """The schema's complaints about one file of the package (empty when it is valid)."""
    checker = schema(SCHEMAS[filename])
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    document = etree.fromstring(content, parser).getroottree()
    if checker.validate(document):
        return []
    return [f"{filename}: {line}" for line in str(checker.error_log).splitlines()]
