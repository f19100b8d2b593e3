"""The download form: the written standard and the file format."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import InputRequired

LANGUAGES = (("nb", _l("Bokmål")), ("nn", _l("Nynorsk")))
FORMATS = (("pdf", _l("PDF (tilgjengelig, til saksframlegget)")), ("docx", _l("Word (.docx)")))


class ReportForm(FlaskForm):
    sprak = RadioField(_l("Målform"), choices=LANGUAGES, validators=[InputRequired()])
    format = RadioField(
        _l("Filformat"), choices=FORMATS, default="pdf", validators=[InputRequired()]
    )
