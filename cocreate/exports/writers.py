"""Streaming writers: CSV and JSON yield text as rows arrive; XLSX goes through a temp file.

CsvWriter is the one CSV writer of Samskap, for the admin exports and the open data alike.
The admin CSV comes in two forms (docs/exports.md): the machine form (comma, decimal point,
English column names) and the spreadsheet form that Norwegian Excel opens as it is (semicolon,
decimal comma, Norwegian column names); both are UTF-8 with a BOM. CSV and XLSX round decimal
numbers (rounded()); JSON keeps the exact value.
"""

import csv
import io
import json
import math
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, TextIO

import xlsxwriter

XLSX_MAX_ROWS = 1_048_575  # one sheet's limit, less the header row


# OWASP "CSV injection": spreadsheets run a cell that starts with one of = + - @ tab CR as a
# formula. Quotes in front of such a start count too, so removing one ' always gives the text back.
_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")


def csv_text(value: Any) -> Any:
    """Text that a spreadsheet would read as a formula gets a leading '; numbers pass unchanged."""
    if isinstance(value, str) and _FORMULA_START.match(value):
        return "'" + value
    return value


class CsvWriter:
    """csv.writer whose text cells can never start a formula (see docs/exports.md).

    With `spreadsheet=True` it writes what Norwegian Excel reads without an import dialogue:
    semicolons between cells and a decimal comma in numbers."""

    def __init__(self, stream: TextIO, *, spreadsheet: bool = False) -> None:
        self._writer = csv.writer(stream, delimiter=";" if spreadsheet else ",")
        self._spreadsheet = spreadsheet

    def writerow(self, row: Iterable[Any]) -> None:
        cells = [csv_text(value) for value in row]  # by the value's kind: a number is no text
        if self._spreadsheet:
            cells = [decimal_comma(cell) for cell in cells]
        self._writer.writerow(cells)


def rounded(value: Any) -> Any:
    """A decimal number as a reader wants it in a table: 3 decimals (a share of 0,512), and 3
    significant digits below 0,1 so a small share (a reach of 0,000712) keeps its size.
    Whole numbers, text and missing values pass unchanged."""
    if not isinstance(value, float) or not math.isfinite(value) or value == 0:
        return value
    if abs(value) >= 0.1:
        return round(value, 3)
    return round(value, 2 - math.floor(math.log10(abs(value))))


def decimal_comma(value: Any) -> Any:
    """A float written with a decimal comma and never in exponent form («0,000712»)."""
    if not isinstance(value, float) or not math.isfinite(value):
        return value
    if value == int(value):
        return str(int(value))
    return format(Decimal(repr(value)), "f").replace(".", ",")


def csv_chunks(
    columns: Iterable[str],
    rows: Iterable[tuple],
    *,
    every: int = 1000,
    spreadsheet: bool = False,
    round_numbers: bool = True,
) -> Iterator[str]:
    """UTF-8 CSV with a BOM so spreadsheet programs read æøå right; decimal numbers rounded
    (rounded()) unless `round_numbers` is off."""
    buffer = io.StringIO()
    writer = CsvWriter(buffer, spreadsheet=spreadsheet)
    buffer.write("\ufeff")
    writer.writerow(columns)
    for count, row in enumerate(rows, start=1):
        writer.writerow([rounded(v) for v in row] if round_numbers else row)
        if count % every == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(
    columns: Iterable[str], rows: Iterable[tuple], *, every: int = 1000
) -> Iterator[str]:
    """A JSON array of objects, written piece by piece."""
    names = list(columns)
    parts: list[str] = ["["]
    for count, row in enumerate(rows):
        parts.append(
            ("," if count else "")
            + json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False, default=str)
        )
        if len(parts) >= every:
            yield "".join(parts)
            parts = []
    parts.append("]")
    yield "".join(parts)


def xlsx_file(sheet: str, columns: Iterable[str], rows: Iterable[tuple]) -> str:
    """Write an XLSX in constant memory to a temporary file and return its path."""
    handle, path = tempfile.mkstemp(suffix=".xlsx", prefix="samskap-export-")
    os.close(handle)
    workbook = xlsxwriter.Workbook(
        path, {"constant_memory": True, "strings_to_urls": False, "strings_to_formulas": False}
    )
    bold = workbook.add_format({"bold": True})
    header = list(columns)
    worksheet, line, part = None, 0, 0
    for row in _with_start(rows):
        if worksheet is None or line > XLSX_MAX_ROWS:
            part += 1
            worksheet = workbook.add_worksheet(sheet[:28] if part == 1 else f"{sheet[:25]}_{part}")
            worksheet.write_row(0, 0, header, bold)
            line = 1
        if row is not None:
            worksheet.write_row(line, 0, [_cell(rounded(v)) for v in row])
            line += 1
    workbook.close()
    return path


def _with_start(rows: Iterable[tuple]) -> Iterator[tuple | None]:
    yield None  # makes sure the header sheet exists even for no rows
    yield from rows


def _cell(value: Any) -> Any:
    return value if value is None or isinstance(value, int | float | str) else str(value)


def file_chunks(path: str, size: int = 64 * 1024) -> Iterator[bytes]:
    """Stream a file and remove it afterwards."""
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(size):
                yield chunk
    finally:
        os.unlink(path)
