"""The download form: the written standard and the file format."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms 3.2
from wtforms.validators import InputRequired

from ..forms import Form

LANGUAGES = [SelectChoice("nb", _l("Bokmål")), SelectChoice("nn", _l("Nynorsk"))]
FORMATS = [
    SelectChoice("pdf", _l("PDF (tilgjengelig, til saksframlegget)")),
    SelectChoice("docx", _l("Word (.docx)")),
]


class ReportForm(Form):
    sprak = RadioField(_l("Målform"), choices=LANGUAGES, validators=[InputRequired()])
    format = RadioField(
        _l("Filformat"), choices=FORMATS, default="pdf", validators=[InputRequired()]
    )
