"""State changes for accounts. Services flush; the route commits."""

import hashlib
from typing import Any

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ..audit.services import record_event
from ..database import utcnow
from ..extensions import db
from ..mail import Mail, send_mail
from ..municipalities.models import Municipality
from ..page_generations import site_changed
from ..refusals import Refusal
from .models import DISPLAY_NAME, EMAIL, Membership, Role, User
from .passwords import hash_password, needs_rehash, verify_password
from .sessions import end_all_sessions
from .tokens import make_token, read_token


class AccountError(Refusal):
    """A rule about accounts was broken; the message is shown to the user."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def checked_name(display_name: str) -> str:
    """The name as shown, or AccountError when it is empty or too long."""
    name = (display_name or "").strip()
    if not name:
        raise AccountError(_("Skriv inn navnet ditt."))
    return DISPLAY_NAME.enforce(name, AccountError)


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(
    email: str,
    display_name: str,
    password: str,
    *,
    verified: bool = False,
    locale: str | None = None,
    password_hash: str | None = None,
) -> User:
    """Create an account; the e-mail must be unused (staff and demo accounts, tests).

    `password_hash`, a hash of `password` made once, spares hashing it again for each of many
    accounts that share one password (the demo's: Argon2 takes half a second by design)."""
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise AccountError(_("Det finnes allerede en konto med denne e-postadressen."))
    return _new_user(
        email, display_name, password, verified=verified, locale=locale, hashed=password_hash
    )


def _new_user(
    email: str,
    display_name: str,
    password: str,
    *,
    verified: bool,
    locale: str | None,
    hashed: str | None = None,
) -> User:
    user = User(
        email=EMAIL.enforce(email, AccountError),
        display_name=checked_name(display_name),
        password_hash=hashed or hash_password(password),
        email_verified_at=utcnow() if verified else None,
        locale=locale,
    )
    db.session.add(user)
    db.session.flush()
    return user


def register_user(
    email: str, display_name: str, password: str, *, locale: str | None
) -> User | None:
    """Self-registration: a new address gets an account and the verification e-mail; an address
    with an account gets a warning e-mail instead (None). The answer must not tell which."""
    existing = find_user_by_email(email)
    if existing is not None:
        hash_password(password)  # the work a new account costs, so the time does not tell either
        record_event("account.register_existing", subject=existing)
        send_existing_account_email(existing)
        return None
    user = _new_user(normalise_email(email), display_name, password, verified=False, locale=locale)
    record_event("account.registered", actor=user, subject=user)
    send_verification_email(user)
    return user


def _absolute_url(endpoint: str, **values: Any) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def send_existing_account_email(user: User) -> None:
    """Tell the owner someone tried to register with their address, in their language."""
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        send_mail(
            Mail(
                to=user.email or "",
                subject=_("Noen prøvde å registrere seg med e-postadressen din i Samskap"),
                text=render_template(
                    "mail/register_existing.txt",
                    user=user,
                    login_link=_absolute_url("accounts.login"),
                    reset_link=_absolute_url("accounts.forgot_password"),
                ),
            )
        )


def send_verification_email(user: User) -> None:
    token = make_token("verify", {"uid": user.id, "email": user.email})
    link = _absolute_url("accounts.verify", token=token)
    send_mail(
        Mail(
            to=user.email or "",
            subject=_("Bekreft e-postadressen din i Samskap"),
            text=render_template("mail/verify_email.txt", user=user, link=link),
        )
    )


def verify_email(token: str) -> tuple[User, bool] | None:
    """Mark the e-mail verified if the token is valid and still names the account's e-mail; the
    person, and whether this was the first time (only then may the link log them in)."""
    payload = read_token("verify", token, current_app.config["EMAIL_VERIFY_MAX_AGE"])
    if payload is None:
        return None
    user = db.session.get(User, payload.get("uid"))
    if user is None or user.email != payload.get("email") or not user.is_active:
        return None
    if user.email_verified_at is not None:
        return user, False
    user.email_verified_at = utcnow()
    db.session.flush()
    return user, True


def authenticate(email: str, password: str) -> User | None:
    """The active, confirmed user with this e-mail and password, or None (audited).

    An address must be confirmed before its password opens the account: otherwise anyone could
    tell whether an address was free by signing up with a password of their own and trying it.
    The e-mailed link confirms and signs in; a new password by e-mail confirms too."""
    user = find_user_by_email(email)
    # Checked against a dummy hash when there is no account: the time taken does not tell.
    valid = verify_password(user.password_hash if user is not None else None, password)
    if user is None or not user.is_active or not valid or not user.is_verified:
        record_event("auth.login_failed", actor=user, email_hash=_email_hash(email))
        return None
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_seen_at = utcnow()
    db.session.flush()
    return user


def _email_hash(email: str) -> str:
    # The address itself stays out of the log; a hash still shows repeated attacks on one account.
    return hashlib.sha256(normalise_email(email).encode()).hexdigest()[:16]


def _reset_fingerprint(user: User) -> str:
    # Changes when the password changes, so a reset token works once.
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


def request_password_reset(email: str) -> None:
    """E-mail a reset link if the account exists; says nothing either way to the requester."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return
    token = make_token("reset", {"uid": user.id, "fp": _reset_fingerprint(user)})
    link = _absolute_url("accounts.reset_password", token=token)
    send_mail(
        Mail(
            to=user.email or "",
            subject=_("Nytt passord i Samskap"),
            text=render_template("mail/reset_password.txt", user=user, link=link),
        )
    )
    record_event("auth.reset_requested", actor=user, subject=user)


def user_for_reset_token(token: str) -> User | None:
    payload = read_token("reset", token, current_app.config["PASSWORD_RESET_MAX_AGE"])
    if payload is None:
        return None
    user = db.session.get(User, payload.get("uid"))
    if user is None or not user.is_active or payload.get("fp") != _reset_fingerprint(user):
        return None
    return user


def reset_password(token: str, new_password: str) -> User | None:
    """Set a new password from a valid, unused reset token."""
    user = user_for_reset_token(token)
    if user is None:
        return None
    _set_password(user, new_password)
    # Following the e-mailed link proves the address too.
    user.email_verified_at = user.email_verified_at or utcnow()
    record_event("auth.password_reset", actor=user, subject=user)
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Change the password; every session of this user ends (the route starts this one anew)."""
    if not verify_password(user.password_hash, current_password):
        raise AccountError(_("Det nåværende passordet er feil."))
    _set_password(user, new_password)
    record_event("auth.password_changed", actor=user, subject=user)


def _set_password(user: User, new_password: str) -> None:
    user.password_hash = hash_password(new_password)
    end_all_sessions(user)


def update_settings(user: User, *, display_name: str, show_name: bool, locale: str | None) -> None:
    shown = (user.display_name, user.show_name)
    user.display_name = checked_name(display_name)
    user.show_name = show_name
    user.locale = locale or None
    db.session.flush()
    if (user.display_name, user.show_name) != shown:
        site_changed()  # a name shows beside every input and comment of the person


def choose_language(user: User, locale: str) -> None:
    """The language switch: the person's pages and e-mails follow it from now on."""
    user.locale = locale
    db.session.flush()


def set_role(
    user: User,
    municipality: Municipality,
    role: Role,
    *,
    actor: User | None,
    event: str = "role.changed",
    **data: Any,
) -> Membership:
    """Give a person a role in one municipality (replacing the one they had there); audited as
    `event` with the old and new role."""
    membership = db.session.scalar(
        select(Membership).where(
            Membership.user_id == user.id, Membership.municipality_id == municipality.id
        )
    )
    old = membership.role.value if membership else None
    if membership is None:
        membership = Membership(user=user, municipality_id=municipality.id, role=role)
        db.session.add(membership)
    if old != role.value:
        membership.role_since = utcnow()
    membership.role = role
    db.session.flush()
    record_event(
        event,
        actor=actor,
        municipality=municipality,
        subject=user,
        old=old,
        new=role.value,
        **data,
    )
    return membership
