"""The accessibility check of a PDF, as code (veraPDF is not installable here): tagged
(/MarkInfo /Marked true), a structure tree with headings, paragraphs and tables (every
figure with its /Alt text), the document's language (/Lang), a title in the document info and
the XMP metadata, and /ViewerPreferences /DisplayDocTitle true."""

import io
from collections import Counter

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject


def structure(content: bytes) -> tuple[PdfReader, Counter, list[DictionaryObject]]:
    """The reader, the count of each structure type, and the Figure elements."""
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    tree = root["/StructTreeRoot"].get_object()
    kinds: Counter = Counter()
    figures: list[DictionaryObject] = []
    stack = [tree]
    while stack:
        node = stack.pop().get_object()
        if not isinstance(node, DictionaryObject):
            continue
        kind = node.get("/S")
        if kind is not None:
            kinds[str(kind)] += 1
            if kind == "/Figure":
                figures.append(node)
        kids = node.get("/K")
        if kids is None:
            continue
        kids = kids.get_object()
        if isinstance(kids, ArrayObject):
            stack.extend(kids)
        else:
            stack.append(kids)
    return reader, kinds, figures


def assert_accessible(content: bytes, *, title: str, language: str) -> Counter:
    """Every check of the report's accessibility; the structure types found, for more."""
    reader, kinds, figures = structure(content)
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert root["/Lang"] == language
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert reader.metadata is not None and reader.metadata.title == title
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert title in xmp
    for kind in ("/Document", "/H1", "/H2", "/P", "/Table", "/TR", "/TH", "/TD"):
        assert kinds[kind] > 0, (kind, kinds)
    for figure in figures:
        assert str(figure.get("/Alt", "")).strip(), "a figure without alternative text"
    return kinds
