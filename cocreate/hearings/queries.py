"""Reads of hearings, their document, files, consultees and statements."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..ideas.models import Visibility
from ..municipalities.models import Municipality
from ..pipeline.deadlines import today
from .models import (
    Consultee,
    Hearing,
    HearingAttachment,
    HearingConsultee,
    HearingSection,
    HearingVersion,
    Statement,
    StoredFile,
)


def hearings_of(municipality: Municipality, *, drafts: bool) -> list[Hearing]:
    """The municipality's hearings, newest deadline first; drafts only when asked (staff)."""
    query = select(Hearing).where(Hearing.municipality_id == municipality.id)
    if not drafts:
        query = query.where(Hearing.opened_at.is_not(None))
    return list(db.session.scalars(query.order_by(Hearing.deadline.desc(), Hearing.id.desc())))


@dataclass
class HearingLists:
    drafts: list[Hearing] = field(default_factory=list)
    open: list[Hearing] = field(default_factory=list)
    closed: list[Hearing] = field(default_factory=list)


def hearing_lists(municipality: Municipality, *, drafts: bool) -> HearingLists:
    """Drafts, open (deadline today or later) and closed hearings."""
    lists = HearingLists()
    day = today()
    for hearing in hearings_of(municipality, drafts=drafts):
        if not hearing.is_open:
            lists.drafts.append(hearing)
        elif hearing.deadline >= day:
            lists.open.append(hearing)
        else:
            lists.closed.append(hearing)
    lists.open.reverse()  # the nearest deadline first
    return lists


def current_version(hearing: Hearing) -> HearingVersion | None:
    """The version the page shows: the latest published one, or version 1 of a draft."""
    published = db.session.scalar(
        select(HearingVersion)
        .where(HearingVersion.hearing_id == hearing.id, HearingVersion.published_at.is_not(None))
        .order_by(HearingVersion.number.desc())
        .limit(1)
    )
    if published is not None:
        return published
    return db.session.scalar(
        select(HearingVersion)
        .where(HearingVersion.hearing_id == hearing.id)
        .order_by(HearingVersion.number)
        .limit(1)
    )


def sections_of(version: HearingVersion | None) -> list[HearingSection]:
    if version is None:
        return []
    return list(
        db.session.scalars(
            select(HearingSection)
            .where(HearingSection.version_id == version.id)
            .order_by(HearingSection.number)
        )
    )


def section_of_hearing(hearing: Hearing, section_id: int | None) -> HearingSection | None:
    """A section of one of the hearing's versions, or None."""
    if not section_id:
        return None
    return db.session.scalar(
        select(HearingSection)
        .join(HearingVersion, HearingVersion.id == HearingSection.version_id)
        .where(HearingSection.id == section_id, HearingVersion.hearing_id == hearing.id)
    )


def attachments_of(hearing: Hearing) -> list[StoredFile]:
    """The hearing's attachments (name and size; the bytes stay deferred)."""
    return list(
        db.session.scalars(
            select(StoredFile)
            .join(HearingAttachment, HearingAttachment.file_id == StoredFile.id)
            .where(HearingAttachment.hearing_id == hearing.id)
            .order_by(HearingAttachment.created_at, StoredFile.id)
        )
    )


def hearing_file(hearing: Hearing, file_id: int) -> tuple[StoredFile, Statement | None] | None:
    """A file of this hearing: an attachment, or a statement's PDF (with its statement)."""
    if db.session.get(HearingAttachment, (hearing.id, file_id)) is not None:
        stored = db.session.get(StoredFile, file_id)
        return (stored, None) if stored is not None else None
    statement = db.session.scalar(
        select(Statement).where(Statement.hearing_id == hearing.id, Statement.file_id == file_id)
    )
    if statement is None or statement.file is None:
        return None
    return statement.file, statement


def statements_query(hearing: Hearing, *, staff: bool, user_id: int | None) -> Select:
    """The statements a person may see: published and hidden ones (as placeholders) for all;
    pending ones for staff and their author."""
    query = select(Statement).where(Statement.hearing_id == hearing.id)
    if not staff:
        visible: ColumnElement[bool] = Statement.visibility.in_(
            [Visibility.published, Visibility.hidden]
        )
        if user_id is not None:
            visible = or_(visible, Statement.author_id == user_id)
        query = query.where(visible)
    return query.options(joinedload(Statement.file), joinedload(Statement.section)).order_by(
        Statement.received_on, Statement.id
    )


@dataclass
class StatementsBySection:
    """Statements on the whole document, and per section number (a section of an earlier
    version counts under the same number)."""

    whole: list[Statement] = field(default_factory=list)
    by_number: dict[int, list[Statement]] = field(default_factory=lambda: defaultdict(list))
    count: int = 0


def statements_by_section(
    hearing: Hearing, *, staff: bool, user_id: int | None
) -> StatementsBySection:
    result = StatementsBySection()
    for statement in db.session.scalars(statements_query(hearing, staff=staff, user_id=user_id)):
        result.count += 1
        if statement.section is None:
            result.whole.append(statement)
        else:
            result.by_number[statement.section.number].append(statement)
    return result


def consultees_of(municipality: Municipality | int) -> list[Consultee]:
    municipality_id = municipality if isinstance(municipality, int) else municipality.id
    return list(
        db.session.scalars(
            select(Consultee)
            .where(Consultee.municipality_id == municipality_id)
            .order_by(Consultee.kind, Consultee.name)
        )
    )


def hearing_consultees(hearing: Hearing) -> list[HearingConsultee]:
    return list(
        db.session.scalars(
            select(HearingConsultee)
            .join(Consultee, Consultee.id == HearingConsultee.consultee_id)
            .where(HearingConsultee.hearing_id == hearing.id)
            .options(joinedload(HearingConsultee.consultee))
            .order_by(Consultee.name)
        )
    )


def hearing_in(slug: str, hearing_id: int) -> Hearing | None:
    """The hearing with this id in the municipality with this slug."""
    return db.session.scalar(
        select(Hearing)
        .join(Municipality, Municipality.id == Hearing.municipality_id)
        .where(Hearing.id == hearing_id, Municipality.slug == slug)
        .options(joinedload(Hearing.municipality), joinedload(Hearing.challenge))
    )


def statement_in(slug: str, statement_id: int) -> Statement | None:
    return db.session.scalar(
        select(Statement)
        .join(Hearing, Hearing.id == Statement.hearing_id)
        .join(Municipality, Municipality.id == Hearing.municipality_id)
        .where(Statement.id == statement_id, Municipality.slug == slug)
    )


def summary_counts(hearing: Hearing) -> dict[str, Any]:
    """Published statements and late ones (for the list)."""
    rows = db.session.scalars(
        select(Statement.late).where(
            Statement.hearing_id == hearing.id, Statement.visibility == Visibility.published
        )
    ).all()
    return {"statements": len(rows), "late": sum(1 for late in rows if late)}
