"""The daily digest: a person who chose it gets one e-mail a day with the news that waited.

The sweep (worker.py) calls send_digests() every few minutes. Once the day's digest hour has
passed (DIGEST_HOUR, local time in DIGEST_TIMEZONE), each reader with waiting items gets one
outbox row holding all of them, grouped by challenge and input, the newest first. Readers are
taken BATCH at a time (a fixed number of queries and bounded memory per batch, whatever the
number of readers); a batch's items are claimed with one conditional UPDATE in the same
transaction as its outbox rows: when two sweeps race, one claims them and the other rolls back,
so no item is mailed twice. A reader who already had today's digest waits for tomorrow's. No
digest is written without news in it.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import cast
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import CursorResult, case, exists, func, insert, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import aliased, joinedload

from ..accounts.models import User
from ..database import after_commit, commit, rollback, utcnow
from ..extensions import db
from .compose import Entry, compose, locale_of
from .jobs import wake_worker
from .kinds import IDEA_MOVED
from .models import DigestItem, OutboxMessage
from .services import outbox_message

log = logging.getLogger("cocreate.outbox")
DEFAULT_DIGEST_HOUR = 7


@dataclass
class DigestResult:
    mailed: int = 0  # digests written to the outbox
    items: int = 0  # notifications in them


def last_digest_time(now: datetime) -> datetime:
    """The latest digest moment at or before `now`: today's or yesterday's DIGEST_HOUR, local."""
    config = current_app.config
    zone = ZoneInfo(config.get("DIGEST_TIMEZONE") or config["BABEL_DEFAULT_TIMEZONE"])
    local = now.astimezone(zone)
    moment = local.replace(
        hour=int(config.get("DIGEST_HOUR", DEFAULT_DIGEST_HOUR)), minute=0, second=0, microsecond=0
    )
    if moment > local:
        moment = (local - timedelta(days=1)).replace(
            hour=moment.hour, minute=0, second=0, microsecond=0
        )
    return moment.astimezone(UTC)


BATCH = 500  # readers per transaction: memory and queries stay bounded by this, not by readers


def send_digests(now: datetime | None = None) -> DigestResult:
    """Write today's digest for every reader who has news waiting from before the digest hour,
    BATCH readers at a time: a fixed number of queries and one commit per batch."""
    now = now or utcnow()
    moment = last_digest_time(now)
    result = DigestResult()
    after = 0
    while user_ids := _readers_due(moment, after):
        after = user_ids[-1]
        try:
            mailed, items = _digests_for(user_ids, moment, now)
        except OperationalError as error:  # SQLite: another sweep holds the write lock
            rollback()
            log.warning("digests for users %s-%s not written now: %s", user_ids[0], after, error)
            continue
        result.mailed += mailed
        result.items += items
    return result


def _readers_due(moment: datetime, after: int) -> list[int]:
    """The next BATCH readers (by id, after `after`) with news waiting and no digest yet today."""
    mailed = aliased(DigestItem)
    already = exists().where(
        mailed.user_id == DigestItem.user_id,
        mailed.mailed_at.is_not(None),
        mailed.mailed_at >= moment,
    )
    query = (
        select(DigestItem.user_id)
        .where(
            DigestItem.mailed_at.is_(None),
            DigestItem.created_at < moment,
            DigestItem.user_id > after,
            ~already,
        )
        .distinct()
        .order_by(DigestItem.user_id)
        .limit(BATCH)
    )
    return list(db.session.scalars(query))


def _digests_for(user_ids: list[int], moment: datetime, now: datetime) -> tuple[int, int]:
    """A batch of readers' digests, claimed and written in one transaction: (digests, items).
    When another sweep took some of the items first, nothing of the batch is kept."""
    users = {
        user.id: user for user in db.session.scalars(select(User).where(User.id.in_(user_ids)))
    }
    waiting: dict[int, list[DigestItem]] = {}
    for item in db.session.scalars(
        select(DigestItem)
        .where(
            DigestItem.user_id.in_(user_ids),
            DigestItem.mailed_at.is_(None),
            DigestItem.created_at < moment,
        )
        .options(joinedload(DigestItem.notification))
    ).unique():
        waiting.setdefault(item.user_id, []).append(item)
    rows, counted = [], 0
    for user_id, items in waiting.items():
        user = users.get(user_id)
        counted += len(items)
        if user is None or not (user.email and user.is_active and user.is_verified):
            continue  # nowhere to send them: claimed without a message
        kind = items[0].kind if len({item.kind for item in items}) == 1 else IDEA_MOVED
        rows.append(_digest_row(user, kind, items))
    ids: dict[int, int] = {}
    if rows:
        inserted = db.session.execute(
            insert(OutboxMessage).returning(OutboxMessage.user_id, OutboxMessage.id), rows
        )
        ids = {row.user_id: row.id for row in inserted}
    message_id = case(ids, value=DigestItem.user_id, else_=None) if ids else None
    claimed = cast(
        CursorResult,
        db.session.execute(
            update(DigestItem)
            .where(
                DigestItem.user_id.in_(user_ids),
                DigestItem.mailed_at.is_(None),
                DigestItem.created_at < moment,
            )
            .values(mailed_at=now, outbox_message_id=message_id)
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    if claimed != counted:  # another sweep took (some of) them: it writes those digests
        rollback()
        return 0, 0
    if ids:
        after_commit("outbox", wake_worker)
    commit()
    return len(ids), sum(len(waiting[user_id]) for user_id in ids)


def _digest_row(user: User, kind: str, items: list[DigestItem]) -> dict:
    """One reader's digest as an outbox row: news grouped by challenge, then by input, the
    newest first at each level."""
    with force_locale(locale_of(user)):
        subject = ngettext(
            "Dagens nytt fra Samskap: %(num)d oppdatering",
            "Dagens nytt fra Samskap: %(num)d oppdateringer",
            len(items),
        )
        intro = _("Her er det som har skjedd med det du følger, siden forrige sammendrag.")
        other = _("Annet")
    newest = sorted(items, key=lambda i: (i.created_at, i.id), reverse=True)
    entries = [
        Entry(
            heading=i.notification.subject,
            text=i.notification.text,
            path=i.notification.link,
            section=i.group_title or other,
            section_path=i.group_path or "",
        )
        for i in newest
    ]
    email = compose(user, kind=kind, entries=entries, intro=intro)
    message = outbox_message(user, kind=kind, subject=subject, email=email)
    return {
        "user_id": message.user_id,
        "kind": message.kind,
        "to_address": message.to_address,
        "subject": message.subject,
        "text": message.text,
        "html": message.html,
        "headers": message.headers,
        "created_at": message.next_attempt_at,
        "attempts": 0,
        "next_attempt_at": message.next_attempt_at,
    }


def waiting_items(user: User) -> int:
    """How many notifications wait for the person's next digest."""
    return (
        db.session.scalar(
            select(func.count(DigestItem.id)).where(
                DigestItem.user_id == user.id, DigestItem.mailed_at.is_(None)
            )
        )
        or 0
    )
