"""The generic part of "download my data" and "delete my account".

Both walk db.metadata for every column with a foreign key to users.id, so a feature's new table
is covered the day it lands. The rules, by what the column's owner declared:

- export: every row that points at the person, every column except secrets (names containing
  password, secret, token or hash);
- erase, ON DELETE CASCADE: the row belongs to the person (membership, profile, follow,
  notification, opt-out, ended session) and is deleted;
- erase, ON DELETE SET NULL or no action: the row is a contribution and stays, linked to the
  pseudonymised account ("Slettet bruker"); personal columns in it (e-mail, address, phone, IP)
  are set NULL, and a row that requires one (a queued e-mail to the person) is deleted; with
  "remove my contributions too" the link itself is cut (set NULL);
- tables in ANONYMOUS_COUNT_TABLES (supports) are always unlinked: they survive as counts only;
- tables in ACCOUNTABILITY_TABLES (audit, moderation and stage history, consent log) are left
  as they are: the platform must be able to show who did what.

Internal notes (idea_notes, answers/models.py) are staff's work on an input, not the input's:
- when the personal data of an input's sender goes (the sender's account is deleted, with or
  without "remove my contributions too", or a registered input's contact is erased), its notes
  stay, text and all, with their staff author; a note never named the sender, it hangs on the
  input, which stays blanked rather than deleted when it has notes (privacy/contributions.py);
- when a staff member's own account is deleted, their notes stay and author_id becomes NULL
  (UNLINKED_TABLES): a note is shown as by "a former employee".
"""

import enum
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Column, CursorResult, Table, delete, or_, select, update

from ..accounts.models import User
from ..extensions import db

SECRET_COLUMN = re.compile(r"password|secret|token|hash", re.IGNORECASE)
PERSONAL_COLUMN = re.compile(r"^(email|e_mail|to_address|address|phone|ip|ip_address)$")
ANONYMOUS_COUNT_TABLES: set[str] = {"votes"}
# Rows whose link to the person is always cut on erasure, while the row itself stays.
UNLINKED_TABLES: set[str] = {"idea_notes"}
ACCOUNTABILITY_TABLES: set[str] = {
    "audit_events",
    "moderation_actions",
    "stage_changes",
    "consent_records",
    "privacy_statements",
}


@dataclass(frozen=True)
class UserLink:
    table: Table
    column: Column
    ondelete: str


def user_links() -> list[UserLink]:
    """Every column in the schema that references users.id, with its ON DELETE rule."""
    users = db.metadata.tables["users"]
    links = []
    for table in db.metadata.sorted_tables:
        if table is users:
            continue
        for fk in sorted(table.foreign_keys, key=lambda f: f.parent.name):
            if fk.column.table is users and fk.column.name == "id":
                links.append(UserLink(table, fk.parent, (fk.ondelete or "NO ACTION").upper()))
    return links


def _links_by_table() -> dict[Table, list[UserLink]]:
    grouped: dict[Table, list[UserLink]] = defaultdict(list)
    for link in user_links():
        grouped[link.table].append(link)
    return grouped


def plain(value: Any) -> Any:
    """A JSON-friendly form of a column value."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return None
    return value


def public_columns(table: Table) -> list[Column]:
    return [c for c in table.columns if not SECRET_COLUMN.search(c.name)]


def export_rows(user: User) -> dict[str, list[dict[str, Any]]]:
    """Every row in every table that points at the person, secrets left out, by table name."""
    result: dict[str, list[dict[str, Any]]] = {}
    for table, links in _links_by_table().items():
        columns = public_columns(table)
        query = select(*columns).where(or_(*(link.column == user.id for link in links)))
        pk = list(table.primary_key.columns)
        if pk:
            query = query.order_by(*pk)
        rows = [
            {key: plain(value) for key, value in row.items()}
            for row in db.session.execute(query).mappings()
        ]
        if rows:
            result[table.name] = rows
    return result


def account_fields(user: User) -> dict[str, Any]:
    """The account row itself, secrets left out."""
    table = db.metadata.tables["users"]
    row = (
        db.session.execute(select(*public_columns(table)).where(table.c.id == user.id))
        .mappings()
        .one()
    )
    return {key: plain(value) for key, value in row.items()}


def erase_links(user: User, *, remove_contributions: bool) -> dict[str, int]:
    """Apply the erasure rules above to every table; returns affected rows per table."""
    affected: dict[str, int] = defaultdict(int)
    for table, links in _links_by_table().items():
        if table.name in ACCOUNTABILITY_TABLES:
            continue
        for link in links:
            column = link.column
            if link.ondelete == "CASCADE":
                result = cast(
                    CursorResult, db.session.execute(delete(table).where(column == user.id))
                )
                affected[table.name] += result.rowcount or 0
                continue
            if _exists_for_personal_data(table, column):
                result = cast(
                    CursorResult, db.session.execute(delete(table).where(column == user.id))
                )
                affected[table.name] += result.rowcount or 0
                continue
            _blank_personal_columns(table, column, user.id)
            unlink = (
                table.name in ANONYMOUS_COUNT_TABLES
                or table.name in UNLINKED_TABLES
                or remove_contributions
            )
            if unlink and column.nullable:
                result = cast(
                    CursorResult,
                    db.session.execute(
                        update(table).where(column == user.id).values({column.name: None})
                    ),
                )
                affected[table.name] += result.rowcount or 0
    return dict(affected)


def _personal_columns(table: Table, link: Column) -> list[Column]:
    return [c for c in table.columns if PERSONAL_COLUMN.match(c.name) and c is not link]


def _exists_for_personal_data(table: Table, link: Column) -> bool:
    """A required e-mail/address/phone column means the row is there for it (e.g. a queued
    e-mail to the person): such rows are deleted rather than kept half-blank."""
    return any(not c.nullable for c in _personal_columns(table, link))


def _blank_personal_columns(table: Table, link: Column, user_id: int) -> None:
    personal = _personal_columns(table, link)
    if personal:
        values = {c.name: None for c in personal}
        db.session.execute(update(table).where(link == user_id).values(values))
