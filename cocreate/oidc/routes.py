"""Log in with ID-porten or Entra ID: start and the provider's callback, both links (GET).

The start is a link, not a form: the page's Content-Security-Policy (form-action 'self') rightly
stops a form from being redirected to another site, and starting a log-in changes nothing but
this browser's pending state. The callback is a GET (the provider sends the browser back with
code and state). CSRF protection covers neither, so nothing is exempted: Authlib checks the state
against the signed session, the PKCE verifier at the token endpoint, and the nonce in the ID
token.
"""

import logging

import requests
from authlib.common.errors import AuthlibBaseError
from flask import abort, current_app, flash, redirect, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from joserfc.errors import JoseError

from .. import sections
from ..accounts.routes import log_in, safe_next
from ..database import commit, rollback
from ..extensions import limiter
from ..redirects import same_site_path
from . import bp
from .models import ProviderName
from .providers import (
    Provider,
    ProviderMismatch,
    checked_metadata,
    client_for,
    configured_providers,
    provider_by_slug,
)
from .services import SignInRefused, idporten_identity, residence_municipality, sign_in_with

log = logging.getLogger(__name__)
SLUGS = "any('id-porten', 'entra-id')"
NEXT_KEY = "oidc_next"

bp.add_app_template_global(configured_providers, "oidc_providers")
bp.add_app_template_global(idporten_identity, "idporten_identity")
bp.add_app_template_global(residence_municipality, "residence_municipality")


def _provider_or_404(slug: str) -> Provider:
    provider = provider_by_slug(slug)
    if provider is None:
        abort(404)
    return provider


def _back() -> str:
    return url_for("accounts.settings" if current_user.is_authenticated else "accounts.login")


def _unavailable(provider: Provider):
    flash(
        _(
            "%(provider)s svarer ikke akkurat nå. Prøv igjen om litt, eller logg inn med "
            "e-post og passord.",
            provider=provider.title,
        ),
        "error",
    )
    return redirect(_back())


@bp.route(f"/logg-inn/<{SLUGS}:slug>")
@limiter.limit("10/minute;50/hour")
def start(slug: str):
    provider = _provider_or_404(slug)
    session[NEXT_KEY] = safe_next("")
    redirect_uri = current_app.config["BASE_URL"].rstrip("/") + url_for("oidc.callback", slug=slug)
    extra = {"ui_locales": str(get_locale())}
    if provider.acr_values:
        extra["acr_values"] = provider.acr_values
    try:
        checked_metadata(provider)
        return client_for(provider).authorize_redirect(redirect_uri, **extra)
    except (requests.RequestException, ValueError, KeyError, ProviderMismatch) as error:
        log.warning("oidc: %s is unavailable: %r", provider.name.value, error)
        return _unavailable(provider)


def _refused(message: str):
    rollback()
    flash(message, "error")
    return redirect(_back())


@bp.route(f"/logg-inn/<{SLUGS}:slug>/tilbake")
@limiter.limit("10/minute;50/hour")
def callback(slug: str):
    provider = _provider_or_404(slug)
    try:
        checked_metadata(provider)
        token = client_for(provider).authorize_access_token()
    except AuthlibBaseError as error:
        log.info("oidc: %s refused: %s", provider.name.value, getattr(error, "error", error))
        if getattr(error, "error", "") == "access_denied":
            return _refused(_("Innloggingen ble avbrutt. Du er ikke logget inn."))
        return _refused(
            _(
                "Innloggingen kunne ikke fullføres: svaret fra %(provider)s var utløpt eller "
                "ugyldig. Prøv igjen.",
                provider=provider.title,
            )
        )
    except JoseError as error:
        log.warning("oidc: %s gave an invalid ID token: %r", provider.name.value, error)
        return _refused(
            _(
                "Vi kunne ikke bekrefte innloggingen fra %(provider)s. Prøv igjen.",
                provider=provider.title,
            )
        )
    except (requests.RequestException, ValueError, KeyError, ProviderMismatch) as error:
        log.warning("oidc: %s is unavailable: %r", provider.name.value, error)
        return _unavailable(provider)
    claims = token.get("userinfo")
    if not claims:
        return _refused(
            _(
                "Vi kunne ikke bekrefte innloggingen fra %(provider)s. Prøv igjen.",
                provider=provider.title,
            )
        )
    current = current_user._get_current_object() if current_user.is_authenticated else None
    try:
        user = sign_in_with(provider, dict(claims), current=current)
    except SignInRefused as refusal:
        return _refused(refusal.reason)
    commit()
    if current is None:
        log_in(user)
    if provider.name is ProviderName.idporten:
        flash(_("Du er logget inn og verifisert med ID-porten."), "success")
    else:
        flash(_("Du er logget inn med Microsoft (Entra ID)."), "success")
    target = same_site_path(session.pop(NEXT_KEY, "") or None)
    return redirect(target or url_for("site.index"))


def _account_section(user: object) -> dict | None:
    identity = idporten_identity(user)
    idporten = provider_by_slug("id-porten")
    if identity is None and idporten is None:
        return None
    return {
        "identity": identity,
        "residence": residence_municipality(identity),
        "idporten": idporten,
    }


sections.register("account_page", "oidc/_account.html", _account_section, order=20)
