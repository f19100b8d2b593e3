"""State changes of hearings, consultees and statements. Services check the rule, change, flush,
write the audit event and declare the public pages changed; routes commit."""

from datetime import date, timedelta
from typing import cast

from flask_babel import gettext as _
from sqlalchemy import CursorResult, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from ..accounts.models import EMAIL, User
from ..audit.services import record_event
from ..challenges.models import Challenge
from ..database import utcnow
from ..extensions import db
from ..ideas.models import Visibility
from ..ideas.reasons import REASONS
from ..markup import render_markdown
from ..municipalities.models import Municipality
from ..page_generations import changed
from ..pipeline.deadlines import today
from ..refusals import Refusal, require
from .documents import SectionText, docx_to_markdown, split_sections
from .files import store_pdf
from .letters import send_letters
from .models import (
    CONSULTEE_NAME,
    HEARING_SUMMARY,
    HEARING_TITLE,
    MIN_HEARING_DAYS,
    SENDER_NAME,
    STATEMENT_BODY,
    Consultee,
    Hearing,
    HearingAttachment,
    HearingConsultee,
    HearingSection,
    HearingVersion,
    SenderKind,
    Statement,
    StatementChannel,
    StoredFile,
)
from .notices import notify_statement_hidden
from .permissions import (
    can_moderate_statement,
    why_not_edit_document,
    why_not_give_statement,
    why_not_manage_hearing,
    why_not_manage_hearings,
    why_not_open_hearing,
    why_not_register_statement,
)

Upload = tuple[str | None, bytes]  # a file's name as sent and its bytes


class HearingError(Refusal):
    """A rule about hearings, consultees or statements was broken; the reason is shown."""


def _check(actor: User | None, reason: str | None) -> None:
    """actor None: the operator's CLI, the demo seed or a test's factory."""
    if actor is not None:
        require(reason)


def period_warning(opens_on: date, deadline: date) -> str | None:
    """A hearing shorter than six weeks is allowed, but staff are told the law's minimum."""
    if deadline - opens_on >= timedelta(days=MIN_HEARING_DAYS):
        return None
    return _(
        "Høringsfristen er kortere enn seks uker etter at høringen åpner. Plan- og "
        "bygningsloven § 5-2 krever minst seks uker for planforslag."
    )


def _fields(
    municipality_id: int,
    title: str,
    summary: str,
    opens_on: date | None,
    deadline: date | None,
    challenge: Challenge | None,
) -> tuple[str, str, date, date]:
    title, summary = (title or "").strip(), (summary or "").strip()
    HEARING_TITLE.enforce(title, HearingError)
    HEARING_SUMMARY.enforce(summary, HearingError)
    if opens_on is None or deadline is None:
        raise HearingError(_("Velg dato for når høringen åpner og for fristen."))
    if deadline < opens_on:
        raise HearingError(_("Fristen kan ikke være før høringen åpner."))
    if challenge is not None and challenge.municipality_id != municipality_id:
        raise HearingError(_("Velg en utfordring i denne kommunen."))
    return title, summary, opens_on, deadline


def create_hearing(
    municipality: Municipality,
    *,
    title: str,
    summary: str = "",
    opens_on: date | None,
    deadline: date | None,
    document: str,
    challenge: Challenge | None = None,
    actor: User | None,
) -> Hearing:
    """A draft hearing with its document (Markdown, `##` headings start numbered sections) as
    version 1, not yet published."""
    _check(actor, why_not_manage_hearings(actor, municipality))
    title, summary, opens_on, deadline = _fields(
        municipality.id, title, summary, opens_on, deadline, challenge
    )
    sections = split_sections(document)
    hearing = Hearing(
        municipality_id=municipality.id,
        challenge_id=challenge.id if challenge else None,
        title=title,
        summary=summary,
        summary_html=render_markdown(summary),
        opens_on=opens_on,
        deadline=deadline,
        created_by_id=actor.id if actor else None,
    )
    db.session.add(hearing)
    db.session.flush()
    version = HearingVersion(hearing_id=hearing.id, number=1)
    db.session.add(version)
    db.session.flush()
    _write_sections(version, sections)
    record_event("hearing.created", actor=actor, municipality=municipality, subject=hearing)
    changed(municipality.id)
    return hearing


def update_hearing(
    hearing: Hearing,
    *,
    title: str,
    summary: str = "",
    opens_on: date | None,
    deadline: date | None,
    challenge: Challenge | None = None,
    document: str | None = None,
    actor: User | None,
) -> Hearing:
    """Change the title, summary, period or challenge; the document only while a draft."""
    _check(actor, why_not_manage_hearing(actor, hearing))
    title, summary, opens_on, deadline = _fields(
        hearing.municipality_id, title, summary, opens_on, deadline, challenge
    )
    if document is not None:
        set_document(hearing, document, actor=actor)
    hearing.title, hearing.summary = title, summary
    hearing.summary_html = render_markdown(summary)
    hearing.opens_on, hearing.deadline = opens_on, deadline
    hearing.challenge_id = challenge.id if challenge else None
    db.session.flush()
    record_event("hearing.updated", actor=actor, municipality=hearing.municipality, subject=hearing)
    changed(hearing.municipality_id)
    return hearing


def first_version(hearing: Hearing) -> HearingVersion:
    version = db.session.scalar(
        select(HearingVersion).where(
            HearingVersion.hearing_id == hearing.id, HearingVersion.number == 1
        )
    )
    if version is None:  # every hearing is created with one
        version = HearingVersion(hearing_id=hearing.id, number=1)
        db.session.add(version)
        db.session.flush()
    return version


def set_document(hearing: Hearing, document: str, *, actor: User | None) -> list[HearingSection]:
    """Replace the draft's document (version 1) with the sections of this Markdown."""
    _check(actor, why_not_edit_document(actor, hearing))
    if hearing.is_open:
        raise HearingError(_("Høringen er sendt ut; dokumentet kan ikke lenger endres."))
    sections = split_sections(document)
    version = first_version(hearing)
    db.session.execute(delete(HearingSection).where(HearingSection.version_id == version.id))
    rows = _write_sections(version, sections)
    changed(hearing.municipality_id)
    return rows


def import_docx(hearing: Hearing, data: bytes, *, actor: User | None) -> list[HearingSection]:
    """Replace the draft's document with a Word file's: its headings start the sections."""
    return set_document(hearing, docx_to_markdown(data), actor=actor)


def _write_sections(version: HearingVersion, sections: list[SectionText]) -> list[HearingSection]:
    rows = [
        HearingSection(
            version_id=version.id,
            number=number,
            heading=section.heading,
            body=section.body,
            body_html=render_markdown(section.body),
        )
        for number, section in enumerate(sections, start=1)
    ]
    db.session.add_all(rows)
    db.session.flush()
    return rows


def add_attachment(
    hearing: Hearing, filename: str | None, data: bytes, *, actor: User | None
) -> StoredFile:
    """Attach a PDF (checked by its first bytes and size) to the hearing."""
    _check(actor, why_not_manage_hearing(actor, hearing))
    stored = store_pdf(hearing.municipality_id, filename, data)
    db.session.add(HearingAttachment(hearing_id=hearing.id, file_id=stored.id))
    db.session.flush()
    record_event(
        "hearing.attachment_added",
        actor=actor,
        municipality=hearing.municipality,
        subject=hearing,
        file_id=stored.id,
        filename=stored.filename,
    )
    changed(hearing.municipality_id)
    return stored


def remove_attachment(hearing: Hearing, file_id: int, *, actor: User | None) -> None:
    """Take an attachment off the hearing; its file goes with it."""
    _check(actor, why_not_manage_hearing(actor, hearing))
    link = db.session.get(HearingAttachment, (hearing.id, file_id))
    if link is None:
        raise HearingError(_("Vedlegget finnes ikke."))
    db.session.delete(link)
    db.session.execute(delete(StoredFile).where(StoredFile.id == file_id))
    db.session.flush()
    record_event(
        "hearing.attachment_removed",
        actor=actor,
        municipality=hearing.municipality,
        subject=hearing,
        file_id=file_id,
    )
    changed(hearing.municipality_id)


def open_hearing(hearing: Hearing, *, actor: User | None) -> int:
    """Send the hearing out: it becomes public, version 1 is published, and each consultee on
    its list gets the hearing letter. Opening twice sends nothing twice. Returns the letters."""
    _check(actor, why_not_open_hearing(actor, hearing))
    now = utcnow()
    claimed = db.session.execute(
        update(Hearing)
        .where(Hearing.id == hearing.id, Hearing.opened_at.is_(None))
        .values(opened_at=now)
    )
    if not cast(CursorResult, claimed).rowcount:  # a parallel request opened it first
        raise HearingError(_("Høringen er allerede sendt ut."))
    db.session.refresh(hearing)
    version = first_version(hearing)
    version.published_at = now
    db.session.flush()
    letters = send_letters(hearing)
    record_event(
        "hearing.opened",
        actor=actor,
        municipality=hearing.municipality,
        subject=hearing,
        letters=letters,
    )
    changed(hearing.municipality_id)
    return letters


# Consultees --------------------------------------------------------------------------------


def add_consultee(
    municipality: Municipality,
    *,
    name: str,
    kind: SenderKind,
    email: str,
    actor: User | None,
) -> Consultee:
    """A consultee on the municipality's list: an organisation or a statutory council, with
    the address the hearing letter goes to."""
    _check(actor, why_not_manage_hearings(actor, municipality))
    name, email = (name or "").strip(), (email or "").strip()
    CONSULTEE_NAME.enforce(name, HearingError)
    if kind is SenderKind.resident:
        raise HearingError(_("En høringsinstans er en organisasjon eller et lovpålagt råd."))
    if not email or "@" not in email:
        raise HearingError(_("Skriv inn en gyldig e-postadresse, for eksempel navn@eksempel.no."))
    EMAIL.enforce(email, HearingError)
    taken = db.session.scalar(
        select(Consultee.id).where(
            Consultee.municipality_id == municipality.id, func.lower(Consultee.name) == name.lower()
        )
    )
    if taken is not None:
        raise HearingError(_("«%(name)s» står allerede på listen.", name=name))
    consultee = Consultee(municipality_id=municipality.id, name=name, kind=kind, email=email)
    try:
        with db.session.begin_nested():
            db.session.add(consultee)
            db.session.flush()
    except IntegrityError as error:  # a parallel request added the same name
        raise HearingError(_("«%(name)s» står allerede på listen.", name=name)) from error
    record_event("consultee.added", actor=actor, municipality=municipality, subject=consultee)
    changed(municipality.id)
    return consultee


def remove_consultee(consultee: Consultee, *, actor: User | None) -> None:
    """Take a consultee off the list; the statements it gave keep its name."""
    municipality = consultee.municipality
    _check(actor, why_not_manage_hearings(actor, municipality))
    record_event("consultee.removed", actor=actor, municipality=municipality, subject=consultee)
    db.session.delete(consultee)
    db.session.flush()
    changed(municipality.id)


def set_hearing_consultees(
    hearing: Hearing, consultee_ids: list[int], *, actor: User | None
) -> int:
    """The consultees this hearing is sent to. One that has had its letter stays on; on an
    opened hearing a newly chosen one gets its letter now. Returns the letters queued."""
    _check(actor, why_not_manage_hearing(actor, hearing))
    wanted = set(
        db.session.scalars(
            select(Consultee.id).where(
                Consultee.municipality_id == hearing.municipality_id,
                Consultee.id.in_(consultee_ids or [0]),
            )
        )
    )
    current = {
        link.consultee_id: link
        for link in db.session.scalars(
            select(HearingConsultee).where(HearingConsultee.hearing_id == hearing.id)
        )
    }
    for consultee_id, link in current.items():
        if consultee_id not in wanted and link.letter_sent_at is None:
            db.session.delete(link)
    for consultee_id in wanted - set(current):
        db.session.add(HearingConsultee(hearing_id=hearing.id, consultee_id=consultee_id))
    db.session.flush()
    letters = send_letters(hearing)
    record_event(
        "hearing.consultees_set",
        actor=actor,
        municipality=hearing.municipality,
        subject=hearing,
        consultees=sorted(wanted),
        letters=letters,
    )
    changed(hearing.municipality_id)
    return letters


# Statements --------------------------------------------------------------------------------


def _section_of(hearing: Hearing, section: HearingSection | None) -> int | None:
    if section is None:
        return None
    if section.version.hearing_id != hearing.id:
        raise HearingError(_("Velg et punkt i dette dokumentet."))
    return section.id


def _sender(kind: SenderKind, name: str | None) -> str | None:
    name = " ".join((name or "").split()) or None
    if kind is not SenderKind.resident and name is None:
        raise HearingError(_("Skriv navnet på organisasjonen eller rådet."))
    if name is not None:
        SENDER_NAME.enforce(name, HearingError)
    return name


def _body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise HearingError(_("Skriv uttalelsen."))
    return STATEMENT_BODY.enforce(body, HearingError)


def give_statement(
    hearing: Hearing,
    *,
    author: User,
    body: str,
    sender_kind: SenderKind = SenderKind.resident,
    sender_name: str | None = None,
    section: HearingSection | None = None,
    upload: Upload | None = None,
) -> Statement:
    """A signed-in person's statement on the whole document or one section: as a resident under
    a public name or anonymously (no name), or on behalf of an organisation or a council under
    its name. After the deadline it is accepted and marked late. It waits for approval when the
    hearing's challenge is pre-moderated."""
    require(why_not_give_statement(author, hearing))
    challenge = hearing.challenge
    pending = challenge is not None and challenge.premoderation
    statement = _statement(
        hearing,
        body=body,
        sender_kind=sender_kind,
        sender_name=sender_name,
        section=section,
        upload=upload,
        received_on=today(),
        author_id=author.id,
        channel=StatementChannel.web,
        visibility=Visibility.pending if pending else Visibility.published,
    )
    record_event(
        "statement.given",
        actor=author,
        municipality=hearing.municipality,
        subject=statement,
        hearing_id=hearing.id,
        late=statement.late,
    )
    return statement


def register_statement(
    hearing: Hearing,
    *,
    actor: User | None,
    sender_kind: SenderKind,
    sender_name: str | None,
    body: str,
    received_on: date | None,
    contact_email: str | None = None,
    section: HearingSection | None = None,
    upload: Upload | None = None,
) -> Statement:
    """Staff register a statement that came by letter or e-mail, on the day it was received
    (never a day still to come); the contact address is kept for the answer, never shown."""
    _check(actor, why_not_register_statement(actor, hearing))
    if received_on is None:
        raise HearingError(_("Skriv datoen uttalelsen kom inn."))
    if received_on > today():
        raise HearingError(_("Datoen uttalelsen kom inn, kan ikke være fram i tid."))
    contact_email = (contact_email or "").strip() or None
    if contact_email is not None:
        if "@" not in contact_email:
            raise HearingError(
                _("Skriv inn en gyldig e-postadresse, for eksempel navn@eksempel.no.")
            )
        EMAIL.enforce(contact_email, HearingError)
    name = _sender(sender_kind, sender_name)
    consultee_id = None
    if name is not None and sender_kind is not SenderKind.resident:
        consultee_id = db.session.scalar(
            select(Consultee.id).where(
                Consultee.municipality_id == hearing.municipality_id,
                func.lower(Consultee.name) == name.lower(),
            )
        )
    statement = _statement(
        hearing,
        body=body,
        sender_kind=sender_kind,
        sender_name=name,
        section=section,
        upload=upload,
        received_on=received_on,
        channel=StatementChannel.registered,
        registered_by_id=actor.id if actor else None,
        contact_email=contact_email,
        consultee_id=consultee_id,
        visibility=Visibility.published,
    )
    record_event(
        "statement.registered",
        actor=actor,
        municipality=hearing.municipality,
        subject=statement,
        hearing_id=hearing.id,
        late=statement.late,
    )
    return statement


def _statement(
    hearing: Hearing,
    *,
    body: str,
    sender_kind: SenderKind,
    sender_name: str | None,
    section: HearingSection | None,
    upload: Upload | None,
    received_on: date,
    **fields: object,
) -> Statement:
    statement = Statement(
        hearing_id=hearing.id,
        section_id=_section_of(hearing, section),
        sender_kind=sender_kind,
        sender_name=_sender(sender_kind, sender_name),
        body=_body(body),
        received_on=received_on,
        late=received_on > hearing.deadline,
        **fields,
    )
    if upload is not None and upload[1]:
        statement.file_id = store_pdf(hearing.municipality_id, upload[0], upload[1]).id
    db.session.add(statement)
    db.session.flush()
    changed(hearing.municipality_id)
    return statement


def hide_statement(statement: Statement, *, reason: str, note: str, actor: User | None) -> None:
    """Staff hide a statement; the page shows a placeholder naming the reason."""
    if actor is not None and not can_moderate_statement(actor, statement):
        raise HearingError(
            _("Bare kommunens fasilitatorer og administratorer kan skjule uttalelser.")
        )
    if reason not in REASONS:
        raise HearingError(_("Velg en grunn fra listen."))
    if statement.visibility is Visibility.hidden:
        raise HearingError(_("Uttalelsen er allerede skjult."))
    statement.visibility = Visibility.hidden
    statement.hidden_reason = reason
    db.session.flush()
    notify_statement_hidden(statement, reason=reason, actor=actor)
    record_event(
        "statement.hidden",
        actor=actor,
        municipality=statement.hearing.municipality,
        subject=statement,
        reason=reason,
        note=(note or "").strip()[:1000],
    )
    changed(statement.hearing.municipality_id)


def publish_statement(statement: Statement, *, actor: User | None) -> None:
    """Staff publish a pending statement, or show a hidden one again."""
    if actor is not None and not can_moderate_statement(actor, statement):
        raise HearingError(
            _("Bare kommunens fasilitatorer og administratorer kan publisere uttalelser.")
        )
    if statement.visibility is Visibility.published:
        raise HearingError(_("Uttalelsen er allerede publisert."))
    statement.visibility = Visibility.published
    statement.hidden_reason = None
    db.session.flush()
    record_event(
        "statement.published",
        actor=actor,
        municipality=statement.hearing.municipality,
        subject=statement,
    )
    changed(statement.hearing.municipality_id)
