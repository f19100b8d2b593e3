"""Hearings (høringer): a document in numbered sections out for consultation, the consultees
(høringsinstanser) who get the hearing letter, and the statements (høringsuttalelser) with the
municipality's assessment of each, which together make the merknadsbehandling.

A document is kept in versions: version 1 is the one sent out; staff may publish a next version
after the hearing, and the hearing page shows what changed section by section. Statements on a
section point to a section of the version they were given on. Files (attachments, a statement's
PDF) are kept in the database (`stored_files`): every app host sees them and a database backup
holds them, with no object store to run (DESIGN.md §6: no state on the app hosts).
"""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ..accounts.models import EMAIL, User
from ..challenges.models import Challenge
from ..database import utcnow
from ..enums import enum_column
from ..extensions import Model
from ..ideas.models import Visibility
from ..limits import TextLimit
from ..municipalities.models import Municipality

HEARING_TITLE = TextLimit(200, _l("Tittelen må ha mellom %(min)d og %(max)d tegn."), 3)
HEARING_SUMMARY = TextLimit(5000, _l("Sammendraget kan være på høyst %(max)d tegn."))
SECTION_HEADING = TextLimit(200, _l("Overskriften må ha mellom %(min)d og %(max)d tegn."), 1)
SECTION_BODY = TextLimit(50000, _l("Et avsnitt kan være på høyst %(max)d tegn."))
VERSION_NOTE = TextLimit(2000, _l("Merknaden kan være på høyst %(max)d tegn."))
CONSULTEE_NAME = TextLimit(200, _l("Navnet må ha mellom %(min)d og %(max)d tegn."), 2)
SENDER_NAME = TextLimit(200, _l("Navnet kan være på høyst %(max)d tegn."))
STATEMENT_BODY = TextLimit(20000, _l("Uttalelsen må ha mellom %(min)d og %(max)d tegn."), 1)
STATEMENT_SUMMARY = TextLimit(2000, _l("Sammendraget må ha mellom %(min)d og %(max)d tegn."), 1)
ASSESSMENT_REASON = TextLimit(5000, _l("Begrunnelsen må ha mellom %(min)d og %(max)d tegn."), 1)
FILE_NAME = TextLimit(200, _l("Filnavnet kan være på høyst %(max)d tegn."), 1)
# Plan- og bygningsloven § 5-2: a plan is out on hearing for at least six weeks.
MIN_HEARING_DAYS = 42


class StoredFile(Model):
    """A file kept in the database: a hearing's attachment or a statement's PDF. The bytes are
    deferred: lists read the name and size only."""

    __tablename__ = "stored_files"
    __table_args__ = (CheckConstraint("size >= 0", name="size_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(FILE_NAME.max))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Hearing(Model):
    """A hearing: on its own or under a challenge. Draft until opened; open from `opens_on`
    to `deadline` (whole days, Oslo time, as a letter's date is read); then the
    merknadsbehandling, compiled at `compiled_at`."""

    __tablename__ = "hearings"
    __table_args__ = (
        HEARING_TITLE.check("title", "title_length"),
        CheckConstraint("deadline >= opens_on", name="deadline_after_opening"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    challenge_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenges.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(HEARING_TITLE.max))
    summary: Mapped[str] = mapped_column(Text, default="")
    summary_html: Mapped[str] = mapped_column(Text, default="")
    opens_on: Mapped[date]
    deadline: Mapped[date]
    # Set when staff open it: the hearing is public and the letters go out.
    opened_at: Mapped[datetime | None]
    # The merknadsbehandling's last compilation (a measure: days from the deadline to it).
    compiled_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    municipality: Mapped[Municipality] = relationship()
    challenge: Mapped[Challenge | None] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None

    def __repr__(self) -> str:
        return f"<Hearing {self.id} {self.title!r}>"


class HearingVersion(Model):
    """One version of the hearing's document. Number 1 is the one sent on hearing; a later one
    is published by staff after it, with a note of what changed."""

    __tablename__ = "hearing_versions"
    __table_args__ = (
        UniqueConstraint("hearing_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(default=1)
    note: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    hearing: Mapped[Hearing] = relationship()


class HearingSection(Model):
    """A numbered section of one version of the document: a heading and Markdown, with its
    sanitised HTML."""

    __tablename__ = "hearing_sections"
    __table_args__ = (
        UniqueConstraint("version_id", "number"),
        SECTION_HEADING.check("heading", "heading_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("hearing_versions.id", ondelete="CASCADE"))
    number: Mapped[int]
    heading: Mapped[str] = mapped_column(String(SECTION_HEADING.max))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")

    version: Mapped[HearingVersion] = relationship()


class HearingAttachment(Model):
    """A PDF attached to the hearing."""

    __tablename__ = "hearing_attachments"

    hearing_id: Mapped[int] = mapped_column(
        ForeignKey("hearings.id", ondelete="CASCADE"), primary_key=True
    )
    file_id: Mapped[int] = mapped_column(
        ForeignKey("stored_files.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    file: Mapped[StoredFile] = relationship()


class SenderKind(enum.Enum):
    """Who gave a statement; the merknadsbehandling groups by it in this order."""

    council = "council"  # a statutory council (kommuneloven § 5-12)
    organisation = "organisation"
    resident = "resident"

    @property
    def label(self) -> str:
        return str(SENDER_KIND_LABELS[self])


SENDER_KIND_LABELS = {
    SenderKind.council: _l("Lovpålagt råd"),
    SenderKind.organisation: _l("Organisasjon"),
    SenderKind.resident: _l("Innbygger"),
}


class Consultee(Model):
    """A høringsinstans the municipality keeps on its list: an organisation or one of its
    statutory councils (eldreråd, råd for personer med funksjonsnedsettelse, ungdomsråd), with
    the address the hearing letter goes to."""

    __tablename__ = "consultees"
    __table_args__ = (
        UniqueConstraint("municipality_id", "name"),
        CONSULTEE_NAME.check("name", "name_length"),
        CheckConstraint("kind <> 'resident'", name="not_a_resident"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(CONSULTEE_NAME.max))
    kind: Mapped[SenderKind] = mapped_column(enum_column(SenderKind, "sender_kind"))
    email: Mapped[str] = mapped_column(String(EMAIL.max))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    municipality: Mapped[Municipality] = relationship()


class HearingConsultee(Model):
    """A consultee is on this hearing's list; `letter_sent_at` says when its letter went out."""

    __tablename__ = "hearing_consultees"

    hearing_id: Mapped[int] = mapped_column(
        ForeignKey("hearings.id", ondelete="CASCADE"), primary_key=True
    )
    consultee_id: Mapped[int] = mapped_column(
        ForeignKey("consultees.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    letter_sent_at: Mapped[datetime | None]

    consultee: Mapped[Consultee] = relationship()


class Assessment(enum.Enum):
    """The municipality's assessment of a statement in the merknadsbehandling."""

    adopted = "adopted"  # tatt til følge
    partly = "partly"  # delvis tatt til følge
    not_adopted = "not_adopted"  # ikke tatt til følge
    noted = "noted"  # til orientering

    @property
    def label(self) -> str:
        return str(ASSESSMENT_LABELS[self])


ASSESSMENT_LABELS = {
    Assessment.adopted: _l("Tatt til følge"),
    Assessment.partly: _l("Delvis tatt til følge"),
    Assessment.not_adopted: _l("Ikke tatt til følge"),
    Assessment.noted: _l("Til orientering"),
}


class StatementChannel(enum.Enum):
    web = "web"  # given on the hearing page
    registered = "registered"  # came by letter or e-mail; registered by staff


class Statement(Model):
    """A høringsuttalelse on the whole document (`section_id` NULL) or on one section.

    A resident gives it signed in, shown under `sender_name` or anonymously (`sender_name`
    NULL); an organisation or a council always under its name. Public once moderated, like an
    input (`visibility`). `late`: received after the deadline (accepted, and marked).
    """

    __tablename__ = "statements"
    __table_args__ = (
        STATEMENT_BODY.check("body", "body_length"),
        CheckConstraint(
            "sender_kind = 'resident' OR sender_name IS NOT NULL", name="organisation_named"
        ),
        CheckConstraint("(assessment IS NULL) = (assessed_at IS NULL)", name="assessment_has_time"),
        Index("ix_statements_hearing_section", "hearing_id", "section_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id", ondelete="CASCADE"))
    section_id: Mapped[int | None] = mapped_column(
        ForeignKey("hearing_sections.id", ondelete="SET NULL")
    )
    sender_kind: Mapped[SenderKind] = mapped_column(enum_column(SenderKind, "sender_kind"))
    # The public name: an organisation's or council's, or a resident's chosen name; NULL shows
    # the resident as anonymous.
    sender_name: Mapped[str | None] = mapped_column(String(SENDER_NAME.max))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    consultee_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultees.id", ondelete="SET NULL")
    )
    # Where the answer goes for a statement without an account (a letter's e-mail address).
    # Never public.
    contact_email: Mapped[str | None] = mapped_column(String(EMAIL.max))
    body: Mapped[str] = mapped_column(Text)
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id", ondelete="SET NULL"))
    channel: Mapped[StatementChannel] = mapped_column(
        enum_column(StatementChannel, "statement_channel"), default=StatementChannel.web
    )
    received_on: Mapped[date]
    late: Mapped[bool] = mapped_column(default=False)
    registered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    visibility: Mapped[Visibility] = mapped_column(
        enum_column(Visibility, "visibility"), default=Visibility.published
    )
    hidden_reason: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The merknadsbehandling: staff's summary, assessment and reason. Public once assessed.
    summary: Mapped[str] = mapped_column(Text, default="")
    assessment: Mapped[Assessment | None] = mapped_column(enum_column(Assessment, "assessment"))
    reason: Mapped[str] = mapped_column(Text, default="")
    assessed_at: Mapped[datetime | None]
    assessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    hearing: Mapped[Hearing] = relationship()
    section: Mapped[HearingSection | None] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    consultee: Mapped[Consultee | None] = relationship()
    file: Mapped[StoredFile | None] = relationship()

    @property
    def is_public(self) -> bool:
        return self.visibility is Visibility.published

    def __repr__(self) -> str:
        return f"<Statement {self.id} {self.sender_kind.value}>"
