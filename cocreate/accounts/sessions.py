"""Log-in sessions: started at log-in, checked on each request in one query, ended at log-out.

Flask-Login keeps a session id, "<user id>:<session token>:<key>:<started>:<r|s>", in the signed
session cookie and, with "remember me", in the remember cookie. It is valid while
- the person's session_token is unchanged (rotating it ends every session at once: log out
  everywhere, a new password, account erasure);
- it is younger than SESSION_LIFETIME, or REMEMBER_COOKIE_DURATION when remembered;
- its key is not in ended_sessions (log-out ends that one session: a copied cookie stops working).
Logging in writes nothing; a log-out writes one row, kept until the session would have expired.
"""

import functools
import hmac
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, g, has_request_context
from sqlalchemy import Select, and_, bindparam, delete, select
from sqlalchemy.orm import contains_eager
from sqlalchemy.sql.selectable import ScalarSelect

from ..audit.services import record_event
from ..database import utcnow
from ..extensions import db
from ..generation_cache import request_scope
from ..municipalities.models import Municipality
from ..page_generations import generation_column
from .models import (
    EndedSession,
    Membership,
    SessionKey,
    User,
    new_session_token,
    parse_session_id,
)
from .permissions import remember_memberships

# Figures about the signed-in person that other features show on every page (the header's
# unread count), read in the same statement as the log-in check: name -> a scalar subquery
# correlated to User.id.
_person_reads: dict[str, Callable[[], ScalarSelect[Any]]] = {}


def read_with_person(name: str, column: Callable[[], ScalarSelect[Any]]) -> None:
    """Read this figure with the person on each request (called at import time)."""
    _person_reads[name] = column
    _session_query.cache_clear()


def person_read(name: str, user: User) -> Any:
    """The figure read with the person for this request, or None (not read, or forgotten)."""
    if not has_request_context():
        return None
    return g.get("person_reads", {}).get((name, user.id))


def forget_person_read(name: str, user_id: int) -> None:
    """After a change to the figure within the request: the next ask reads it again."""
    if has_request_context():
        g.get("person_reads", {}).pop((name, user_id), None)


def start_session(user: User, *, remember: bool) -> str:
    """A new key for this log-in, never a reused one (no session fixation); the session id."""
    user.login_session = SessionKey.new(remember=remember)
    return user.get_id()


def lifetime(key: SessionKey) -> timedelta:
    config = current_app.config
    return config["REMEMBER_COOKIE_DURATION"] if key.remember else config["SESSION_LIFETIME"]


def _expires_at(key: SessionKey) -> datetime:
    return key.started_at + lifetime(key)


def user_for_session(session_id: str) -> User | None:
    """The active person this session id belongs to while the session is valid (one query)."""
    parsed = parse_session_id(session_id)
    if parsed is None:
        return None
    user_id, token, key = parsed
    if _expires_at(key) <= utcnow():
        return None
    parameters = {"user_id": user_id, "key_hash": key.key_hash}
    scope = request_scope() if has_request_context() else None
    if scope is not None:
        parameters["slug"] = scope
    rows = db.session.execute(_session_query(scope is not None), parameters).all()
    if not rows:
        return None
    user, ended_id = rows[0][0], rows[0][1]
    if ended_id is not None or not user.is_active:
        return None
    if not hmac.compare_digest(user.session_token.encode(), token.encode()):
        return None
    user.login_session = key
    remember_memberships(user.id, [row[2] for row in rows if row[2] is not None])
    if has_request_context():
        g.person_reads = {(name, user.id): rows[0][4 + n] for n, name in enumerate(_person_reads)}
        # The page generation of the request's scope, read in the same statement: what
        # generation_cache and shells.kept_page read first on every page.
        g.setdefault("page_generation", int(rows[0][3]))
    return user


@functools.cache
def _session_query(of_municipality: bool) -> Select[Any]:
    """The person, whether this session was ended, their memberships (a row each: every page
    asks for them, a support or comment for the suspension), the page generation of the
    request's scope (page_generations.current_generation) and the figures of _person_reads:
    one round trip. Built once per process (every signed-in request runs it), with bound
    parameters, after every feature has registered its figures (on the first request)."""
    ended = and_(EndedSession.user_id == User.id, EndedSession.key_hash == bindparam("key_hash"))
    extras = [column().label(name) for name, column in _person_reads.items()]
    return (
        select(User, EndedSession.id, Membership, generation_column(of_municipality), *extras)
        .outerjoin(EndedSession, ended)
        .outerjoin(Membership, Membership.user_id == User.id)
        .outerjoin(Municipality, Municipality.id == Membership.municipality_id)
        .where(User.id == bindparam("user_id"))
        .options(contains_eager(Membership.municipality))
    )


def end_session(user: User) -> None:
    """Log-out: this session's key is refused from now on, from either cookie."""
    key = user.login_session
    if key is None:
        return
    now = utcnow()
    # The person's rows of sessions that have expired anyway are no longer needed.
    db.session.execute(
        delete(EndedSession).where(EndedSession.user_id == user.id, EndedSession.expires_at <= now)
    )
    db.session.add(
        EndedSession(
            user_id=user.id, key_hash=key.key_hash, ended_at=now, expires_at=_expires_at(key)
        )
    )
    user.login_session = None
    db.session.flush()


def end_all_sessions(user: User) -> None:
    """Every session of the person stops working, on every device."""
    user.session_token = new_session_token()
    user.login_session = None
    # Ended keys carry the old token, which no longer matches anyway.
    db.session.execute(delete(EndedSession).where(EndedSession.user_id == user.id))
    db.session.flush()


def log_out_everywhere(user: User) -> None:
    """The person ends all their sessions, this one included."""
    end_all_sessions(user)
    record_event("auth.logged_out_everywhere", actor=user, subject=user)
