"""The report written out: an accessible PDF (tagged PDF/UA-1 by WeasyPrint, with a title, the
document's language and every table's headers) and a .docx (python-docx) with the same
headings, tables and words."""

import io

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from flask import render_template

from ..pdf import weasyprint
from .document import Items, Paragraph, Report, Section, Table

LANG_TAGS = {"nb": "nb-NO", "nn": "nn-NO"}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_html(report: Report, *, captions_as_headings: bool = False) -> str:
    return render_template(
        "report/document.html",
        report=report,
        lang=report.language,
        captions_as_headings=captions_as_headings,
    )


def to_pdf(report: Report) -> bytes:
    """PDF/UA-1: tagged (a structure tree of H1, H2, P, Table …), /Lang, the title in the
    metadata and shown as the window title."""
    try:
        return pdf_from_html(report_html(report))
    except ValueError:
        # WeasyPrint's tagging fails on a table whose caption a page break parted from its
        # rows (the stylesheet keeps them together; this is the net): name each table by a
        # heading above it instead of a caption.
        return pdf_from_html(report_html(report, captions_as_headings=True))


def pdf_from_html(html: str) -> bytes:
    """The tagged PDF/UA-1 of the report's HTML. Only data: URLs are fetched."""
    weasy = weasyprint()
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    document = weasy.HTML(string=html, url_fetcher=fetcher)
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)


def to_docx(report: Report) -> bytes:
    """A Word document: title page, then each section under a Heading 1 (subsections Heading
    2); tables with a header row repeated on each page."""
    doc = Document()
    props = doc.core_properties
    props.title = report.title
    props.author = report.municipality
    props.language = LANG_TAGS[report.language]
    _set_language(doc, LANG_TAGS[report.language])
    doc.add_heading(report.title, level=0)
    for label, value in [*report.facts, ("", report.as_of)]:
        paragraph = doc.add_paragraph()
        if label:
            paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    doc.add_paragraph(report.summary)
    doc.add_page_break()
    for section in report.sections:
        _docx_section(doc, section, 1)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _set_language(doc, tag: str) -> None:
    """The default language of the text (w:lang in the document defaults), for spelling and
    screen readers."""
    rpr = doc.styles.element.find(qn("w:docDefaults"))
    if rpr is None:
        return
    run_props = rpr.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if run_props is None:
        return
    lang = run_props.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_props.append(lang)
    lang.set(qn("w:val"), tag)


def _docx_section(doc, section: Section, level: int) -> None:
    doc.add_heading(section.heading, level=level)
    for block in section.blocks:
        if isinstance(block, Paragraph):
            doc.add_paragraph(block.text)
        elif isinstance(block, Items):
            for item in block.items:
                doc.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Table):
            _docx_table(doc, block)
    for sub in section.subsections:
        _docx_section(doc, sub, level + 1)


def _docx_table(doc, table: Table) -> None:
    doc.add_paragraph(table.caption, style="Caption")
    if not table.rows:
        doc.add_paragraph(table.empty)
        return
    grid = doc.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    header = grid.rows[0]
    row_props = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # a header row, repeated on every page
    repeat.set(qn("w:val"), "true")
    row_props.append(repeat)
    for cell, text in zip(header.cells, table.columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for values in table.rows:
        cells = grid.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
