"""Words for the comparison's indicators and size bands (one place for page, dashboard and docs)."""

from flask_babel import lazy_gettext as _l

from .figures import UNKNOWN_BAND

INDICATOR_LABELS = {
    "closure": _l("Tilbakemelding"),
    "median_days": _l("Median dager til svar"),
    "yield": _l("Andel gjennomført"),
    "promise_kept": _l("Løfte holdt"),
    "representativeness": _l("Representativitet (laveste R)"),
    "stalled": _l("Står stille"),
}
# Shares print as per cent, time to answer in days, R as a number from 0 to 1.
INDICATOR_KIND = {
    "closure": "share",
    "median_days": "days",
    "yield": "share",
    "promise_kept": "share",
    "representativeness": "r",
    "stalled": "share",
}
# Which way is better: a lower time to answer and fewer stalled inputs.
LOWER_IS_BETTER = {"median_days", "stalled"}
FORMULA_KEYS = {
    "closure": "closure",
    "median_days": "time_to_answer",
    "yield": "funnel",
    "promise_kept": "promise_kept",
    "representativeness": "representativeness",
    "stalled": "stalled",
}
BAND_LABELS = {
    "under-5000": _l("under 5 000 innbyggere"),
    "5000-19999": _l("5 000–19 999 innbyggere"),
    "20000-49999": _l("20 000–49 999 innbyggere"),
    "50000-99999": _l("50 000–99 999 innbyggere"),
    "100000-": _l("100 000 innbyggere eller flere"),
    UNKNOWN_BAND: _l("ukjent folketall"),
}
