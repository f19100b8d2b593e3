"""Forms of meetings; they only validate (the services check again). Times are typed in Oslo
local time and stored as UTC instants."""

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms 3.2
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from ..forms import Form, strip_filter
from .calendar import EMAIL
from .models import (
    ACCESSIBILITY,
    AGENDA,
    MAX_CAPACITY,
    MEETING_ADDRESS,
    MEETING_PLACE,
    MEETING_TITLE,
    MINUTES,
    OTHER_NEEDS,
    SIGNUP_NAME,
    MeetingKind,
)

OSLO = ZoneInfo("Europe/Oslo")


def oslo_instant(day: date, at: time) -> datetime:
    """A wall-clock time in Oslo as a UTC instant."""
    return datetime.combine(day, at, tzinfo=OSLO).astimezone(UTC)


class DayField(DateField):
    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Skriv en gyldig dato, for eksempel 2026-09-01."))) from error


class ClockField(TimeField):
    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Skriv et gyldig klokkeslett, for eksempel 18:00."))) from error


class CapacityField(StringField):
    """A whole number of places; empty means no limit."""

    data: Any
    parse_error: str = ""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.raw = (valuelist[0] if valuelist else "") or ""
        text = "".join(self.raw.split())
        self.data, self.parse_error = None, ""
        if not text:
            return
        if not text.isdecimal() or int(text) < 1:
            self.parse_error = str(_l("Antall plasser må være et helt tall fra 1 og oppover."))
        elif int(text) > MAX_CAPACITY:
            self.parse_error = str(_l("Antall plasser er for stort."))
        else:
            self.data = int(text)

    def _value(self) -> str:
        if getattr(self, "raw", None) is not None:
            return self.raw
        return str(self.data) if self.data is not None else ""

    def pre_validate(self, form: Any) -> None:
        if self.parse_error:
            raise ValidationError(self.parse_error)


class MeetingForm(Form):
    kind = RadioField(
        _l("Slags møte"),
        validators=[InputRequired(message=_l("Velg om det er et verksted eller et folkemøte."))],
    )
    workshop = SelectField(_l("Knytt til et verksted i utfordringen (valgfritt)"), choices=[])
    title = StringField(
        _l("Tittel"),
        filters=[strip_filter],
        validators=[DataRequired(message=_l("Skriv en tittel.")), MEETING_TITLE.validator()],
    )
    place = StringField(
        _l("Sted"),
        filters=[strip_filter],
        validators=[DataRequired(message=_l("Skriv hvor møtet er.")), MEETING_PLACE.validator()],
    )
    address = StringField(
        _l("Adresse"), filters=[strip_filter], validators=[MEETING_ADDRESS.validator()]
    )
    accessibility = TextAreaField(
        _l("Tilgjengelighet på stedet"),
        filters=[strip_filter],
        validators=[ACCESSIBILITY.validator()],
    )
    day = DayField(_l("Dato"), validators=[InputRequired(message=_l("Velg datoen for møtet."))])
    starts = ClockField(
        _l("Starter kl."), validators=[InputRequired(message=_l("Skriv når møtet starter."))]
    )
    ends = ClockField(
        _l("Slutter kl."), validators=[InputRequired(message=_l("Skriv når møtet slutter."))]
    )
    capacity = CapacityField(_l("Antall plasser (tomt: ubegrenset)"))
    signups_open = BooleanField(_l("Påmeldingen er åpen"), default=True)
    agenda = TextAreaField(
        _l("Dagsorden (Markdown)"), filters=[strip_filter], validators=[AGENDA.validator()]
    )
    minutes = TextAreaField(
        _l("Referat (Markdown, ett punkt per linje eller kulepunkt)"),
        filters=[strip_filter],
        validators=[MINUTES.validator()],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [SelectChoice(k.value, k.label) for k in MeetingKind]

    def validate_ends(self, field: Any) -> None:
        if self.starts.data and field.data and field.data <= self.starts.data:
            raise ValidationError(str(_l("Møtet må slutte etter at det begynner.")))


class SignupForm(Form):
    name = StringField(
        _l("Navn"),
        filters=[strip_filter],
        validators=[DataRequired(message=_l("Skriv navnet ditt.")), SIGNUP_NAME.validator()],
    )
    email = StringField(
        _l("E-postadresse"),
        filters=[strip_filter],
        validators=[DataRequired(message=_l("Skriv e-postadressen din."))],
    )
    interpreter = BooleanField(_l("Tolk (for eksempel tegnspråktolk)"))
    hearing_loop = BooleanField(_l("Teleslynge"))
    step_free = BooleanField(_l("Trinnfri adkomst"))
    other_needs = TextAreaField(
        _l("Andre behov"), filters=[strip_filter], validators=[Optional(), OTHER_NEEDS.validator()]
    )

    def validate_email(self, field: Any) -> None:
        value = field.data or ""
        if len(value) > 254 or not EMAIL.match(value):
            raise ValidationError(
                str(_l("Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no."))
            )


class ConfirmForm(Form):
    """A button with CSRF only (cancel a sign-up, turn minutes into inputs)."""
