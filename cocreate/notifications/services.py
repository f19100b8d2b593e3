"""notify() and the other state changes for notifications. Services flush; routes commit.

notify() is the public API for every feature: it writes the in-app notification and, when the
person accepts e-mail of that kind, an outbox row in the caller's transaction, so the e-mail is
sent if and only if the caller's change is committed.

one_email_per_person() holds those e-mails while one action tells many people of many things
(a bulk answer): at its end each person gets one e-mail listing everything that concerned them.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import cast

from flask_babel import force_locale
from sqlalchemy import CursorResult, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.selectable import ScalarSelect

from ..accounts.models import User
from ..accounts.sessions import forget_person_read, person_read, read_with_person
from ..database import after_commit, utcnow
from ..extensions import db
from .compose import Email, Entry, compose, default_locale, locale_of, locale_of_default
from .jobs import wake_worker
from .kinds import can_wait_for_digest
from .links import site_path
from .models import (
    Delivery,
    DigestItem,
    EmailOptOut,
    EmailSetting,
    Notification,
    OutboxMessage,
)


@dataclass(frozen=True)
class Group:
    """What a digest lists a piece of news under: a challenge's title and site path."""

    title: str
    path: str


def notify(
    user: User,
    *,
    kind: str,
    subject: str,
    text: str,
    link: str,
    email: bool = True,
    group: Group | None = None,
) -> Notification:
    """Tell one person in the app, and by e-mail unless they opted out of this kind."""
    return notify_many(
        [user], kind=kind, subject=subject, text=text, link=link, email=email, group=group
    )[0]


def notify_many(
    users: Iterable[User],
    *,
    kind: str,
    subject: str,
    text: str,
    link: str,
    email: bool = True,
    group: Group | None = None,
) -> list[Notification]:
    """notify() for many people at once (each person once), with one query for opt-outs. Those
    who chose a daily digest get news of a digest kind there instead of in an e-mail of its own,
    listed under `group` (a challenge)."""
    unique = list({user.id: user for user in users}.values())
    if not unique:
        return []
    # A subject is one line (it becomes an e-mail header); user text in it must not break that.
    subject = " ".join(subject.split())[:200]
    path = site_path(link) or link
    ids = {user.id for user in unique}
    opted_out = _opted_out(ids, kind) if email else set()
    digest_readers = daily_readers(ids) if email and can_wait_for_digest(kind) else set()
    notifications = []
    for user in unique:
        notification = Notification(
            user_id=user.id, kind=kind, subject=subject[:200], text=text, link=path[:500]
        )
        db.session.add(notification)
        notifications.append(notification)
        forget_person_read(UNREAD, user.id)
        if not email or user.id in opted_out or not _can_email(user):
            continue
        if user.id in digest_readers:
            db.session.add(
                DigestItem(
                    user_id=user.id,
                    notification=notification,
                    kind=kind,
                    group_title=group.title[:200] if group else None,
                    group_path=(site_path(group.path) or group.path)[:500] if group else None,
                )
            )
            continue
        batch = _batch.get()
        if batch is not None:
            batch.hold(user, kind=kind, subject=subject, text=text, path=path)
            continue
        db.session.add(_outbox_row(user, kind=kind, subject=subject, text=text, path=path))
        # Once committed, the worker is woken to send it (never for a rolled-back row).
        after_commit("outbox", wake_worker)
    db.session.flush()
    return notifications


@dataclass
class _Batch:
    """The e-mails held per person: their kind, one entry per notification, and the language
    of e-mails to people who chose none where each was worded (a municipality's målform)."""

    people: dict[int, tuple[User, str, list[tuple[str, Entry]]]] = field(default_factory=dict)
    defaults: dict[int, set[str]] = field(default_factory=dict)

    def hold(self, user: User, *, kind: str, subject: str, text: str, path: str) -> None:
        held = self.people.setdefault(user.id, (user, kind, []))
        held[2].append((subject, Entry(heading=subject, text=text, path=path)))
        self.defaults.setdefault(user.id, set()).add(locale_of_default())

    def default_of(self, user_id: int) -> str | None:
        """The one default the person's news was worded under; news of several municipalities
        of different målform: the site's."""
        defaults = self.defaults.get(user_id, set())
        return next(iter(defaults)) if len(defaults) == 1 else None


_batch: ContextVar[_Batch | None] = ContextVar("cocreate_email_batch", default=None)


@contextmanager
def one_email_per_person(
    subject: Callable[[int], str], intro: Callable[[int], str]
) -> Iterator[None]:
    """Inside, notify_many() holds the e-mails; at the end each person gets one e-mail with all
    their news (`subject(n)` and `intro(n)` are worded in their language for n pieces of news).
    A person with one piece of news gets the ordinary e-mail. If the block raises, nothing is
    written (the caller rolls back). In-app notifications stay one per piece of news."""
    if _batch.get() is not None:  # already collecting: the outer block sends
        yield
        return
    batch = _Batch()
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
    for user, kind, held in batch.people.values():
        with default_locale(batch.default_of(user.id)):
            if len(held) == 1:
                [(one_subject, entry)] = held
                row = _outbox_row(
                    user, kind=kind, subject=one_subject, text=entry.text, path=entry.path
                )
            else:
                with force_locale(locale_of(user)):
                    title, opening = subject(len(held)), intro(len(held))
                email = compose(user, kind=kind, entries=[e for _s, e in held], intro=opening)
                row = outbox_message(user, kind=kind, subject=" ".join(title.split()), email=email)
        db.session.add(row)
        after_commit("outbox", wake_worker)
    db.session.flush()


def _can_email(user: User) -> bool:
    return bool(user.email) and user.is_active and user.is_verified


def _opted_out(user_ids: set[int], kind: str) -> set[int]:
    return set(
        db.session.scalars(
            select(EmailOptOut.user_id).where(
                EmailOptOut.kind == kind, EmailOptOut.user_id.in_(user_ids)
            )
        )
    )


def daily_readers(user_ids: set[int]) -> set[int]:
    """Those of the people who chose the daily digest."""
    return set(
        db.session.scalars(
            select(EmailSetting.user_id).where(
                EmailSetting.user_id.in_(user_ids), EmailSetting.delivery == Delivery.daily
            )
        )
    )


def _outbox_row(user: User, *, kind: str, subject: str, text: str, path: str) -> OutboxMessage:
    email = compose(user, kind=kind, entries=[Entry(text=text, path=path)])
    return outbox_message(user, kind=kind, subject=subject, email=email)


def outbox_message(user: User, *, kind: str, subject: str, email: Email) -> OutboxMessage:
    return OutboxMessage(
        user_id=user.id,
        kind=kind,
        to_address=user.email,
        subject=subject[:200],
        text=email.text,
        html=email.html,
        headers=email.headers,
        next_attempt_at=utcnow(),
    )


def delivery_of(user: User) -> Delivery:
    setting = db.session.scalar(select(EmailSetting).where(EmailSetting.user_id == user.id))
    return setting.delivery if setting is not None else Delivery.immediate


def set_delivery(user: User, delivery: Delivery) -> None:
    """Choose immediate e-mail or a daily digest of the news on inputs the person follows."""
    setting = db.session.scalar(select(EmailSetting).where(EmailSetting.user_id == user.id))
    if setting is None:
        try:
            with db.session.begin_nested():
                db.session.add(EmailSetting(user_id=user.id, delivery=delivery))
            return
        except IntegrityError:  # a second click got there first
            setting = db.session.scalar(select(EmailSetting).where(EmailSetting.user_id == user.id))
    if setting is not None and setting.delivery is not delivery:
        setting.delivery = delivery
        db.session.flush()


def unread_count(user: User) -> int:
    """The header's figure: read with the person at the request's log-in check when it can be."""
    kept = person_read(UNREAD, user)
    if kept is not None:
        return int(kept)
    return (
        db.session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == user.id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


UNREAD = "unread_notifications"


def _unread_of_person() -> ScalarSelect[int]:
    return (
        select(func.count(Notification.id))
        .where(Notification.user_id == User.id, Notification.read_at.is_(None))
        .scalar_subquery()
    )


read_with_person(UNREAD, _unread_of_person)


def mark_read(notification: Notification) -> None:
    """Mark one notification read (idempotent)."""
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()
        forget_person_read(UNREAD, notification.user_id)


def mark_all_read(user: User) -> int:
    """Mark all of the person's unread notifications read; returns how many."""
    forget_person_read(UNREAD, user.id)
    return cast(
        CursorResult,
        db.session.execute(
            update(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
            .values(read_at=utcnow())
            .execution_options(synchronize_session=False)
        ),
    ).rowcount


def email_opt_outs(user: User) -> set[str]:
    return set(db.session.scalars(select(EmailOptOut.kind).where(EmailOptOut.user_id == user.id)))


def set_email_preferences(user: User, wanted: dict[str, bool]) -> None:
    """Switch e-mail of each given kind on (True) or off (False) for the person."""
    current = email_opt_outs(user)
    for kind, on in wanted.items():
        if on and kind in current:
            db.session.execute(
                delete(EmailOptOut).where(EmailOptOut.user_id == user.id, EmailOptOut.kind == kind)
            )
        elif not on and kind not in current:
            try:
                with db.session.begin_nested():
                    db.session.add(EmailOptOut(user_id=user.id, kind=kind))
            except IntegrityError:  # a second click got there first; the result is the same
                pass
    db.session.flush()


def unsubscribe(user: User, kind: str) -> None:
    """Stop e-mail of this kind (from an e-mail's link; idempotent)."""
    set_email_preferences(user, {kind: False})
