"""Forms for workshops; they only validate (the services decide and save)."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms 3.2
from wtforms.validators import (
    URL,
    DataRequired,
    InputRequired,
    NumberRange,
    Optional,
    ValidationError,
)

from ..accounts.models import AGE_LABELS, GENDER_LABELS, AgeBand, Gender
from ..forms import Form, strip_filter
from ..ideas.models import (
    CASE_NUMBER,
    IDEA_BODY,
    IDEA_TITLE,
    RECEIVED_VIA_LABELS,
    SENDER_CONTACT,
    Channel,
    ReceivedVia,
)
from ..ideas.reasons import REASONS
from .models import (
    LINK,
    NOTE_TEXT,
    PLACE,
    THEME_TITLE,
    WORKSHOP_DESCRIPTION,
    WORKSHOP_TITLE,
    WorkshopFormat,
)

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class WorkshopForm(Form):
    title = StringField(
        _l("Tittel"),
        validators=[
            DataRequired(message=_l("Gi verkstedet en tittel.")),
            WORKSHOP_TITLE.validator(),
        ],
        filters=[strip_filter],
    )
    format = RadioField(
        _l("Format"),
        choices=[(f.value, f.label) for f in WorkshopFormat],
        default=WorkshopFormat.physical.value,
        validators=[DataRequired(message=_l("Velg format."))],
    )
    place = StringField(_l("Sted"), validators=[PLACE.validator()], filters=[strip_filter])
    link = URLField(
        _l("Lenke til digitalt møte"),
        validators=[
            Optional(),
            LINK.validator(),
            URL(require_tld=False, message=_l("Skriv en hel lenke som begynner med https://.")),
        ],
        filters=[strip_filter],
    )
    starts_at = DateTimeLocalField(
        _l("Starter"),
        format=DATETIME_FORMAT,
        validators=[DataRequired(message=_l("Skriv dato og klokkeslett for starten."))],
    )
    ends_at = DateTimeLocalField(
        _l("Slutter"),
        format=DATETIME_FORMAT,
        validators=[DataRequired(message=_l("Skriv dato og klokkeslett for slutten."))],
    )
    description = TextAreaField(
        _l("Beskrivelse"), validators=[WORKSHOP_DESCRIPTION.validator()], filters=[strip_filter]
    )
    dots_per_person = IntegerField(
        _l("Prikker per deltaker"),
        default=3,
        validators=[
            InputRequired(message=_l("Skriv et tall mellom 1 og 20.")),
            NumberRange(min=1, max=20, message=_l("Skriv et tall mellom 1 og 20.")),
        ],
    )

    def validate_link(self, field) -> None:
        if field.data and not field.data.lower().startswith(("https://", "http://")):
            raise ValidationError(str(_l("Skriv en hel lenke som begynner med https://.")))


class JoinForm(Form):
    class Meta:
        csrf = False  # a GET form that only leads to /w/<code>

    kode = StringField(_l("Verkstedkode"), validators=[DataRequired()], filters=[strip_filter])


class NoteForm(Form):
    text = TextAreaField(
        _l("Din lapp"),
        validators=[
            DataRequired(message=_l("Skriv noe på lappen.")),
            NOTE_TEXT.validator(),
        ],
        filters=[strip_filter],
    )


class CheckinForm(Form):
    age_band = SelectField(
        _l("Alder"),
        choices=[("", _l("Vil ikke svare"))] + [(b.value, AGE_LABELS[b]) for b in AgeBand],
        default="",
    )
    gender = SelectField(
        _l("Kjønn"),
        choices=[("", _l("Vil ikke svare")), *((g.value, GENDER_LABELS[g]) for g in Gender)],
        default="",
    )
    district = SelectField(_l("Bydel eller område"), choices=[], default="")


class HeadcountForm(Form):
    headcount = IntegerField(
        _l("Antall til stede"),
        validators=[
            InputRequired(message=_l("Skriv hvor mange som var til stede.")),
            NumberRange(min=0, max=100_000, message=_l("Skriv et antall mellom 0 og 100 000.")),
        ],
    )


class OfflineNoteForm(Form):
    """A post-it from the physical wall."""

    text = TextAreaField(
        _l("Teksten på lappen"),
        validators=[
            DataRequired(message=_l("Skriv teksten på lappen.")),
            NOTE_TEXT.validator(),
        ],
        filters=[strip_filter],
    )
    dots = IntegerField(
        _l("Prikker på lappen"),
        default=0,
        validators=[
            Optional(),
            NumberRange(min=0, max=10_000, message=_l("Skriv 0 eller et positivt tall.")),
        ],
    )


class HideForm(Form):
    # No reason is chosen for the facilitator: hiding needs a deliberate one (the service refuses
    # an empty choice with «Velg en grunn.»).
    reason = SelectField(
        _l("Grunn"), choices=[("", _l("Velg en grunn")), *REASONS.items()], default=""
    )


class MergeForm(Form):
    duplicate = SelectField(_l("Duplikat"), coerce=int, choices=[])
    target = SelectField(_l("Slå sammen inn i"), coerce=int, choices=[])


class ThemeForm(Form):
    title = StringField(
        _l("Nytt tema"),
        validators=[DataRequired(message=_l("Gi temaet et navn.")), THEME_TITLE.validator()],
        filters=[strip_filter],
    )


class OfflineInputForm(Form):
    """A letter, phone call or post-it typed in by staff."""

    title = StringField(
        _l("Tittel"),
        validators=[
            DataRequired(message=_l("Gi innspillet en tittel.")),
            IDEA_TITLE.validator(),
        ],
        filters=[strip_filter],
    )
    body = TextAreaField(
        _l("Innspillet"), validators=[IDEA_BODY.validator()], filters=[strip_filter]
    )
    channel = RadioField(
        _l("Kanal"),
        choices=[
            (Channel.registered.value, _l("Registrert av kommunen (brev, telefon, møte)")),
            (Channel.workshop.value, _l("Verksted (post-it-lapp)")),
        ],
        default=Channel.registered.value,
    )
    received_via = RadioField(
        _l("Hvordan kom innspillet inn?"),
        choices=[SelectChoice(via.value, RECEIVED_VIA_LABELS[via]) for via in ReceivedVia],
        default=ReceivedVia.letter.value,
    )
    received_on = DateField(_l("Dato innspillet kom inn"), validators=[Optional()])
    case_number = StringField(
        _l("Saks- eller journalnummer (valgfritt)"),
        validators=[Optional(), CASE_NUMBER.validator()],
        filters=[strip_filter],
    )
    sender_contact = StringField(
        _l("Slik når vi avsenderen (valgfritt)"),
        validators=[Optional(), SENDER_CONTACT.validator()],
        filters=[strip_filter],
    )
    workshop = SelectField(_l("Verksted"), choices=[], default="")
    dots = IntegerField(
        _l("Prikker fra prikkstemming på verkstedet"),
        default=0,
        validators=[
            Optional(),
            NumberRange(min=0, max=10_000, message=_l("Skriv 0 eller et positivt tall.")),
        ],
    )
