"""The merknadsbehandling compiled: every statement the hearing took (web, late, registered; not
hidden) grouped by section (the whole document first, then section 1..n) and by kind of sender
(SenderKind's order: councils, organisations, residents), each with its summary, assessment and
reason; the counts per assessment; and what changed in the document (the next version's note and
its section diff, or "ingen endringer").

Written in the municipality's own language (språklova: bokmål or nynorsk, as the archive and the
paper sheets choose), as PDF/A-2b (WeasyPrint, the archive's variant) and as .docx
(python-docx). Compiling sets Hearing.compiled_at only when every statement is assessed; with
some unassessed it still gives the documents, listing those as "ikke vurdert".
"""

import io
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from ..accounts.models import User
from ..audit.services import record_event
from ..database import utcnow
from ..extensions import db
from ..page_generations import changed
from ..pdf import weasyprint
from ..refusals import require
from .assess import section_label, statements_to_assess, why_not_assess
from .models import Assessment, Hearing, SenderKind, Statement
from .versions import change_lines, compare, sections_of, versions_of

LANGUAGES = ("nb", "nn")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass
class KindGroup:
    kind: SenderKind
    statements: list[Statement]


@dataclass
class SectionGroup:
    number: int | None  # None: the whole document
    label: str
    kinds: list[KindGroup] = field(default_factory=list)


@dataclass
class Merknad:
    """What the documents say (labels already in the document's language)."""

    hearing: Hearing
    language: str
    groups: list[SectionGroup]
    counts: list[tuple[str, int]]  # per assessment, then "ikke vurdert"
    total: int
    unassessed: int
    note: str  # the next version's note, or ""
    changes: list[str]  # one line per changed section
    made_at: datetime

    @property
    def complete(self) -> bool:
        return self.unassessed == 0


def language_of(hearing: Hearing) -> str:
    value = hearing.municipality.language.value
    return value if value in LANGUAGES else "nb"


def sender_of(statement: Statement) -> str:
    return statement.sender_name or _("Anonym innbygger")


def assessment_label(statement: Statement) -> str:
    return statement.assessment.label if statement.assessment else _("Ikke vurdert")


def _changes(hearing: Hearing) -> tuple[str, list[str]]:
    versions = versions_of(hearing.id)
    if len(versions) < 2:
        return "", []
    first, latest = versions[0], versions[-1]
    notes = "\n\n".join(v.note for v in versions[1:] if v.note)
    return notes, change_lines(compare(sections_of(first.id), sections_of(latest.id)))


def gather(hearing: Hearing) -> Merknad:
    """The merknadsbehandling of the hearing as it stands, in the current language."""
    statements = list(db.session.scalars(statements_to_assess(hearing.id)).unique())
    groups: dict[int | None, SectionGroup] = {}
    order = list(SenderKind)
    for statement in sorted(
        statements,
        key=lambda s: (
            s.section is not None,
            s.section.number if s.section else 0,
            order.index(s.sender_kind),
            s.received_on,
            s.id,
        ),
    ):
        number = statement.section.number if statement.section else None
        group = groups.get(number)
        if group is None:
            group = groups[number] = SectionGroup(number, section_label(statement.section))
        if not group.kinds or group.kinds[-1].kind is not statement.sender_kind:
            group.kinds.append(KindGroup(statement.sender_kind, []))
        group.kinds[-1].statements.append(statement)
    counts = [(a.label, sum(1 for s in statements if s.assessment is a)) for a in Assessment]
    unassessed = sum(1 for s in statements if s.assessment is None)
    counts.append((_("Ikke vurdert"), unassessed))
    note, changes = _changes(hearing)
    return Merknad(
        hearing=hearing,
        language="",
        groups=list(groups.values()),
        counts=counts,
        total=len(statements),
        unassessed=unassessed,
        note=note,
        changes=changes,
        made_at=utcnow(),
    )


def compile_merknad(hearing: Hearing, *, actor: User) -> Merknad:
    """Compile the merknadsbehandling: refused before the deadline; sets compiled_at when every
    statement is assessed (with some unassessed the documents still list them)."""
    require(why_not_assess(actor, hearing))
    merknad = gather(hearing)
    if merknad.complete:
        hearing.compiled_at = utcnow()
        db.session.flush()
        changed(hearing.municipality_id)
    record_event(
        "hearing.merknad_compiled",
        actor=actor,
        municipality=hearing.municipality,
        subject=hearing,
        statements=merknad.total,
        unassessed=merknad.unassessed,
    )
    return merknad


# --- Documents -----------------------------------------------------------------------------------


def render_html(hearing: Hearing) -> str:
    """The merknadsbehandling as an HTML document in the municipality's language (for the PDF
    and the archive)."""
    language = language_of(hearing)
    with force_locale(language):
        merknad = gather(hearing)
        merknad.language = language
        return render_template(
            "hearings/merknad/document.html",
            merknad=merknad,
            statement_title=_statement_title,
            assessment_label=assessment_label,
            facts=_facts(merknad),
            warning=_warning(merknad),
        )


def pdf_a(html: str) -> bytes:
    """HTML to PDF/A-2b with its fonts embedded; only data: URLs are fetched."""
    weasy = weasyprint()
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    return weasy.HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_variant="pdf/a-2b")


def render_pdf(hearing: Hearing) -> bytes:
    return pdf_a(render_html(hearing))


def render_docx(hearing: Hearing) -> bytes:
    """The merknadsbehandling as a Word document in the municipality's language."""
    import docx  # python-docx; only the download needs it

    language = language_of(hearing)
    with force_locale(language):
        merknad = gather(hearing)
        document: Any = docx.Document()
        title = _("Merknadsbehandling: %(title)s", title=hearing.title)
        document.core_properties.title = title
        document.core_properties.language = f"{language}-NO"
        document.core_properties.author = hearing.municipality.name
        document.add_heading(title, level=0)
        document.add_paragraph(_facts(merknad))
        if not merknad.complete:
            document.add_paragraph(_warning(merknad))
        document.add_heading(_("Vurderingene i tall"), level=1)
        table = document.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        table.rows[0].cells[0].text = _("Vurdering")
        table.rows[0].cells[1].text = _("Antall uttalelser")
        for label, count in merknad.counts:
            row = table.add_row()
            row.cells[0].text = label
            row.cells[1].text = str(count)
        for group in merknad.groups:
            document.add_heading(group.label, level=1)
            for kinds in group.kinds:
                document.add_heading(kinds.kind.label, level=2)
                for statement in kinds.statements:
                    document.add_heading(_statement_title(statement), level=3)
                    _labelled(document, _("Sammendrag"), statement.summary or "–")
                    _labelled(document, _("Vurdering"), assessment_label(statement))
                    _labelled(document, _("Begrunnelse"), statement.reason or "–")
        document.add_heading(_("Endringer i dokumentet"), level=1)
        if not merknad.changes and not merknad.note:
            document.add_paragraph(_("Ingen endringer."))
        if merknad.note:
            document.add_paragraph(merknad.note)
        for line in merknad.changes:
            document.add_paragraph(line, style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _labelled(document: Any, label: str, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(text)


def _statement_title(statement: Statement) -> str:
    title = _(
        "%(sender)s, mottatt %(date)s",
        sender=sender_of(statement),
        date=statement.received_on.strftime("%d.%m.%Y"),
    )
    if statement.late:
        title += " " + _("(kom etter fristen)")
    return title


def _facts(merknad: Merknad) -> str:
    hearing = merknad.hearing
    return _(
        "%(municipality)s. Høringsfrist %(deadline)s. %(count)s uttalelser.",
        municipality=hearing.municipality.name,
        deadline=hearing.deadline.strftime("%d.%m.%Y"),
        count=merknad.total,
    )


def _warning(merknad: Merknad) -> str:
    return _(
        "Merknadsbehandlingen er ikke ferdig: %(count)s uttalelser er ikke vurdert.",
        count=merknad.unassessed,
    )


def filename(hearing: Hearing, extension: str) -> str:
    return f"merknadsbehandling-{hearing.municipality.slug}-{hearing.id}.{extension}"
