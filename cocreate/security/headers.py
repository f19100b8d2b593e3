"""Security headers on every response; a per-request nonce for the few <script>/<style> tags.

Templates write `<script nonce="{{ csp_nonce() }}">`; inline event handlers and style=""
attributes are refused by the policy, as they should be.
"""

import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

from flask import Flask, Response, has_request_context, request

_NONCE_KEY = "cocreate.csp_nonce"
_FRAMING_KEY = "cocreate.frame_ancestors"


def csp_nonce() -> str:
    """This request's nonce (made on first use; the same value for the header and the page)."""
    if not has_request_context():
        return ""
    environ = request.environ
    if _NONCE_KEY not in environ:
        environ[_NONCE_KEY] = secrets.token_urlsafe(18)
    return environ[_NONCE_KEY]


def origin_of(url: str) -> str | None:
    """scheme://host[:port] of an absolute http(s) URL (a tile template's {z} stays in the path)."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def allow_framing(origins: Iterable[str]) -> None:
    """Let these origins frame this response (the embeds: their municipality's allowlist, each
    already a valid scheme://host[:port]). Without a call, and with an empty list, no site may."""
    environ = request.environ
    environ[_FRAMING_KEY] = tuple(origins)


def frame_ancestors() -> tuple[str, ...]:
    """The origins this response may be framed by (none unless allow_framing() named some)."""
    if not has_request_context():
        return ()
    return tuple(request.environ.get(_FRAMING_KEY, ()))


def content_security_policy(
    nonce: str, img_origins: tuple[str, ...] = (), ancestors: tuple[str, ...] = ()
) -> str:
    """The policy: only our own origin, no inline code without the nonce, no framing (except by
    `ancestors`); images also from `img_origins` (the map's tile server, MAP_TILE_URL)."""
    images = " ".join(["'self'", "data:", *img_origins])
    directives = [
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
        f"style-src 'self' 'nonce-{nonce}'",
        f"img-src {images}",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors " + (" ".join(ancestors) if ancestors else "'none'"),
    ]
    return "; ".join(directives)


def is_production(app: Flask) -> bool:
    """Served for real: not development, not debug, not the test suite."""
    return app.config.get("ENV_NAME") == "production" and not app.debug and not app.testing


def init_app(app: Flask) -> None:
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    hsts = is_production(app) and app.config.get("HSTS_MAX_AGE", 0) > 0
    tiles = origin_of(app.config.get("MAP_TILE_URL") or "")
    img_origins = (tiles,) if tiles else ()

    @app.after_request
    def _security_headers(response: Response) -> Response:
        headers = response.headers
        ancestors = frame_ancestors()
        policy = content_security_policy(csp_nonce(), img_origins, ancestors)
        headers.setdefault("Content-Security-Policy", policy)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        if not ancestors:  # browsers that know frame-ancestors ignore it; older ones do not
            headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if hsts:
            headers.setdefault(
                "Strict-Transport-Security",
                f"max-age={app.config['HSTS_MAX_AGE']}; includeSubDomains",
            )
        return response
