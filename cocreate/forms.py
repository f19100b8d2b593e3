"""Shared form pieces: the base form every feature's forms derive from, and its validators."""

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import ValidationError


class CleanText:
    """Refuse NUL bytes and other control characters (tab and newlines are fine)."""

    message = _l("Teksten inneholder tegn som ikke er tillatt.")

    def __call__(self, form: Any, field: Any) -> None:
        value = field.data
        if isinstance(value, str) and any(ord(c) < 32 and c not in "\t\n\r" for c in value):
            raise ValidationError(str(self.message))


class Form(FlaskForm):
    """Every form in Samskap: each field is bound with CleanText, so no text reaches a service or
    the database with a NUL byte or another control character, whatever the form forgot."""

    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict) -> Any:
            field = super().bind_field(form, unbound_field, options)  # type: ignore[misc]
            if not any(isinstance(v, CleanText) for v in field.validators):
                field.validators = [*field.validators, CleanText()]
            return field


def strip_filter(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value
