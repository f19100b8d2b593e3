"""The comparison's filter: a calendar year or a principle (sent with GET)."""

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import Optional

from ..forms import Form


def _optional_int(value: Any) -> int | None:
    if value in (None, "", "None"):
        return None
    return int(value)  # text that is no number fails the choice: a clear error


class ComparisonForm(Form):
    """Year and principle of the comparison (a read: no CSRF needed)."""

    class Meta:
        csrf = False

    aar = SelectField(_l("År"), coerce=_optional_int, validators=[Optional()])
    prinsipp = SelectField(_l("Prinsipp"), coerce=_optional_int, validators=[Optional()])
