"""What an allowlisted site is: an origin (scheme://host[:port]), written as a Content-Security-
Policy frame-ancestors source. Read from what an administrator types, or refused with the reason
in plain Norwegian."""

import ipaddress
import re
from urllib.parse import urlsplit

from flask_babel import gettext as _

from ..refusals import Refusal
from .models import ORIGIN_MAX

# Plain http only for a developer's own machine; everywhere else the site must use https.
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]"}
DEFAULT_PORTS = {"https": 443, "http": 80}
LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


class OriginError(Refusal):
    """What was typed is not a site address that may frame the embeds."""


def _host(raw: str) -> str:
    """The host in lower case and ASCII (an IDN becomes punycode), or OriginError."""
    if raw.startswith("["):
        try:
            ipaddress.IPv6Address(raw[1:-1])
        except ValueError:
            raise OriginError(_("Adressen har en ugyldig IPv6-adresse.")) from None
        return raw
    try:
        host = raw.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise OriginError(_("Navnet på nettstedet er ikke gyldig.")) from None
    labels = host.split(".")
    if "*" in host:
        raise OriginError(_("Skriv ett bestemt nettsted. Stjerne (*) er ikke tillatt."))
    if len(host) > 253 or not all(LABEL.match(label) for label in labels):
        raise OriginError(_("Navnet på nettstedet er ikke gyldig."))
    if len(labels) < 2 and host != "localhost":
        raise OriginError(_("Skriv hele navnet på nettstedet, for eksempel www.kommune.no."))
    return host


def normalise_origin(text: str) -> str:
    """The origin of what was typed ("https://www.Kommune.no/" gives "https://www.kommune.no"),
    or OriginError saying what is wrong."""
    value = (text or "").strip()
    if not value:
        raise OriginError(_("Skriv adressen til nettstedet, for eksempel https://www.kommune.no."))
    if len(value) > ORIGIN_MAX:
        raise OriginError(_("Adressen er for lang."))
    if any(c.isspace() for c in value) or "'" in value or ";" in value or "," in value:
        raise OriginError(_("Adressen kan ikke ha mellomrom, komma, semikolon eller apostrof."))
    if "://" not in value:
        raise OriginError(
            _("Adressen må begynne med https://, for eksempel https://www.kommune.no.")
        )
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise OriginError(_("Portnummeret er ikke gyldig (fra 1 til 65535).")) from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise OriginError(_("Adressen må begynne med https://."))
    if parts.username is not None or parts.password is not None:
        raise OriginError(_("Adressen kan ikke ha brukernavn eller passord."))
    if parts.path not in ("", "/") or parts.query or parts.fragment or value.endswith(("?", "#")):
        raise OriginError(
            _("Skriv bare nettstedet, uten sti: https://www.kommune.no, ikke en side på det.")
        )
    netloc_host = parts.netloc.rsplit("@", 1)[-1]
    raw_host = netloc_host if netloc_host.startswith("[") else netloc_host.split(":", 1)[0]
    if raw_host.startswith("[") and "]" in raw_host:
        raw_host = raw_host[: raw_host.index("]") + 1]
    if not raw_host:
        raise OriginError(_("Adressen mangler navnet på nettstedet."))
    host = _host(raw_host.lower())
    if port == 0:
        raise OriginError(_("Portnummeret er ikke gyldig (fra 1 til 65535)."))
    if scheme == "http" and host not in LOCAL_HOSTS:
        raise OriginError(
            _("Nettstedet må bruke https://. Bare localhost kan bruke http:// (for utprøving).")
        )
    origin = f"{scheme}://{host}"
    if port is not None and port != DEFAULT_PORTS[scheme]:
        origin += f":{port}"
    return origin
