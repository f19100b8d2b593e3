"""Codes are random, readable (no look-alikes) and not guessable."""

import math

from cocreate.workshops.codes import (
    ALPHABET,
    JOIN_CODE_LENGTH,
    RECEIPT_CODE_LENGTH,
    format_receipt,
    is_valid_code,
    new_join_code,
    new_receipt_code,
    normalize_code,
    participant_hash,
)


def test_alphabet_has_no_look_alikes():
    for confusable in "0O1IL":
        assert confusable not in ALPHABET
    assert len(set(ALPHABET)) == len(ALPHABET) == 31


def test_join_codes_are_six_readable_characters_with_enough_entropy():
    codes = {new_join_code() for _ in range(2000)}
    assert all(len(c) == JOIN_CODE_LENGTH and set(c) <= set(ALPHABET) for c in codes)
    assert len(codes) == 2000  # no repeats in a sample: 887 million possibilities
    assert math.log2(len(ALPHABET)) * JOIN_CODE_LENGTH > 29
    assert math.log2(len(ALPHABET)) * RECEIPT_CODE_LENGTH > 49


def test_receipt_codes_are_formatted_and_normalized_back():
    code = new_receipt_code()
    shown = format_receipt(code)
    assert shown[5] == "-" and len(shown) == 11
    assert normalize_code(shown.lower()) == code
    assert is_valid_code(code, RECEIPT_CODE_LENGTH)
    assert not is_valid_code(code[:-1] + "0", RECEIPT_CODE_LENGTH)


def test_participant_hash_differs_per_workshop_and_hides_the_token():
    token = "a" * 43
    assert participant_hash(1, token) != participant_hash(2, token)
    assert token not in participant_hash(1, token) and len(participant_hash(1, token)) == 64
