"""Counts of voters as the public sees them (DESIGN.md §3, k = 5): below 5 hidden, otherwise
rounded to the nearest multiple of 5, as metrics/disclosure.py publishes counts of persons.
Written here too because budgeting sits below metrics (features.LAYERS); a test holds the two
to the same answers."""

import math

K = 5
BASE = 5


def published_count(n: int) -> int | None:
    """None below K (shown «færre enn 5»), else the nearest multiple of 5."""
    if n < K:
        return None
    return BASE * math.floor(n / BASE + 0.5)
