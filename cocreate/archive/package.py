"""The archive package (arkivuttrekk) of a selection: PDF/A documents and the Noark 5 XML, as a
folder's files or a zip. Identifiers are stable UUIDs, so a re-export names the same units."""

import hashlib
import io
import uuid
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from ..answers.models import IdeaNote
from ..database import utcnow
from ..hearings.merknad import render_html as merknad_html
from ..hearings.models import Hearing
from ..ideas.models import Channel, Idea
from ..pdf import weasyprint
from ..pipeline.models import ChangeKind, StageChange
from . import noark
from .models import CASE_NUMBER_PATTERN, JOURNAL_NUMBER_PATTERN
from .queries import Selection, answer_records, case_numbers, input_records
from .schemas import errors
from .services import mark_archived, nothing_to_archive, too_big

NAMESPACE = uuid.UUID("6f1c1e0a-5a7b-4c7e-9a55-0d1f3c2b8e11")  # Samskap's archive identifiers


class InvalidPackage(RuntimeError):
    """A package failed its own schemas: a bug, never handed out."""


def system_id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


STYLESHEET = Path(__file__).resolve().parent / "document.css"


def pdf_a(html: str) -> bytes:
    """A PDF/A-2b document with its fonts embedded (WeasyPrint)."""
    weasy = weasyprint()
    document = weasy.HTML(string=html)
    stylesheet = weasy.CSS(filename=str(STYLESHEET))
    return document.write_pdf(pdf_variant="pdf/a-2b", stylesheets=[stylesheet])


@dataclass
class Built:
    """A package: its files by name, and what it held (to be marked archived)."""

    files: dict[str, bytes]
    ideas: list[Idea]
    changes: list[StageChange]

    def zip_bytes(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in self.files.items():
                archive.writestr(name, content)
        return buffer.getvalue()

    def write(self, directory: Path) -> None:
        for name, content in self.files.items():
            path = directory / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)


def _sender(idea: Idea, organisation: bool) -> tuple[str, bool]:
    """The sender's name as archived, and whether the public journal screens it."""
    if idea.author is not None:
        if idea.author.deleted_at is not None:
            return _("Slettet bruker"), False
        return idea.author.display_name, not (organisation or idea.author.show_name)
    if idea.channel is Channel.workshop:
        return _("Verkstedsdeltaker"), False
    return _("Avsender registrert av kommunen"), False


def _numbers(
    journal_number: str | None, when: datetime, fallback: int
) -> tuple[int, int, int | None]:
    """Journal year, sequence and (when given) number in the case, from a recorded journal
    number; without one, the year of the entry and the package's running number."""
    match = JOURNAL_NUMBER_PATTERN.match(journal_number or "")
    if match is None:
        return when.year, fallback, None
    in_case = int(match.group(3)) if match.group(3) else None
    return int(match.group(1)), int(match.group(2)), in_case


def _selection_text(selection: Selection) -> str:
    parts = [selection.municipality.name]
    if selection.challenge_id is not None:
        parts.append(_("utfordring %(id)s", id=selection.challenge_id))
    if selection.start or selection.end:
        start = selection.start.isoformat() if selection.start else "…"
        end = selection.end.isoformat() if selection.end else "…"
        parts.append(f"{start}–{end}")
    return ", ".join(parts)


def build(selection: Selection) -> Built:
    """The whole package of a selection; refused when it holds nothing."""
    ideas = selection.ideas()
    changes = selection.changes()
    notes = selection.notes()
    hearings = selection.hearings()
    if not ideas and not changes and not hearings:
        raise nothing_to_archive()
    municipality = selection.municipality
    now = utcnow()
    slug = municipality.slug
    inputs = input_records([i.id for i in ideas] + [c.idea_id for c in changes])
    answers = answer_records(c.id for c in changes)
    challenges = {i.challenge_id: i.challenge for i in ideas}
    challenges.update({c.idea.challenge_id: c.idea.challenge for c in changes})
    challenges.update({n.idea.challenge_id: n.idea.challenge for n in notes})
    challenges.update({h.challenge.id: h.challenge for h in hearings if h.challenge is not None})
    numbers = case_numbers(challenges)
    files: dict[str, bytes] = {}
    cases: dict[Any, noark.Case] = {}
    for challenge in sorted(challenges.values(), key=lambda c: (c.created_at, c.id)):
        match = CASE_NUMBER_PATTERN.match(numbers.get(challenge.id, ""))
        concluded = challenge.concluded_at is not None
        cases[challenge.id] = noark.Case(
            system_id=system_id(slug, "challenge", challenge.id),
            folder_id=match.group(0) if match else f"samskap-{challenge.id}",
            title=challenge.title,
            created=challenge.created_at,
            closed=challenge.concluded_at if concluded and challenge.concluded_at else now,
            concluded=concluded,
            year=int(match.group(1)) if match else challenge.created_at.year,
            sequence=int(match.group(2)) if match else challenge.id,
            unit=municipality.name,
            responsible=challenge.created_by.display_name
            if challenge.created_by
            else municipality.name,
        )
    timeline: list[tuple[datetime, int, object]] = [(i.created_at, 0, i) for i in ideas]
    timeline += [(c.created_at, 1, c) for c in changes]
    timeline += [(n.created_at, 2, n) for n in notes]
    timeline += [(h.compiled_at, 3, h) for h in hearings if h.compiled_at is not None]
    for hearing in hearings:
        if hearing.challenge is None:
            cases[("hearing", hearing.id)] = _hearing_case(hearing, slug, now)
    ordered = sorted(timeline, key=lambda t: (t[0], t[1], getattr(t[2], "id", 0)))
    challenge_id: Any  # a challenge's id, or ("hearing", id) for a hearing's own case
    for running, (_when, _order, item) in enumerate(ordered, start=1):
        if isinstance(item, Idea):
            entry, html = _input_entry(item, inputs, slug, running)
            challenge_id = item.challenge_id
        elif isinstance(item, IdeaNote):
            entry, html = _note_entry(item, slug, running)
            challenge_id = item.idea.challenge_id
        elif isinstance(item, Hearing):
            entry, html = _merknad_entry(item, slug, running)
            challenge_id = item.challenge_id if item.challenge else ("hearing", item.id)
        else:
            assert isinstance(item, StageChange)
            entry, html = _answer_entry(item, inputs, answers, slug, running)
            challenge_id = item.idea.challenge_id
        case = cases[challenge_id]
        if entry.number_in_case == 0:
            entry.number_in_case = len(case.entries) + 1
        if isinstance(challenge_id, int) and case.folder_id != f"samskap-{challenge_id}":
            entry.registration_id = f"{case.folder_id}-{entry.number_in_case}"
        content = pdf_a(html)
        files[entry.document.path] = content
        entry.document.sha256 = hashlib.sha256(content).hexdigest()
        entry.document.size = len(content)
        case.entries.append(entry)
    starts = [t[0].date() for t in timeline]
    package = noark.Package(
        archive_id=system_id(slug, "archive"),
        part_id=system_id(slug, "part", selection.challenge_id, selection.start, selection.end),
        creator_id=municipality.number,
        creator_name=municipality.name,
        title=_("Samskap – %(name)s", name=municipality.name),
        exported=now,
        start=selection.start or min(starts),
        end=selection.end or max(max(starts), now.date()),
        selection=_selection_text(selection),
        cases=list(cases.values()),
        changes=_corrections(changes, slug),
    )
    return Built(_with_xml(package, files), ideas, changes)


def export(selection: Selection, *, actor: Any, limit: int | None = None) -> Built:
    """Build the package and mark everything in it archived now (the caller commits). The
    archive's documents are in bokmål whatever the language of the person who asks. With a
    limit, a selection of more documents than that is refused before any is rendered."""
    if limit is not None:
        count = len(selection.ideas()) + len(selection.changes())
        if count > limit:
            raise too_big(count, limit)
    with force_locale("nb"):
        package = build(selection)
    if package.ideas or package.changes:  # a package of hearings alone marks no input
        mark_archived(package.ideas, package.changes, at=utcnow(), actor=actor)
    return package


def _input_entry(idea: Idea, inputs, slug: str, running: int) -> tuple[noark.Entry, str]:
    record = inputs.get(idea.id)
    name, screened = _sender(idea, bool(record and record.sender_is_organisation))
    year, sequence, in_case = _numbers(
        record.journal_number if record else None, idea.created_at, running
    )
    html = render_template("archive/document_input.html", idea=idea, sender=name)
    entry = noark.Entry(
        system_id=system_id(slug, "idea", idea.id),
        kind="I",
        title=idea.title,
        created=idea.created_at,
        author=name,
        party=name,
        party_screened=screened,
        year=year,
        sequence=sequence,
        number_in_case=in_case or 0,
        document=_document(
            slug, "idea", idea.id, f"dokumenter/innspill-{idea.id}.pdf", idea.title, idea.created_at
        ),
    )
    return entry, html


def _answer_entry(
    change: StageChange, inputs, answers, slug: str, running: int
) -> tuple[noark.Entry, str]:
    idea = change.idea
    record = inputs.get(idea.id)
    name, screened = _sender(idea, bool(record and record.sender_is_organisation))
    answer = answers.get(change.id)
    year, sequence, in_case = _numbers(
        answer.journal_number if answer else None, change.created_at, running
    )
    title = _("Svar på «%(title)s»: %(kind)s", title=idea.title, kind=change.kind.label)
    author = change.unit_name or idea.challenge.municipality.name
    html = render_template("archive/document_answer.html", change=change, idea=idea, recipient=name)
    entry = noark.Entry(
        system_id=system_id(slug, "answer", change.id),
        kind="U",
        title=title,
        created=change.created_at,
        author=author,
        party=name,
        party_screened=screened,
        year=year,
        sequence=sequence,
        number_in_case=in_case or 0,
        description=change.answer,
        document=_document(
            slug, "answer", change.id, f"dokumenter/svar-{change.id}.pdf", title, change.created_at
        ),
    )
    return entry, html


def _note_entry(note: IdeaNote, slug: str, running: int) -> tuple[noark.Entry, str]:
    """An internal note: an arkivnotat (organinternt, no correspondent, never in the public
    journal)."""
    author = note.author.display_name if note.author else _("Tidligere ansatt")
    title = _("Internt notat om «%(title)s»", title=note.idea.title)
    html = render_template("archive/document_note.html", note=note, author=author)
    entry = noark.Entry(
        system_id=system_id(slug, "note", note.id),
        kind="N",
        title=title,
        created=note.created_at,
        author=author,
        party="",
        party_screened=False,
        year=note.created_at.year,
        sequence=running,
        number_in_case=0,
        document=_document(
            slug, "note", note.id, f"dokumenter/notat-{note.id}.pdf", title, note.created_at
        ),
    )
    return entry, html


def _hearing_case(hearing: Hearing, slug: str, now: datetime) -> noark.Case:
    """A hearing on its own (under no challenge) is a saksmappe of its own."""
    municipality = hearing.municipality
    return noark.Case(
        system_id=system_id(slug, "hearing", hearing.id),
        folder_id=f"samskap-horing-{hearing.id}",
        title=hearing.title,
        created=hearing.created_at,
        closed=hearing.compiled_at or now,
        concluded=hearing.compiled_at is not None,
        year=hearing.created_at.year,
        sequence=hearing.id,
        unit=municipality.name,
        responsible=hearing.created_by.display_name if hearing.created_by else municipality.name,
    )


def _merknad_entry(hearing: Hearing, slug: str, running: int) -> tuple[noark.Entry, str]:
    """A hearing's merknadsbehandling: an outgoing document to those who gave statements (public,
    so in both journals; named as a group, no private person), in the municipality's written
    language as staff downloaded it."""
    assert hearing.compiled_at is not None
    title = _("Merknadsbehandling: %(title)s", title=hearing.title)
    author = hearing.municipality.name
    entry = noark.Entry(
        system_id=system_id(slug, "merknad", hearing.id),
        kind="U",
        title=title,
        created=hearing.compiled_at,
        author=author,
        party=_("Avsenderne av høringsuttalelsene"),
        party_screened=False,
        year=hearing.compiled_at.year,
        sequence=running,
        number_in_case=0,
        document=_document(
            slug,
            "merknad",
            hearing.id,
            f"dokumenter/merknadsbehandling-{hearing.id}.pdf",
            title,
            hearing.compiled_at,
        ),
    )
    return entry, merknad_html(hearing)


def _document(
    slug: str, kind: str, key: int, path: str, title: str, created: datetime
) -> noark.Document:
    return noark.Document(
        system_id=system_id(slug, kind, key, "document"),
        object_id=system_id(slug, kind, key, "object"),
        path=path,
        title=title,
        created=created,
        sha256="",
        size=0,
    )


def _corrections(changes: list[StageChange], slug: str) -> list[noark.Change]:
    """Each correction replaced the answer shown before it: the endringslogg says so."""
    shown: dict[int, StageChange] = {}
    rows = []
    for change in changes:
        if change.kind is ChangeKind.progress:
            continue
        before = shown.get(change.idea_id)
        if change.kind is ChangeKind.correction and before is not None:
            rows.append(
                noark.Change(
                    system_id=system_id(slug, "answer", before.id),
                    metadata="beskrivelse",
                    at=change.created_at,
                    by=change.unit_name or noark.CREATED_BY,
                    before=before.answer,
                    after=change.answer,
                )
            )
        shown[change.idea_id] = change
    return rows


def _with_xml(package: noark.Package, documents: dict[str, bytes]) -> dict[str, bytes]:
    entries = package.entries
    xml = {
        "arkivstruktur.xml": noark.arkivstruktur(package),
        "endringslogg.xml": noark.endringslogg(package),
        "loependeJournal.xml": noark.journal(package, public=False),
        "offentligJournal.xml": noark.journal(package, public=True),
    }
    counts = {
        "arkivstruktur.xml": (
            ("mappe", len(package.cases)),
            ("registrering", len(entries)),
            ("dokumentbeskrivelse", len(entries)),
            ("dokumentobjekt", len(entries)),
        ),
        "endringslogg.xml": (("endring", len(package.changes) + 1),),
        "loependeJournal.xml": (("journalregistrering", len(package.journal_entries)),),
        "offentligJournal.xml": (("journalregistrering", len(package.journal_entries)),),
    }
    facts = [
        noark.FileFact(name, _sha256(content), name.removesuffix(".xml"), counts[name])
        for name, content in xml.items()
    ]
    facts += [
        noark.FileFact(name, _sha256(content), "dokument") for name, content in documents.items()
    ]
    files = {"arkivuttrekk.xml": noark.addml(package, facts), **xml, **documents}
    problems = [p for name in xml | {"arkivuttrekk.xml": b""} for p in errors(name, files[name])]
    if problems:
        raise InvalidPackage("\n".join(problems))
    return files


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def default_name(selection: Selection, today: date) -> str:
    scope = f"-utfordring-{selection.challenge_id}" if selection.challenge_id else ""
    return f"samskap-{selection.municipality.slug}-arkivuttrekk{scope}-{today.isoformat()}"
