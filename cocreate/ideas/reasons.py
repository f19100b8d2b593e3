"""Reason categories for reports and for hiding content; the public placeholder names one."""

from flask_babel import lazy_gettext as _l

REASONS = {
    "spam": _l("Reklame eller spam"),
    "hets": _l("Hets, trakassering eller diskriminering"),
    "personopplysninger": _l("Personopplysninger om andre"),
    "utenfor_tema": _l("Utenfor tema"),
    "ulovlig": _l("Ulovlig innhold"),
    "annet": _l("Annet"),
}


def reason_label(key: str | None) -> str:
    """The reason's label in the current language ("Annet" for an unknown key)."""
    return str(REASONS.get(key or "", REASONS["annet"]))
