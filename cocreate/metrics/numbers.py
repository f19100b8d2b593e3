"""Numbers as the reader's language writes them, through Babel: «1 234,5» and «51 %» in
Norwegian, «1,234.5» and «51%» in English. Charts, tables and findings all format through here
(templates through the macros in templates/metrics/_macros.html, which call the same Babel)."""

from typing import Any

from flask_babel import format_decimal, format_percent, get_locale


def number(value: Any) -> str:
    """A count with thousands grouped; «–» for a missing figure."""
    if value is None:
        return "–"
    return str(format_decimal(value, "#,##0"))


def decimal(value: Any, digits: int = 1) -> str:
    """A decimal number with `digits` decimals."""
    if value is None:
        return "–"
    return str(format_decimal(value, "#,##0." + "0" * digits if digits else "#,##0"))


def percent(value: Any, digits: int = 0) -> str:
    """A share (0–1) as a percentage with `digits` decimals; the locale places the % sign."""
    if value is None:
        return "–"
    pattern = get_locale().percent_formats[None].pattern  # nb «#,##0 %», en «#,##0%»
    if digits:
        last = pattern.rindex("0")
        pattern = pattern[: last + 1] + "." + "0" * digits + pattern[last + 1 :]
    return str(format_percent(value, pattern))
