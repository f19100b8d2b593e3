"""Signing in with an external identity: find, link or create the account. Services flush."""

from datetime import date
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.models import Membership, Role, User
from ..accounts.services import find_user_by_email, normalise_email
from ..audit.services import record_event
from ..database import utcnow
from ..extensions import db
from ..municipalities.models import Municipality
from ..refusals import Refusal
from . import claims as read
from .models import ExternalIdentity, ProviderName
from .providers import Provider

# Roles that make an account a staff account an Entra ID log-in may open (roles stay per
# municipality in Samskap; Entra ID grants none).
WORKING_ROLES = (Role.facilitator, Role.admin, Role.case_officer)


# ID-porten's assurance levels, lowest first: a log-in below the level asked for is refused.
ACR_LEVELS = ("idporten-loa-substantial", "idporten-loa-high")


class SignInRefused(Refusal):
    """The provider said who the person is, but Samskap will not let them in; says why."""


def identity_of(provider: ProviderName, subject: str) -> ExternalIdentity | None:
    return db.session.scalar(
        select(ExternalIdentity).where(
            ExternalIdentity.provider == provider, ExternalIdentity.subject == subject
        )
    )


def idporten_identity(user: Any) -> ExternalIdentity | None:
    """The person's ID-porten identity, if they have logged in with ID-porten."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "id", None) is None:
        return None
    return db.session.scalar(
        select(ExternalIdentity)
        .where(
            ExternalIdentity.user_id == user.id,
            ExternalIdentity.provider == ProviderName.idporten,
        )
        .limit(1)
    )


def residence_municipality(identity: ExternalIdentity | None) -> Municipality | None:
    """The municipality (of this installation) the identity's residence claim named."""
    if identity is None or identity.residence_number is None:
        return None
    return db.session.scalar(
        select(Municipality).where(Municipality.number == identity.residence_number)
    )


def _is_staff_account(user: User) -> bool:
    return (
        db.session.scalar(
            select(Membership.id)
            .where(Membership.user_id == user.id, Membership.role.in_(WORKING_ROLES))
            .limit(1)
        )
        is not None
    )


def _trusted_email(provider: Provider, claims: dict[str, Any]) -> str | None:
    """An address the provider vouches for: Entra ID's directory (one tenant), or an address
    with email_verified = true."""
    email = claims.get("email")
    if provider.name is ProviderName.entra:
        email = email or claims.get("preferred_username")
        trusted = True
    else:
        trusted = claims.get("email_verified") is True
    if not trusted or not isinstance(email, str) or "@" not in email:
        return None
    return normalise_email(email)


def _refuse_if_below_level(provider: Provider, acr: object) -> None:
    wanted = provider.acr_values
    if provider.name is not ProviderName.idporten or wanted not in ACR_LEVELS:
        return
    levels = {level: rank for rank, level in enumerate(ACR_LEVELS)}
    if not isinstance(acr, str) or levels.get(acr, -1) < levels[wanted]:
        raise SignInRefused(_("Innloggingen hadde ikke høyt nok sikkerhetsnivå. Prøv igjen."))


def _refuse_if_under_min_age(claims: dict[str, Any], today: date) -> None:
    born = read.birth_date_of_claims(claims)
    min_age = current_app.config["MIN_AGE"]
    if born is not None and read.age_on(born, today) < min_age:
        raise SignInRefused(_("Du må være minst %(age)s år for å bruke Samskap.", age=min_age))


def _new_account(provider: Provider, claims: dict[str, Any], email: str | None) -> User:
    _refuse_if_under_min_age(claims, utcnow().date())
    locale = claims.get("locale")
    user = User(
        email=email,
        display_name=read.display_name(claims) or _("Innbygger"),
        password_hash=None,
        # ID-porten has confirmed who the person is; an address it vouches for is confirmed too.
        email_verified_at=utcnow(),
        locale=locale if locale in current_app.config["LANGUAGES"] else None,
    )
    db.session.add(user)
    db.session.flush()
    record_event("account.registered", actor=user, subject=user, provider=provider.name.value)
    return user


def _account_for(provider: Provider, claims: dict[str, Any], current: User | None) -> User:
    """The account a first log-in with this identity opens: the signed-in person's, the one
    with the provider's trusted address, or (ID-porten) a new one."""
    email = _trusted_email(provider, claims)
    user = current or (find_user_by_email(email) if email else None)
    if provider.name is ProviderName.entra:
        if user is None or not _is_staff_account(user):
            raise SignInRefused(
                _(
                    "Vi fant ingen ansattkonto i Samskap med denne Microsoft-kontoens "
                    "e-postadresse. Be en administrator i kommunen om en invitasjon."
                )
            )
        if current is not None and email != current.email:
            raise SignInRefused(
                _("Microsoft-kontoen har en annen e-postadresse enn kontoen du er logget inn med.")
            )
        return user
    if user is None:
        return _new_account(provider, claims, email)
    if email and user.email == email and user.email_verified_at is None:
        user.email_verified_at = utcnow()  # the provider confirmed the address
    return user


def sign_in_with(provider: Provider, claims: dict[str, Any], *, current: User | None) -> User:
    """The person the provider vouched for (validated ID token claims), linked to their account
    on first use; what ID-porten says of age and residence is refreshed at every log-in."""
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise SignInRefused(_("Svaret fra innloggingstjenesten manglet hvem du er. Prøv igjen."))
    _refuse_if_below_level(provider, claims.get("acr"))
    if provider.tenant_id and claims.get("tid") != provider.tenant_id:
        raise SignInRefused(_("Denne Microsoft-kontoen hører ikke til kommunens organisasjon."))
    identity = identity_of(provider.name, subject)
    if identity is not None:
        user = identity.user
        if current is not None and current.id != user.id:
            raise SignInRefused(
                _(
                    "Denne %(provider)s-identiteten er allerede knyttet til en annen konto.",
                    provider=provider.title,
                )
            )
    else:
        user = _account_for(provider, claims, current)
        identity = ExternalIdentity(provider=provider.name, subject=subject[:255], user=user)
        db.session.add(identity)
    if not user.is_active:
        raise SignInRefused(_("Kontoen er slettet."))
    now = utcnow()
    identity.last_login_at = now
    if provider.name is ProviderName.idporten:
        acr = claims.get("acr")
        identity.acr = acr[:64] if isinstance(acr, str) else None
        identity.of_age = read.of_age(claims, now.date())
        identity.residence_number = read.residence_number(claims, provider.residence_claim)
    user.last_seen_at = now
    db.session.flush()
    record_event("auth.oidc_login", actor=user, subject=user, provider=provider.name.value)
    return user
