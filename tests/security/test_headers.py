"""Security headers on every response: a strict CSP with a per-request nonce, no framing,
nosniff, a referrer policy, and HSTS in production only."""

import re
from pathlib import Path

import pytest

from tests.security.apps import build_app, dispose, sqlite_url

NONCE = re.compile(r"'nonce-([A-Za-z0-9_-]{16,})'")
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.mark.parametrize("path", ["/", "/logg-inn", "/k/heimby/", "/finnes-ikke", "/healthz"])
def test_every_response_has_the_headers(client, world, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in csp and "object-src 'none'" in csp
    assert NONCE.search(csp)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers  # not in tests/development


def test_static_files_have_them_too(client):
    response = client.get("/static/css/samskap.css")
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response.close()


def test_nonce_is_new_per_request_and_matches_the_page(tmp_path):
    app = build_app(sqlite_url(tmp_path))

    @app.route("/_nonce-test")
    def _nonce_page():
        from flask import render_template_string

        return render_template_string('<script nonce="{{ csp_nonce() }}">1</script>')

    client = app.test_client()
    nonces = []
    for _ in range(2):
        response = client.get("/_nonce-test")
        header_nonce = NONCE.search(response.headers["Content-Security-Policy"]).group(1)
        assert f'nonce="{header_nonce}"' in response.get_data(as_text=True)
        nonces.append(header_nonce)
    assert nonces[0] != nonces[1]
    dispose(app)


def test_hsts_in_production(tmp_path):
    app = build_app(sqlite_url(tmp_path), ENV_NAME="production", TESTING=False, SECRET_KEY="p" * 64)
    assert not app.testing
    response = app.test_client().get("/healthz")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response.headers["Strict-Transport-Security"]
    dispose(app)


def _template_files():
    return sorted(p for p in TEMPLATES.rglob("*.html"))


def test_no_template_needs_unsafe_inline():
    """Inline handlers and style="" are blocked by the CSP; <script>/<style> need the nonce."""
    problems = []
    for path in _template_files():
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(TEMPLATES)
        if re.search(r"\sstyle\s*=", text):
            problems.append(f'{rel}: style="" attribute')
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text):
            problems.append(f"{rel}: inline event handler")
        for tag in re.findall(r"<(?:script|style)\b[^>]*>", text):
            if "src=" in tag:
                continue
            if "csp_nonce()" not in tag:
                problems.append(f"{rel}: {tag} without nonce")
        if re.search(r"href\s*=\s*[\"']\s*javascript:", text):
            problems.append(f"{rel}: javascript: link")
    assert not problems, "\n".join(problems)
