"""One-time paper codes: made with `secrets`, printed once, kept only as HMAC-SHA256 keyed with
the installation's SECRET_KEY (a copy of the database alone cannot be used to find the codes;
changing SECRET_KEY makes unused codes invalid)."""

import hashlib
import hmac
import secrets

from flask import current_app

# No 0/O, 1/I/L: a code is typed from paper.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 10  # 31^10 ≈ 8 × 10^14 (49 bits); entry is rate-limited


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def printed(code: str) -> str:
    """As printed: two groups of five."""
    return f"{code[:5]}-{code[5:]}"


def normalise(typed: str) -> str:
    """What a person typed, as stored: upper case, without spaces and dashes."""
    return "".join(c for c in (typed or "").upper() if c not in " -\t")


def code_hash(code: str) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, normalise(code).encode(), hashlib.sha256).hexdigest()
