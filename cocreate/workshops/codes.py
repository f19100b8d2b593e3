"""Join codes, receipt codes and participant tokens: random, hard to guess, easy to read aloud."""

import hashlib
import secrets

# No look-alikes: 0/O, 1/I/L are left out, so a code read off a screen is typed right.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6  # 31**6 ≈ 887 million codes; wrong guesses are rate limited per address
RECEIPT_CODE_LENGTH = 10  # 31**10 ≈ 8 * 10**14; a receipt is never listed anywhere


def random_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def new_join_code() -> str:
    return random_code(JOIN_CODE_LENGTH)


def new_receipt_code() -> str:
    return random_code(RECEIPT_CODE_LENGTH)


def normalize_code(raw: str | None) -> str:
    """Upper case without spaces or dashes, as codes are stored."""
    return "".join(c for c in (raw or "").upper() if c not in " -\t")


def format_receipt(code: str) -> str:
    """ABCDE-FGHJK: easier to copy down by hand."""
    return f"{code[:5]}-{code[5:]}" if len(code) == RECEIPT_CODE_LENGTH else code


def is_valid_code(code: str, length: int) -> bool:
    return len(code) == length and all(c in ALPHABET for c in code)


def new_participant_token() -> str:
    return secrets.token_urlsafe(32)


def participant_hash(workshop_id: int, token: str) -> str:
    """Only this hash is stored; it differs per workshop, so devices are not linked across them."""
    return hashlib.sha256(f"{workshop_id}:{token}".encode()).hexdigest()
