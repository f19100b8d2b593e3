"""Forms of the embeds' staff page: they only validate; services save."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField
from wtforms.validators import InputRequired, Length

from ..forms import Form, strip_filter
from .models import ORIGIN_MAX


class AddOriginForm(Form):
    origin = StringField(
        _l("Adressen til nettstedet"),
        filters=[strip_filter],
        validators=[
            InputRequired(
                _l("Skriv adressen til nettstedet, for eksempel https://www.kommune.no.")
            ),
            Length(max=ORIGIN_MAX, message=_l("Adressen er for lang.")),
        ],
    )


class RemoveOriginForm(Form):
    origin = HiddenField(validators=[InputRequired(_l("Velg nettstedet som skal fjernes."))])
