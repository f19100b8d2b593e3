"""Forms of translations; they only validate (services check again)."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms 3.2
from wtforms.validators import DataRequired, Length

from ..forms import Form, strip_filter

MALFORM_CHOICES = [
    SelectChoice("nb", _l("Bokmål")),
    SelectChoice("nn", _l("Nynorsk")),
    SelectChoice("neutral-nb", _l("Nøytral (dokumenter og brev på bokmål)")),
    SelectChoice("neutral-nn", _l("Nøytral (dokumenter og brev på nynorsk)")),
]
TRANSLATION_MAX = 20000


class MalformForm(Form):
    malform = SelectField(
        _l("Målform"),
        choices=MALFORM_CHOICES,
        validate_choice=True,
    )


class CheckTranslationForm(Form):
    text = TextAreaField(
        _l("Din oversettelse"),
        filters=[strip_filter],
        validators=[
            DataRequired(message=_l("Skriv oversettelsen.")),
            Length(max=TRANSLATION_MAX, message=_l("Oversettelsen er for lang.")),
        ],
    )
