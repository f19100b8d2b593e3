"""Log-in sessions: started at log-in, checked on each request in one query, ended at log-out.

Flask-Login keeps a session id, "<user id>:<session token>:<key>:<started>:<r|s>", in the signed
session cookie and, with "remember me", in the remember cookie. It is valid while
- the person's session_token is unchanged (rotating it ends every session at once: log out
  everywhere, a new password, account erasure);
- it is younger than SESSION_LIFETIME, or REMEMBER_COOKIE_DURATION when remembered;
- its key is not in ended_sessions (log-out ends that one session: a copied cookie stops working).
Logging in writes nothing; a log-out writes one row, kept until the session would have expired.
"""

import hmac
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, delete, select

from ..audit.services import record_event
from ..database import utcnow
from ..extensions import db
from .models import EndedSession, SessionKey, User, new_session_token, parse_session_id


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
    ended = and_(EndedSession.user_id == User.id, EndedSession.key_hash == key.key_hash)
    row = db.session.execute(
        select(User, EndedSession.id).outerjoin(EndedSession, ended).where(User.id == user_id)
    ).first()
    if row is None:
        return None
    user, ended_id = row
    if ended_id is not None or not user.is_active:
        return None
    if not hmac.compare_digest(user.session_token.encode(), token.encode()):
        return None
    user.login_session = key
    return user


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
