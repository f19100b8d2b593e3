"""The configured OpenID providers and their Authlib clients (one registry per app).

A provider is on when OIDC_<NAME>_CLIENT_ID and OIDC_<NAME>_ISSUER or _METADATA_URL are set.
Authlib does the protocol: the authorization code flow with PKCE (S256), state and nonce kept in
the signed session, and the ID token checked against the issuer, the client id (audience), the
provider's keys (JWKS) and its expiry.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from .models import ProviderName

if TYPE_CHECKING:
    from authlib.integrations.flask_client import OAuth

LABELS = {
    ProviderName.idporten: _l("Logg inn med ID-porten"),
    ProviderName.entra: _l("Logg inn med Microsoft (Entra ID)"),
}
TITLES = {ProviderName.idporten: "ID-porten", ProviderName.entra: "Microsoft Entra ID"}
# The URL segment of each provider's routes.
SLUGS = {ProviderName.idporten: "id-porten", ProviderName.entra: "entra-id"}


class ProviderMismatch(Exception):
    """The provider's discovery document names another issuer than the one configured."""


@dataclass(frozen=True)
class Provider:
    name: ProviderName
    issuer: str
    metadata_url: str
    client_id: str
    client_secret: str
    scope: str
    acr_values: str = ""
    residence_claim: str = ""
    tenant_id: str = ""

    @property
    def slug(self) -> str:
        return SLUGS[self.name]

    @property
    def label(self) -> LazyString:
        return LABELS[self.name]

    @property
    def title(self) -> str:
        return TITLES[self.name]


def _provider(config: Any, name: ProviderName) -> Provider | None:
    prefix = f"OIDC_{name.value.upper()}_"
    issuer = (config.get(prefix + "ISSUER") or "").rstrip("/")
    metadata_url = config.get(prefix + "METADATA_URL") or ""
    client_id = config.get(prefix + "CLIENT_ID") or ""
    if not client_id or not (issuer or metadata_url):
        return None
    return Provider(
        name=name,
        issuer=issuer,
        metadata_url=metadata_url or f"{issuer}/.well-known/openid-configuration",
        client_id=client_id,
        client_secret=config.get(prefix + "CLIENT_SECRET") or "",
        scope=config.get(prefix + "SCOPE") or "openid",
        acr_values=config.get(prefix + "ACR_VALUES") or "",
        residence_claim=config.get(prefix + "RESIDENCE_CLAIM") or "",
        tenant_id=config.get(prefix + "TENANT_ID") or "",
    )


def configured_providers() -> list[Provider]:
    """The providers this installation has turned on, ID-porten first."""
    found = (_provider(current_app.config, name) for name in ProviderName)
    return [p for p in found if p is not None]


def provider_by_slug(slug: str) -> Provider | None:
    return next((p for p in configured_providers() if p.slug == slug), None)


def _registry(app: Flask) -> "tuple[OAuth, dict[Provider, Any]]":
    # Authlib (some 19 MB) is loaded by the first sign-in through a provider, not by every worker.
    from authlib.integrations.flask_client import OAuth

    if "cocreate.oidc" not in app.extensions:
        app.extensions["cocreate.oidc"] = (OAuth(app), {})
    return app.extensions["cocreate.oidc"]


def client_for(provider: Provider) -> Any:
    """The Authlib client of this provider's present configuration (made once)."""
    oauth, clients = _registry(current_app._get_current_object())  # type: ignore[attr-defined]
    if provider not in clients:
        oauth._clients.pop(provider.name.value, None)  # a changed configuration: a new client
        clients[provider] = oauth.register(
            provider.name.value,
            overwrite=True,
            client_id=provider.client_id,
            client_secret=provider.client_secret or None,
            server_metadata_url=provider.metadata_url,
            client_kwargs={
                "scope": provider.scope,
                "code_challenge_method": "S256",
                "default_timeout": current_app.config["OIDC_TIMEOUT"],
            },
        )
    return clients[provider]


def checked_metadata(provider: Provider) -> dict[str, Any]:
    """The discovery document; its issuer must be the configured one (OpenID Discovery §4.3)."""
    metadata = client_for(provider).load_server_metadata()
    if provider.issuer and metadata.get("issuer", "").rstrip("/") != provider.issuer:
        raise ProviderMismatch(metadata.get("issuer"))
    return metadata
