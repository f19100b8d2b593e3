"""Forms of the archive; they only validate (the services check the rules again)."""

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, StringField
from wtforms.validators import Optional, ValidationError

from ..forms import Form
from ..limits import TextLimit
from .models import CASE_NUMBER, CASE_NUMBER_PATTERN, JOURNAL_NUMBER, JOURNAL_NUMBER_PATTERN


class NumberFormat:
    """A number in the archive's form (year/number); the message is the field's TextLimit's."""

    def __init__(self, limit: TextLimit, pattern: re.Pattern[str]) -> None:
        self.limit, self.pattern = limit, pattern

    def __call__(self, form: Any, field: Any) -> None:
        if field.data and not self.pattern.match(field.data):
            raise ValidationError(self.limit.explain(field.data))


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class CaseNumberForm(Form):
    case_number = StringField(
        _l("Saksnummer i arkivet (for eksempel 2026/1234)"),
        filters=[_strip],
        validators=[
            Optional(),
            CASE_NUMBER.validator(),
            NumberFormat(CASE_NUMBER, CASE_NUMBER_PATTERN),
        ],
    )


class JournalNumberForm(Form):
    journal_number = StringField(
        _l("Journalnummer (for eksempel 2026/5678)"),
        filters=[_strip],
        validators=[
            Optional(),
            JOURNAL_NUMBER.validator(),
            NumberFormat(JOURNAL_NUMBER, JOURNAL_NUMBER_PATTERN),
        ],
    )


class InputNumberForm(JournalNumberForm):
    sender_is_organisation = BooleanField(
        _l("Avsenderen er en organisasjon (navnet står i offentlig journal)")
    )


class ExportForm(Form):
    challenge = IntegerField(_l("Utfordring (valgfritt)"), validators=[Optional()])
    start = DateField(_l("Fra og med dato (valgfritt)"), validators=[Optional()])
    end = DateField(_l("Til og med dato (valgfritt)"), validators=[Optional()])

    def validate_end(self, field: DateField) -> None:
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("Til-datoen kan ikke være før fra-datoen."))
