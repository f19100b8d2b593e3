"""The hearing's document as text: Markdown where each `#` or `##` heading starts a numbered
section, and the same sections read from a Word file (.docx, python-docx): its headings of level
1 and 2 (and the title) start sections, lower headings stay inside a section as `###`."""

import io
import re
import zipfile
from dataclasses import dataclass

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.text.paragraph import Paragraph
from flask_babel import gettext as _

from ..refusals import Refusal
from .models import SECTION_BODY, SECTION_HEADING

_HEADING = re.compile(r"^ {0,3}(#{1,2})[ \t]+(.+?)[ \t#]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


class DocumentError(Refusal):
    """The document could not be read or is not well formed; the reason says how to fix it."""


@dataclass(frozen=True)
class SectionText:
    heading: str
    body: str


def split_sections(text: str) -> list[SectionText]:
    """The sections of a Markdown document: a line `## Heading` (or `# Heading`) starts one;
    text before the first heading is refused. Headings inside code blocks do not count."""
    sections: list[tuple[str, list[str]]] = []
    preamble: list[str] = []
    fenced = False
    for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        match = None if fenced else _HEADING.match(line)
        if match:
            sections.append((match.group(2).strip(), []))
        elif sections:
            sections[-1][1].append(line)
        else:
            preamble.append(line)
    if any(line.strip() for line in preamble):
        raise DocumentError(
            _("Dokumentet må begynne med en overskrift: en linje som starter med «## ».")
        )
    if not sections:
        raise DocumentError(_("Dokumentet må ha minst ett punkt: en linje som starter med «## »."))
    result = []
    for number, (heading, lines) in enumerate(sections, start=1):
        body = "\n".join(lines).strip()
        _check(number, heading, body)
        result.append(SectionText(heading, body))
    return result


def _check(number: int, heading: str, body: str) -> None:
    if not SECTION_HEADING.min <= len(heading) <= SECTION_HEADING.max:
        raise DocumentError(
            _(
                "Punkt %(number)d: %(reason)s",
                number=number,
                reason=SECTION_HEADING.explain(heading),
            )
        )
    if len(body) > SECTION_BODY.max:
        raise DocumentError(
            _("Punkt %(number)d: %(reason)s", number=number, reason=SECTION_BODY.explain(body))
        )


def join_sections(sections: list[tuple[str, str]]) -> str:
    """The Markdown document of (heading, body) pairs, as split_sections() reads it back."""
    return "\n\n".join(f"## {heading}\n\n{body}".rstrip() for heading, body in sections) + "\n"


def docx_to_markdown(data: bytes) -> str:
    """The Markdown document of a .docx file: its level 1 and 2 headings (and the title) start
    sections; lists become `-` lines, bold and italic runs `**` and `*`."""
    if not data.startswith(b"PK\x03\x04"):
        raise DocumentError(_("Filen er ikke et Word-dokument (.docx)."))
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise DocumentError(
            _("Word-dokumentet kunne ikke leses. Lagre det som .docx og prøv igjen.")
        ) from error
    lines: list[str] = []
    for paragraph in document.paragraphs:
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        text = _runs(paragraph).strip()
        plain = paragraph.text.strip()
        if not plain:
            lines.append("")
            continue
        level = _heading_level(style)
        if level is not None and level <= 2:
            lines += ["", f"## {plain}", ""]
        elif level is not None:
            lines += ["", f"### {plain}", ""]
        elif style.startswith("List Number"):
            lines.append(f"1. {text}")
        elif style.startswith("List"):
            lines.append(f"- {text}")
        else:
            lines += [text, ""]
    markdown = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if not markdown:
        raise DocumentError(_("Word-dokumentet er tomt."))
    if not markdown.startswith("## "):
        raise DocumentError(
            _("Word-dokumentet må begynne med en overskrift (stilen Overskrift 1 eller 2).")
        )
    return markdown + "\n"


def _heading_level(style: str) -> int | None:
    if style == "Title":
        return 1
    match = re.fullmatch(r"Heading (\d)", style)
    return int(match.group(1)) if match else None


def _runs(paragraph: Paragraph) -> str:
    parts = []
    for run in paragraph.runs:
        text = run.text
        if not text.strip():
            parts.append(text)
            continue
        marks = (
            "***" if run.bold and run.italic else "**" if run.bold else "*" if run.italic else ""
        )
        if marks:
            lead, core = text[: len(text) - len(text.lstrip())], text.strip()
            trail = text[len(text.rstrip()) :]
            text = f"{lead}{marks}{core}{marks}{trail}"
        parts.append(text)
    return "".join(parts) or paragraph.text
