"""Delivering the outbox: retries with exponential backoff, each message sent at most once.

A sender takes one due message at a time. On PostgreSQL the row is locked with
SELECT ... FOR UPDATE SKIP LOCKED until the result is committed, so parallel senders skip it.
SQLite has no row locks: the sender claims the row with a conditional UPDATE that pushes
next_attempt_at past a lease, and only the sender whose UPDATE matched sends it.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from flask import current_app
from sqlalchemy import CursorResult, select, update

from ..database import commit, is_postgres, utcnow
from ..extensions import db
from ..mail import Attachment, Mail, MailError, send_mail
from .models import OutboxMessage

log = logging.getLogger("cocreate.outbox")

DEFAULT_MAX_ATTEMPTS = 8
DEFAULT_BACKOFF_SECONDS = 60  # 1 min, 2, 4, 8 … capped below
DEFAULT_BACKOFF_MAX_SECONDS = 6 * 3600
DEFAULT_LEASE_SECONDS = 600  # SQLite: how long a claimed row is left alone by other senders


class UnfoldedHeader(str):
    """A header value kept on one line. The e-mail policy would otherwise turn a long URL (no
    spaces to fold at) into RFC 2047 encoded words, which breaks List-Unsubscribe in mail
    clients; one line of up to 998 characters is valid (RFC 5322 §2.1.1)."""

    name: str

    def __new__(cls, name: str, value: str) -> "UnfoldedHeader":
        header = super().__new__(cls, value.replace("\r", "").replace("\n", ""))
        header.name = name
        return header

    def fold(self, *, policy) -> str:
        return f"{self.name}: {self}{policy.linesep}"


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0  # attempts that failed (the message will be retried or was given up)
    given_up: int = 0


def backoff(attempts: int) -> timedelta:
    """Wait before the next attempt after `attempts` failures: base · 2^(attempts−1), capped."""
    config = current_app.config
    base = config.get("OUTBOX_BACKOFF_SECONDS", DEFAULT_BACKOFF_SECONDS)
    cap = config.get("OUTBOX_BACKOFF_MAX_SECONDS", DEFAULT_BACKOFF_MAX_SECONDS)
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), cap))


def _due(now: datetime):
    return (
        select(OutboxMessage)
        .where(
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.failed_at.is_(None),
            OutboxMessage.next_attempt_at <= now,
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(1)
    )


def _claim_next(now: datetime) -> OutboxMessage | None:
    """The next due message, held by this sender only (see the module docstring)."""
    if is_postgres(db.engine):
        return db.session.scalar(_due(now).with_for_update(skip_locked=True))
    while True:
        message = db.session.scalar(_due(now))
        if message is None:
            return None
        lease = timedelta(seconds=current_app.config.get("OUTBOX_LEASE_SECONDS", 600))
        claimed = cast(
            CursorResult,
            db.session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.id == message.id,
                    OutboxMessage.sent_at.is_(None),
                    OutboxMessage.next_attempt_at == message.next_attempt_at,
                )
                .values(next_attempt_at=utcnow() + lease)
                .execution_options(synchronize_session=False)
            ),
        ).rowcount
        commit()
        if claimed:
            db.session.refresh(message)
            return message


def send_pending(*, limit: int = 500, now: datetime | None = None) -> SendResult:
    """Send due messages (at most `limit`), committing after each; `now` moves the clock."""
    result = SendResult()
    max_attempts = current_app.config.get("OUTBOX_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS)
    for _ in range(limit):
        message = _claim_next(now or utcnow())
        if message is None:
            break
        mail = Mail(
            to=message.to_address,
            subject=message.subject,
            text=message.text,
            html=message.html,
            headers={k: UnfoldedHeader(k, v) for k, v in (message.headers or {}).items()},
            attachments=[Attachment.from_json(a) for a in message.attachments or []],
        )
        message.attempts += 1
        if not message.to_address:  # nowhere to send it (the address was erased)
            message.failed_at = utcnow()
            message.last_error = "no address"
            result.given_up += 1
            commit()
            continue
        try:
            send_mail(mail)
        except MailError as error:
            result.failed += 1
            message.last_error = str(error)[:2000]
            if message.attempts >= max_attempts:
                message.failed_at = utcnow()
                result.given_up += 1
                log.error("outbox message %s given up: %s", message.id, error)
            else:
                message.next_attempt_at = (now or utcnow()) + backoff(message.attempts)
                log.warning("outbox message %s failed, retry later: %s", message.id, error)
        else:
            message.sent_at = utcnow()
            message.last_error = None
            result.sent += 1
        commit()
    return result


def retry_now() -> int:
    """Make every waiting message due now (after a mail outage is over); returns how many."""
    return cast(
        CursorResult,
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None))
            .values(next_attempt_at=utcnow())
            .execution_options(synchronize_session=False)
        ),
    ).rowcount


def next_due_at() -> datetime | None:
    return db.session.scalar(
        select(OutboxMessage.next_attempt_at)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None))
        .order_by(OutboxMessage.next_attempt_at)
        .limit(1)
    )
