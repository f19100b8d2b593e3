"""Password hashing (Argon2id, memory-hard) and the common-password check."""

import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context

MIN_LENGTH = 10
_hasher = PasswordHasher()  # Argon2id with argon2-cffi's recommended (RFC 9106) parameters
# The test suite creates thousands of accounts; same algorithm, far less memory and time.
_test_hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def _current_hasher() -> PasswordHasher:
    if has_app_context() and current_app.config.get("FAST_PASSWORD_HASHING"):
        return _test_hasher
    return _hasher


def hash_password(password: str) -> str:
    return _current_hasher().hash(password)


@lru_cache(maxsize=2)
def _dummy_hash(hasher: PasswordHasher) -> str:
    # Made once per process and hasher: with the same parameters, checking it costs as much as
    # checking a real hash.
    return hasher.hash(secrets.token_urlsafe(16))


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether the password matches; without a hash (no such account), a dummy one is checked, so
    the answer takes as long either way."""
    hasher = _current_hasher()
    try:
        return hasher.verify(password_hash or _dummy_hash(hasher), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _current_hasher().check_needs_rehash(password_hash)


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    # zxcvbn ships the ~30,000 most common passwords from leaked password lists. Loaded by the
    # first password set, not by every worker (its lists take some 12 MB).
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def is_common_password(password: str) -> bool:
    """True for a password found in the common-password list (case-insensitive)."""
    return password.lower() in _common_passwords()
