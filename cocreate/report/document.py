"""A report as plain blocks (paragraphs, tables, lists under headings): built once, in the
language asked for, and written both as PDF (templates/report/document.html) and as .docx
(docx.py), so the two hold the same words and figures."""

from dataclasses import dataclass, field


@dataclass
class Paragraph:
    text: str


@dataclass
class Table:
    """A table with a caption and column headings; a row's first cell names the row."""

    caption: str
    columns: list[str]
    rows: list[list[str]]
    empty: str = ""  # said instead of the table when it has no rows


@dataclass
class Items:
    """A bulleted list."""

    items: list[str]


Block = Paragraph | Table | Items


@dataclass
class Section:
    heading: str
    blocks: list[Block] = field(default_factory=list)
    subsections: list["Section"] = field(default_factory=list)


@dataclass
class Report:
    """The title page's facts, the one-paragraph summary and the sections, in order."""

    language: str  # nb or nn: the document's /Lang
    title: str  # «Medvirkningsrapport: <challenge or hearing>»
    kind: str  # «Utfordring» or «Høring»
    subject: str  # the challenge's or hearing's title
    municipality: str
    as_of: str  # the date of the figures, in words
    summary: str
    facts: list[tuple[str, str]] = field(default_factory=list)  # the title page's table
    sections: list[Section] = field(default_factory=list)
