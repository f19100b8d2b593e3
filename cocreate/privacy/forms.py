"""Forms for privacy statements, account deletion and the optional demographic profile."""

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Optional, ValidationError

from ..accounts.models import AGE_LABELS, EMAIL, GENDER_LABELS, AgeBand, Gender
from ..forms import Form, strip_filter
from .models import DPO_CONTACT, STATEMENT


class StatementForm(Form):
    body = TextAreaField(
        _l("Personvernerklæring"),
        validators=[
            DataRequired(message=_l("Skriv personvernerklæringen.")),
            STATEMENT.validator(),
        ],
    )
    contact_email = EmailField(
        _l("E-post for spørsmål om personvern"),
        validators=[
            Optional(),
            EMAIL.validator(),
            Email(message=_l("Skriv inn en gyldig e-postadresse."), check_deliverability=False),
        ],
        filters=[strip_filter],
    )
    dpo_contact = StringField(
        _l("Personvernombud (navn og kontakt)"),
        validators=[Optional(), DPO_CONTACT.validator()],
        filters=[strip_filter],
    )


class DeleteAccountForm(Form):
    # An account made through ID-porten has no password: it confirms by a recent log-in.
    password = PasswordField(_l("Passordet ditt"))
    remove_contributions = BooleanField(_l("Slett også innspillene og kommentarene mine"))
    confirm = BooleanField(_l("Jeg forstår at kontoen ikke kan gjenopprettes"))

    def validate_password(self, field) -> None:
        if current_user.password_hash is not None and not field.data:
            raise ValidationError(str(_l("Skriv inn passordet.")))

    def validate_confirm(self, field) -> None:
        if not field.data:
            raise ValidationError(str(_l("Kryss av for å bekrefte at du vil slette kontoen.")))


def _enum_choices(cls, labels):
    return [("", _l("Vil ikke oppgi")), *((m.value, labels.get(m, m.value)) for m in cls)]


class ProfileForm(Form):
    age_band = SelectField(
        _l("Aldersgruppe"), choices=_enum_choices(AgeBand, AGE_LABELS), default=""
    )
    gender = SelectField(_l("Kjønn"), choices=_enum_choices(Gender, GENDER_LABELS), default="")
    district = SelectField(_l("Bydel eller område"), choices=[], default="")
    consent = BooleanField(
        _l(
            "Jeg samtykker i at Samskap lagrer disse opplysningene for å lage anonym statistikk "
            "over hvem som deltar"
        )
    )

    def validate_consent(self, field) -> None:
        if not field.data:
            raise ValidationError(
                str(_l("Du må samtykke for at vi kan lagre disse opplysningene."))
            )
