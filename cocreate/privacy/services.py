"""State changes for privacy: statements, consent, export, account deletion. Services flush;
routes and CLI commands commit."""

from datetime import UTC, datetime, timedelta
from typing import Any, cast

from flask_babel import gettext as _
from sqlalchemy import CursorResult, delete, select

from ..accounts.models import EMAIL, AgeBand, Gender, ParticipantProfile, User
from ..accounts.passwords import verify_password
from ..accounts.sessions import end_all_sessions
from ..audit.services import record_event
from ..database import utcnow
from ..extensions import db
from ..ideas.models import Idea, SenderContact
from ..markup import render_markdown
from ..municipalities.models import Municipality
from ..page_generations import site_changed
from ..refusals import Refusal
from . import contributions
from .models import DPO_CONTACT, STATEMENT, ConsentRecord, PrivacyStatement
from .personal_data import account_fields, erase_links, export_rows

EXPORT_FORMAT = "samskap-personopplysninger/1"
DEMOGRAPHICS = "demographics"
# Bump when the consent text on the profile page changes: the log shows which text was agreed to.
DEMOGRAPHICS_TEXT_VERSION = "2026-01"


class PrivacyError(Refusal):
    """A privacy rule was broken; the message is shown to the user."""


def statement_for(municipality: Municipality | None) -> PrivacyStatement | None:
    """The saved statement of a municipality (None: the platform default)."""
    municipality_id = municipality.id if municipality else None
    query = select(PrivacyStatement)
    if municipality_id is None:
        query = query.where(PrivacyStatement.municipality_id.is_(None))
    else:
        query = query.where(PrivacyStatement.municipality_id == municipality_id)
    return db.session.scalar(query)


def save_statement(
    municipality: Municipality | None,
    *,
    body: str,
    contact_email: str = "",
    dpo_contact: str = "",
    actor: User | None,
) -> PrivacyStatement:
    """Save a municipality's privacy statement (or, with None, the platform default)."""
    body = STATEMENT.enforce((body or "").strip(), PrivacyError)
    statement = statement_for(municipality)
    if statement is None:
        statement = PrivacyStatement(municipality_id=municipality.id if municipality else None)
        db.session.add(statement)
    statement.body = body
    statement.body_html = render_markdown(body)
    statement.contact_email = EMAIL.enforce((contact_email or "").strip(), PrivacyError)
    statement.dpo_contact = DPO_CONTACT.enforce((dpo_contact or "").strip(), PrivacyError)
    statement.updated_by_id = actor.id if actor else None
    statement.updated_at = utcnow()
    db.session.flush()
    record_event("privacy.statement_updated", actor=actor, municipality=municipality)
    return statement


def profile_of(user: User) -> ParticipantProfile | None:
    return db.session.scalar(
        select(ParticipantProfile).where(ParticipantProfile.user_id == user.id)
    )


def save_profile(
    user: User,
    *,
    consent: bool,
    age_band: AgeBand | None,
    gender: Gender | None,
    district: str | None,
) -> ParticipantProfile:
    """Store optional demographics; only with consent, which is logged with the text's version."""
    if not consent:
        raise PrivacyError(_("Du må samtykke for at vi kan lagre disse opplysningene."))
    profile = profile_of(user)
    if profile is None:
        profile = ParticipantProfile(user_id=user.id, consent_at=utcnow())
        db.session.add(profile)
        _log_consent(user, given=True)
    profile.age_band = age_band
    profile.gender = gender
    profile.district = (district or "").strip() or None
    db.session.flush()
    return profile


def withdraw_consent(user: User) -> bool:
    """Withdraw consent for demographics: the profile is deleted at once; the log keeps the fact."""
    removed = cast(
        CursorResult,
        db.session.execute(delete(ParticipantProfile).where(ParticipantProfile.user_id == user.id)),
    ).rowcount
    if removed:
        _log_consent(user, given=False)
    return bool(removed)


def _log_consent(user: User, *, given: bool) -> None:
    db.session.add(
        ConsentRecord(
            user_id=user.id,
            purpose=DEMOGRAPHICS,
            given=given,
            text_version=DEMOGRAPHICS_TEXT_VERSION,
        )
    )
    db.session.flush()
    event = "privacy.consent_given" if given else "privacy.consent_withdrawn"
    record_event(event, actor=user, subject=user, purpose=DEMOGRAPHICS)


def export_personal_data(user: User) -> dict[str, Any]:
    """All personal data and contributions of the person, as one JSON-ready document (audited)."""
    document = {
        "format": EXPORT_FORMAT,
        "exported_at": datetime.now(UTC).isoformat(),
        "account": account_fields(user),
        "tables": export_rows(user),
    }
    record_event("privacy.exported", actor=user, subject=user)
    return document


# An account without a password (made through ID-porten) confirms by a log-in this recent.
RECENT_LOGIN = timedelta(minutes=15)


def delete_own_account(user: User, password: str, *, remove_contributions: bool) -> None:
    """The person deletes their account; the password confirms it is them, or, for an account
    without one (ID-porten), a log-in in the last RECENT_LOGIN."""
    if user.password_hash is None:
        key = user.login_session
        if key is None or utcnow() - key.started_at > RECENT_LOGIN:
            raise PrivacyError(
                _(
                    "Logg inn på nytt med ID-porten rett før du sletter kontoen, så vet vi "
                    "at det er deg."
                )
            )
    elif not verify_password(user.password_hash, password or ""):
        raise PrivacyError(_("Passordet er feil."))
    delete_account(user, remove_contributions=remove_contributions, actor=user, reason="self")


def delete_account(
    user: User, *, remove_contributions: bool, actor: User | None, reason: str
) -> None:
    """Erase the person's personal data; contributions stay under «Slettet bruker» unless asked.

    Supports always survive only as anonymous counts. See personal_data.py for the rules.
    """
    if user.deleted_at is not None:
        return
    record_event(
        "account.deleted",
        actor=actor,
        subject=user,
        reason=reason,
        remove_contributions=remove_contributions,
    )
    if profile_of(user) is not None:
        withdraw_consent(user)
    if remove_contributions:
        contributions.remove_ideas_and_comments(user)
    erase_links(user, remove_contributions=remove_contributions)
    user.email = None
    user.display_name = ""
    user.show_name = False
    user.password_hash = None
    user.email_verified_at = None
    user.locale = None
    user.last_seen_at = None
    end_all_sessions(user)
    user.deleted_at = utcnow()
    db.session.flush()
    site_changed()  # the name goes from every page that showed it; maybe the inputs too
    db.session.expire_all()


def erase_sender_contact(idea: Idea, *, actor: User) -> bool:
    """Erase the way to reach the sender of a registered input (its personal data); the public
    input stays. True if there was something to erase."""
    erased = cast(
        CursorResult,
        db.session.execute(delete(SenderContact).where(SenderContact.idea_id == idea.id)),
    ).rowcount
    if erased:
        record_event(
            "privacy.sender_contact_erased",
            actor=actor,
            municipality=idea.challenge.municipality,
            subject=idea,
        )
    return bool(erased)
