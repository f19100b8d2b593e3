"""Forms of the staff page and of the invitation link; they only validate."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired

from ..accounts.forms import EMAIL_VALIDATORS, new_password_field
from ..accounts.models import DISPLAY_NAME
from ..forms import Form, strip_filter

ROLE_CHOICES = [
    ("case_officer", _l("Saksbehandler")),
    ("facilitator", _l("Fasilitator")),
    ("admin", _l("Administrator")),
]


class InviteForm(Form):
    email = EmailField(_l("E-postadresse"), validators=EMAIL_VALIDATORS, filters=[strip_filter])
    role = RadioField(
        _l("Rolle"),
        choices=ROLE_CHOICES,
        default="facilitator",
        validators=[InputRequired(message=_l("Velg en rolle."))],
    )


class RoleForm(Form):
    role = SelectField(
        _l("Ny rolle"),
        choices=ROLE_CHOICES,
        validators=[InputRequired(message=_l("Velg en rolle."))],
    )


class ConfirmForm(Form):
    """A button and the CSRF token (remove, withdraw, re-send, accept with an account)."""


class AcceptForm(Form):
    """Accepting with a new account, or one never confirmed: a name and a password."""

    display_name = StringField(
        _l("Navn"),
        validators=[DataRequired(message=_l("Skriv inn navnet ditt.")), DISPLAY_NAME.validator()],
        filters=[strip_filter],
    )
    password = new_password_field(_l("Passord (minst 10 tegn)"))
    confirm = PasswordField(
        _l("Gjenta passordet"),
        validators=[EqualTo("password", message=_l("Passordene er ikke like."))],
    )
