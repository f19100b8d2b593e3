"""Shared form pieces: validators every feature uses."""

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError


class CleanText:
    """Refuse NUL bytes and other control characters (tab and newlines are fine)."""

    message = _l("Teksten inneholder tegn som ikke er tillatt.")

    def __call__(self, form, field) -> None:  # type: ignore[no-untyped-def]
        value = field.data or ""
        if any(ord(c) < 32 and c not in "\t\n\r" for c in value):
            raise ValidationError(str(self.message))


def strip_filter(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value
