from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from ..forms import Form, strip_filter
from .models import DISPLAY_NAME, EMAIL
from .passwords import MIN_LENGTH, is_common_password


def _strong_password(form, field) -> None:
    if is_common_password(field.data or ""):
        raise ValidationError(str(_l("Dette passordet er blant de mest brukte. Velg et annet.")))


def new_password_field(label) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(message=_l("Skriv inn et passord.")),
            Length(
                min=MIN_LENGTH,
                max=200,
                message=_l("Passordet må ha minst %(n)s tegn.", n=MIN_LENGTH),
            ),
            _strong_password,
        ],
    )


EMAIL_VALIDATORS = [
    DataRequired(message=_l("Skriv inn e-postadressen din.")),
    EMAIL.validator(),
    Email(
        message=_l("Skriv inn en gyldig e-postadresse, for eksempel navn@eksempel.no."),
        check_deliverability=False,
    ),
]


class RegisterForm(Form):
    email = EmailField(_l("E-post"), validators=EMAIL_VALIDATORS, filters=[strip_filter])
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
    old_enough = BooleanField(_l("Jeg er gammel nok til å bruke tjenesten"))

    def validate_old_enough(self, field) -> None:
        if not field.data:
            raise ValidationError(
                str(
                    _l(
                        "Du må være minst %(age)s år for å registrere deg.",
                        age=current_app.config["MIN_AGE"],
                    )
                )
            )


class LoginForm(Form):
    email = EmailField(_l("E-post"), validators=EMAIL_VALIDATORS, filters=[strip_filter])
    password = PasswordField(
        _l("Passord"), validators=[DataRequired(message=_l("Skriv inn passordet."))]
    )
    remember = BooleanField(_l("Husk meg på denne enheten"))


class ForgotPasswordForm(Form):
    email = EmailField(_l("E-post"), validators=EMAIL_VALIDATORS, filters=[strip_filter])


class ResetPasswordForm(Form):
    password = new_password_field(_l("Nytt passord (minst 10 tegn)"))
    confirm = PasswordField(
        _l("Gjenta passordet"),
        validators=[EqualTo("password", message=_l("Passordene er ikke like."))],
    )


class ChangePasswordForm(Form):
    current = PasswordField(
        _l("Nåværende passord"), validators=[DataRequired(message=_l("Skriv inn passordet."))]
    )
    password = new_password_field(_l("Nytt passord (minst 10 tegn)"))
    confirm = PasswordField(
        _l("Gjenta det nye passordet"),
        validators=[EqualTo("password", message=_l("Passordene er ikke like."))],
    )


class SettingsForm(Form):
    display_name = StringField(
        _l("Navn"),
        validators=[DataRequired(message=_l("Skriv inn navnet ditt.")), DISPLAY_NAME.validator()],
        filters=[strip_filter],
    )
    show_name = BooleanField(_l("Vis navnet mitt offentlig ved innspill og kommentarer"))
    locale = SelectField(
        _l("Språk"),
        choices=[("", _l("Automatisk")), ("nb", "Bokmål"), ("nn", "Nynorsk"), ("en", "English")],
    )
