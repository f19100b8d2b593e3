"""A small OpenID Connect provider for the tests, served over HTTP in a thread.

It follows the standard as far as the tests need it: discovery
(/.well-known/openid-configuration), /authorize (the authorization code flow with PKCE S256: a
consent page with a button, or an immediate answer when `auto_approve` is set), /token (client
secret by Basic or POST; checks the code, the redirect URI and the code verifier once), /jwks
(an RSA key) and /userinfo. ID tokens are signed with joserfc (RS256).

The person who logs in is `claims` (a dict: sub, pid, name, email …). Knobs for the edge cases
(each off by default): `deny` (the person refuses), `nonce` (a wrong nonce in the ID token),
`expired` (an ID token that expired ten minutes ago), `token_issuer` (another issuer in the ID
token), `foreign_key` (signed with a key the JWKS does not hold).
"""

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from datetime import date
from typing import Any
from urllib.parse import urlencode

from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

CLIENT_ID = "samskap-test"
CLIENT_SECRET = "provider-test-secret"
RESIDENT = {
    "sub": "idporten-sub-resident",
    "pid": "01018012345",  # born 1 January 1980 (individual number 123: 1900s)
    "acr": "idporten-loa-substantial",
    "name": "Kari Nordmann",
    "kommunenummer": "1806",
    "locale": "nb",
}


def pid_born(years: int) -> str:
    """A fødselsnummer-shaped number of someone born on 1 January `years` years ago (so exactly
    `years` old today). The control digits are not computed: Samskap reads only the date."""
    year = date.today().year - years
    individual = "123" if year < 2000 else "523"
    return f"0101{year % 100:02d}{individual}45"


class Provider:
    """The running provider: its issuer URL and the knobs tests turn."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key-1", "use": "sig"})
        self.other_key = RSAKey.generate_key(2048, parameters={"kid": "test-key-1"})
        self.claims: dict[str, Any] = dict(RESIDENT)
        self.auto_approve = False
        self.reset()
        self.codes: dict[str, dict[str, Any]] = {}
        self.access_tokens: dict[str, dict[str, Any]] = {}
        self.requests: list[str] = []
        self._server = make_server("127.0.0.1", 0, self.wsgi, threaded=True)
        self.issuer = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def reset(self) -> None:
        self.claims = dict(RESIDENT)
        self.deny = False
        self.nonce: str | None = None
        self.expired = False
        self.token_issuer: str | None = None
        self.foreign_key = False
        self.down = False

    def start(self) -> "Provider":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)

    def config(self, name: str = "IDPORTEN") -> dict[str, str]:
        """The app settings that turn this provider on as `name` (IDPORTEN or ENTRA)."""
        return {
            f"OIDC_{name}_ISSUER": self.issuer,
            f"OIDC_{name}_CLIENT_ID": CLIENT_ID,
            f"OIDC_{name}_CLIENT_SECRET": CLIENT_SECRET,
        }

    # The HTTP side.

    def wsgi(self, environ, start_response):
        request = Request(environ)
        self.requests.append(request.path)
        if self.down:
            return Response("down", status=503)(environ, start_response)
        routes = {
            "/.well-known/openid-configuration": self.discovery,
            "/authorize": self.authorize,
            "/token": self.token,
            "/jwks": self.jwks,
            "/userinfo": self.userinfo,
        }
        handler = routes.get(request.path)
        response = handler(request) if handler else Response("not found", status=404)
        return response(environ, start_response)

    def discovery(self, request: Request) -> Response:
        return _json(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "userinfo_endpoint": f"{self.issuer}/userinfo",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": [
                    "client_secret_basic",
                    "client_secret_post",
                ],
                "scopes_supported": ["openid", "profile", "email"],
                "acr_values_supported": ["idporten-loa-substantial", "idporten-loa-high"],
            }
        )

    def jwks(self, request: Request) -> Response:
        return _json({"keys": [self.key.as_dict(private=False)]})

    def authorize(self, request: Request) -> Response:
        params = request.values
        if params.get("client_id") != CLIENT_ID or not params.get("redirect_uri"):
            return Response("unknown client or no redirect_uri", status=400)
        redirect_uri = params["redirect_uri"]
        if (
            params.get("response_type") != "code"
            or params.get("code_challenge_method") != "S256"
            or not params.get("code_challenge")
            or "openid" not in (params.get("scope") or "").split()
        ):
            return _redirect(redirect_uri, error="invalid_request", state=params.get("state"))
        if request.method == "GET" and not self.auto_approve and not self.deny:
            return self.consent_page(params)
        if self.deny or params.get("decision") == "deny":
            return _redirect(redirect_uri, error="access_denied", state=params.get("state"))
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "redirect_uri": redirect_uri,
            "challenge": params["code_challenge"],
            "nonce": params.get("nonce"),
            "claims": dict(self.claims),
        }
        return _redirect(redirect_uri, code=code, state=params.get("state"))

    def consent_page(self, params) -> Response:
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in params.items(multi=True)
        )
        name = html.escape(str(self.claims.get("name", self.claims["sub"])))
        page = (
            '<!doctype html><html lang="nb"><head><meta charset="utf-8">'
            "<title>Test-ID-porten</title></head><body><main>"
            f"<h1>Test-ID-porten</h1><p>Logg inn som {name}?</p>"
            f'<form method="post" action="/authorize">{hidden}'
            '<button name="decision" value="approve">Godkjenn</button> '
            '<button name="decision" value="deny">Avbryt</button></form></main></body></html>'
        )
        return Response(page, mimetype="text/html")

    def token(self, request: Request) -> Response:
        client_id, secret = request.form.get("client_id"), request.form.get("client_secret")
        if request.authorization and request.authorization.type == "basic":
            client_id = request.authorization.username
            secret = request.authorization.password
        if client_id != CLIENT_ID or secret != CLIENT_SECRET:
            return _json({"error": "invalid_client"}, status=401)
        grant = self.codes.pop(request.form.get("code", ""), None)
        if (
            request.form.get("grant_type") != "authorization_code"
            or grant is None
            or grant["redirect_uri"] != request.form.get("redirect_uri")
            or _s256(request.form.get("code_verifier", "")) != grant["challenge"]
        ):
            return _json({"error": "invalid_grant"}, status=400)
        now = int(time.time())
        claims = {
            **grant["claims"],
            "iss": self.token_issuer or self.issuer,
            "aud": CLIENT_ID,
            "iat": now - 1200 if self.expired else now,
            "exp": now - 600 if self.expired else now + 300,
            "nonce": self.nonce or grant["nonce"],
        }
        key = self.other_key if self.foreign_key else self.key
        id_token = jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)
        access_token = secrets.token_urlsafe(16)
        self.access_tokens[access_token] = grant["claims"]
        return _json(
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": id_token,
                "scope": "openid profile",
            }
        )

    def userinfo(self, request: Request) -> Response:
        header = request.headers.get("Authorization", "")
        claims = self.access_tokens.get(header.removeprefix("Bearer "))
        if claims is None:
            return _json({"error": "invalid_token"}, status=401)
        return _json(claims)


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _json(data: dict, status: int = 200) -> Response:
    return Response(json.dumps(data), status=status, mimetype="application/json")


def _redirect(uri: str, **params: str | None) -> Response:
    query = urlencode({k: v for k, v in params.items() if v is not None})
    separator = "&" if "?" in uri else "?"
    return Response(status=302, headers={"Location": f"{uri}{separator}{query}"})
