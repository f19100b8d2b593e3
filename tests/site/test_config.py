"""Outside development the app refuses to start without a real SECRET_KEY."""

import os
import subprocess
import sys

import pytest

CODE = "from cocreate import create_app; create_app()"


def _start(env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    env = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "COCREATE_ENV", "FLASK_ENV"}
    }
    env.update(env_overrides)
    env.setdefault("DATABASE_URL", "sqlite:///:memory:")
    return subprocess.run(
        [sys.executable, "-c", CODE],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("key", [None, "", "dev-only-not-secret", "short"])
def test_production_refuses_missing_or_default_secret(key):
    overrides = {"COCREATE_ENV": "production"}
    if key is not None:
        overrides["SECRET_KEY"] = key
    result = _start(overrides)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "SECRET_KEY" in lines[0]


def test_production_starts_with_real_secret():
    result = _start({"COCREATE_ENV": "production", "SECRET_KEY": "x" * 64})
    assert result.returncode == 0, result.stderr


def test_development_needs_no_secret():
    assert _start({"COCREATE_ENV": "development"}).returncode == 0


def test_production_cookies_are_secure():
    from cocreate import create_app

    os.environ.pop("COCREATE_ENV", None)
    app = create_app({"SECRET_KEY": "y" * 64, "SQLALCHEMY_DATABASE_URI": "sqlite:///:memory:"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
