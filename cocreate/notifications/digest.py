"""The daily digest: a person who chose it gets one e-mail a day with the news that waited.

The sweep (worker.py) calls send_digests() every few minutes. Once the day's digest hour has
passed (DIGEST_HOUR, local time in DIGEST_TIMEZONE), each reader with waiting items gets one
outbox row holding all of them. The items are claimed with a conditional UPDATE in the same
transaction as that row: when two sweeps race, one claims them and the other rolls back, so no
item is mailed twice. A reader who already had today's digest waits for tomorrow's.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import cast
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import CursorResult, exists, func, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import aliased, selectinload

from ..accounts.models import User
from ..database import after_commit, commit, rollback, utcnow
from ..extensions import db
from .compose import Entry, compose, locale_of
from .jobs import wake_worker
from .kinds import IDEA_MOVED
from .models import DigestItem
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


def send_digests(now: datetime | None = None) -> DigestResult:
    """Write today's digest for every reader who has news waiting from before the digest hour."""
    now = now or utcnow()
    moment = last_digest_time(now)
    result = DigestResult()
    for user_id in _readers_due(moment):
        try:
            count = _digest_for(user_id, moment, now)
        except OperationalError as error:  # SQLite: another sweep holds the write lock
            rollback()
            log.warning("digest for user %s not written now: %s", user_id, error)
            continue
        if count:
            result.mailed += 1
            result.items += count
    return result


def _readers_due(moment: datetime) -> list[int]:
    mailed = aliased(DigestItem)
    already = exists().where(
        mailed.user_id == DigestItem.user_id,
        mailed.mailed_at.is_not(None),
        mailed.mailed_at >= moment,
    )
    query = (
        select(DigestItem.user_id)
        .where(DigestItem.mailed_at.is_(None), DigestItem.created_at < moment, ~already)
        .distinct()
        .order_by(DigestItem.user_id)
    )
    return list(db.session.scalars(query))


def _digest_for(user_id: int, moment: datetime, now: datetime) -> int:
    """One reader's digest, claimed and written in one transaction; returns its item count."""
    user = db.session.get(User, user_id)
    items = list(
        db.session.scalars(
            select(DigestItem)
            .where(
                DigestItem.user_id == user_id,
                DigestItem.mailed_at.is_(None),
                DigestItem.created_at < moment,
            )
            .options(selectinload(DigestItem.notification))
            .order_by(DigestItem.created_at, DigestItem.id)
        )
    )
    if user is None or not items:
        return 0
    if not (user.email and user.is_active and user.is_verified):  # nowhere to send them
        _claim(items, now, None)
        commit()
        return 0
    kind = items[0].kind if len({item.kind for item in items}) == 1 else IDEA_MOVED
    with force_locale(locale_of(user)):
        subject = ngettext(
            "Dagens nytt fra Samskap: %(num)d oppdatering",
            "Dagens nytt fra Samskap: %(num)d oppdateringer",
            len(items),
        )
        intro = _("Her er det som har skjedd med innspill du følger, siden forrige sammendrag.")
    entries = [
        Entry(heading=i.notification.subject, text=i.notification.text, path=i.notification.link)
        for i in items
    ]
    email = compose(user, kind=kind, entries=entries, intro=intro)
    message = outbox_message(user, kind=kind, subject=subject, email=email)
    db.session.add(message)
    db.session.flush()
    if _claim(items, now, message.id) != len(items):  # another sweep took (some of) them
        rollback()
        return 0
    after_commit("outbox", wake_worker)
    commit()
    return len(items)


def _claim(items: list[DigestItem], now: datetime, message_id: int | None) -> int:
    return cast(
        CursorResult,
        db.session.execute(
            update(DigestItem)
            .where(DigestItem.id.in_([i.id for i in items]), DigestItem.mailed_at.is_(None))
            .values(mailed_at=now, outbox_message_id=message_id)
            .execution_options(synchronize_session=False)
        ),
    ).rowcount


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
