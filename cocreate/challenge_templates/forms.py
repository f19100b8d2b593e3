"""Forms of templates; they only validate (services check again)."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..challenges.models import TITLE
from ..forms import Form, strip_filter
from .models import TEMPLATE_NOTE


class PublishTemplateForm(Form):
    """Share a concluded challenge as a template, with an optional note to other municipalities."""

    note = TextAreaField(
        _l("Merknad til andre kommuner (valgfri)"),
        filters=[strip_filter],
        validators=[
            Length(
                max=TEMPLATE_NOTE.max,
                message=_l("Merknaden kan ha høyst %(max)d tegn."),
            )
        ],
    )


class UseTemplateForm(Form):
    """Start a new challenge from a template; the title may be changed at once."""

    title = StringField(
        _l("Tittel på den nye utfordringen"),
        filters=[strip_filter],
        validators=[
            DataRequired(message=_l("Skriv en tittel.")),
            Length(max=TITLE.max, message=_l("Tittelen kan ha høyst %(max)d tegn.")),
        ],
    )


class UnpublishTemplateForm(Form):
    """A button and the CSRF token."""
