"""Inactive accounts: warned by e-mail after INACTIVE_ACCOUNT_DAYS without activity, deleted if
still inactive WARNING_DAYS after the warning. Staff accounts (facilitator or admin anywhere)
are left to their municipality, which removes them when the person leaves.
"""

import logging
from datetime import datetime, timedelta
from typing import cast

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import CursorResult, delete, exists, func, select

from ..accounts.models import Membership, User
from ..accounts.permissions import STAFF_ROLES
from ..audit.services import record_event
from ..database import commit, rollback, utcnow
from ..extensions import db
from ..mail import Mail, MailError, send_mail
from .models import InactivityWarning
from .services import delete_account

log = logging.getLogger("cocreate.privacy")


def last_activity():
    return func.coalesce(User.last_seen_at, User.created_at)


def _candidates():
    staff = exists().where(Membership.user_id == User.id, Membership.role.in_(STAFF_ROLES))
    return select(User).where(User.deleted_at.is_(None), ~staff)


def forget_stale_warnings() -> int:
    """Warnings to people who have been active since are void."""
    stale = (
        select(InactivityWarning.id)
        .join(User, User.id == InactivityWarning.user_id)
        .where(last_activity() > InactivityWarning.warned_at)
    )
    result = db.session.execute(delete(InactivityWarning).where(InactivityWarning.id.in_(stale)))
    return cast(CursorResult, result).rowcount or 0


def accounts_to_warn(now: datetime) -> list[User]:
    """Inactive for INACTIVE_ACCOUNT_DAYS and not yet warned."""
    cutoff = now - timedelta(days=current_app.config["INACTIVE_ACCOUNT_DAYS"])
    warned = exists().where(InactivityWarning.user_id == User.id)
    query = _candidates().where(last_activity() < cutoff, ~warned, User.email.is_not(None))
    return list(db.session.scalars(query.order_by(User.id)))


def accounts_to_delete(now: datetime) -> list[User]:
    """Warned at least WARNING_DAYS ago and not active since the warning."""
    cutoff = now - timedelta(days=current_app.config["WARNING_DAYS"])
    query = (
        _candidates()
        .join(InactivityWarning, InactivityWarning.user_id == User.id)
        .where(InactivityWarning.warned_at <= cutoff, last_activity() < InactivityWarning.warned_at)
    )
    return list(db.session.scalars(query.order_by(User.id)))


def warn_account(user: User, now: datetime) -> bool:
    """E-mail the warning and remember it; False (and nothing saved) if the mail failed."""
    deadline = now + timedelta(days=current_app.config["WARNING_DAYS"])
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        mail = Mail(
            to=user.email or "",
            subject=_("Kontoen din i Samskap blir slettet"),
            text=render_template(
                "privacy/mail/inactive_warning.txt",
                user=user,
                deadline=deadline,
                login_link=_link("accounts.login"),
                export_link=_link("privacy.overview"),
            ),
        )
    try:
        send_mail(mail)
    except MailError as error:
        log.warning("inactivity warning not sent: %s", error, extra={"user_id": user.id})
        return False
    db.session.add(InactivityWarning(user_id=user.id, warned_at=now))
    record_event("account.inactivity_warned", subject=user)
    db.session.flush()
    return True


def _link(endpoint: str) -> str:
    """An absolute link for an e-mail sent from the CLI, where there is no request."""
    path = current_app.url_map.bind("localhost").build(endpoint)
    return current_app.config["BASE_URL"].rstrip("/") + path


def purge_inactive(now: datetime | None = None, *, dry_run: bool = False) -> tuple[int, int]:
    """Step 1: delete accounts warned long enough ago; step 2: warn newly inactive ones.

    Commits after each account, so a crash half-way never sends a warning twice.
    Returns (deleted, warned).
    """
    now = now or utcnow()
    forget_stale_warnings()
    commit()
    to_delete, to_warn = accounts_to_delete(now), accounts_to_warn(now)
    if dry_run:
        return len(to_delete), len(to_warn)
    deleted = warned = 0
    for user in to_delete:
        delete_account(user, remove_contributions=False, actor=None, reason="inactive")
        commit()
        deleted += 1
    for user in to_warn:
        if warn_account(user, now):
            commit()
            warned += 1
        else:
            rollback()
    return deleted, warned
