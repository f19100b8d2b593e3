"""Helpers for the members tests: signing a client in, and the invitation link from the outbox
row exactly as the person would read it in the e-mail."""

import re

from sqlalchemy import select

from cocreate.accounts.models import User
from cocreate.audit.models import AuditEvent
from cocreate.extensions import db
from cocreate.notifications.models import OutboxMessage

LINK = re.compile(r"https?://\S+/invitasjon/(\S+)")


def login(client, user: User | None) -> None:
    """Sign the test client in as `user` without the log-in form (None stays anonymous)."""
    if user is None:
        return
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def mails_to(address: str) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.to_address == address)
            .order_by(OutboxMessage.id)
        )
    )


def last_mail_to(address: str) -> OutboxMessage:
    mails = mails_to(address)
    assert mails, f"no e-mail was queued for {address}"
    return mails[-1]


def invitation_link(address: str) -> str:
    """The absolute invitation link in the newest mail to the address."""
    match = LINK.search(last_mail_to(address).text)
    assert match, f"no invitation link in the mail to {address}"
    return match.group(0)


def invitation_path(address: str) -> str:
    return "/" + invitation_link(address).split("/", 3)[3]


def token_in(address: str) -> str:
    return invitation_link(address).rsplit("/", 1)[1]


def events(name: str) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.event == name).order_by(AuditEvent.id)
        )
    )
