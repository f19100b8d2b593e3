"""Forms of the settings page; they only validate (the services check again and save)."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, NumberRange, Optional, ValidationError

from ..accounts.models import EMAIL
from ..forms import Form, strip_filter
from ..municipalities.models import (
    ANSWER_DEADLINE_RANGE,
    CONTACT_TEXT,
    DESCRIPTION,
    DISTRICT_NAME,
    FOLLOWUP_MONTHS_RANGE,
    INTRO,
)

DEADLINE_MESSAGE = _l(
    "Svarfristen må være et helt antall dager fra %(min)d til %(max)d.",
    min=ANSWER_DEADLINE_RANGE[0],
    max=ANSWER_DEADLINE_RANGE[1],
)

FOLLOWUP_MESSAGE = _l(
    "Oppfølgingen må komme etter et helt antall måneder fra %(min)d til %(max)d.",
    min=FOLLOWUP_MONTHS_RANGE[0],
    max=FOLLOWUP_MONTHS_RANGE[1],
)


class SettingsForm(Form):
    intro = TextAreaField(_l("Ingress"), validators=[INTRO.validator()], filters=[strip_filter])
    description = TextAreaField(
        _l("Beskrivelse"), validators=[DESCRIPTION.validator()], filters=[strip_filter]
    )
    contact_email = EmailField(
        _l("E-post til kommunen"),
        validators=[
            Optional(),
            EMAIL.validator(),
            Email(message=_l("Skriv inn en gyldig e-postadresse."), check_deliverability=False),
        ],
        filters=[strip_filter],
    )
    contact_text = TextAreaField(
        _l("Postadresse og telefon"),
        validators=[CONTACT_TEXT.validator()],
        filters=[strip_filter],
    )
    answer_deadline_days = IntegerField(
        _l("Svarfrist i dager"),
        validators=[
            Optional(),
            NumberRange(
                min=ANSWER_DEADLINE_RANGE[0], max=ANSWER_DEADLINE_RANGE[1], message=DEADLINE_MESSAGE
            ),
        ],
    )
    followup_months = IntegerField(
        _l("Oppfølging etter gjennomføring, i måneder"),
        validators=[
            Optional(),
            NumberRange(
                min=FOLLOWUP_MONTHS_RANGE[0], max=FOLLOWUP_MONTHS_RANGE[1], message=FOLLOWUP_MESSAGE
            ),
        ],
    )


class _OnePartOfAPage(Form):
    """One of several forms on one page: a prefix keeps their ids and names apart (each has
    a csrf_token field)."""

    prefix = ""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", self.prefix)
        super().__init__(*args, **kwargs)


class LogoForm(_OnePartOfAPage):
    prefix = "logo"
    logo = FileField(
        _l("Ny logo"), validators=[FileRequired(message=_l("Velg en bildefil å laste opp."))]
    )


class SharingForm(_OnePartOfAPage):
    prefix = "deling"
    share = BooleanField(_l("Del det kommunen har gjort, og målingene, med andre kommuner"))


class RemoveLogoForm(_OnePartOfAPage):
    """Only the CSRF token: removing asks for nothing else."""

    prefix = "fjern-logo"


def _name_field(label):
    return StringField(
        label,
        validators=[
            DataRequired(message=_l("Skriv navnet på bydelen.")),
            DISTRICT_NAME.validator(),
        ],
        filters=[strip_filter],
    )


class DistrictForm(_OnePartOfAPage):
    prefix = "ny-bydel"
    name = _name_field(_l("Navn på ny bydel eller grend"))
    population = IntegerField(
        _l("Innbyggertall (valgfritt)"),
        validators=[
            Optional(),
            NumberRange(min=0, message=_l("Innbyggertallet må være et helt tall, 0 eller større.")),
        ],
    )


class RenameDistrictForm(Form):
    name = _name_field(_l("Nytt navn"))


class MergeDistrictForm(Form):
    # Checked against the municipality's districts by the route and the service.
    target = SelectField(_l("Slå sammen med"), coerce=int, choices=[], validate_choice=False)
    confirm = BooleanField(_l("Jeg forstår at denne bydelen blir borte"))

    def validate_confirm(self, field) -> None:
        if not field.data:
            raise ValidationError(str(_l("Kryss av for å bekrefte sammenslåingen.")))
