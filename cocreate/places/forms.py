"""Forms for places: they only validate; services save."""

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms 3.2
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import TextInput

from ..forms import Form, strip_filter
from ..municipalities.models import Municipality
from .geo import NORWAY, Box
from .models import PLACE_MODE_LABELS, PLACE_TEXT, PlaceMode
from .rules import why_not_place

DECIMAL_CHOICES = [
    SelectChoice("", _l("Vis punktet slik det er satt")),
    SelectChoice("4", _l("Avrund til om lag 10 meter (4 desimaler)")),
    SelectChoice("3", _l("Avrund til om lag 100 meter (3 desimaler)")),
    SelectChoice("2", _l("Avrund til om lag 1 kilometer (2 desimaler)")),
]


def _coordinate(value: Any) -> float | None:
    """A number typed the Norwegian way (59,91) or the English way (59.91); '' is none."""
    if value in (None, ""):
        return None
    try:
        return float(str(value).strip().replace(",", "."))
    except ValueError as error:
        raise ValueError(str(_l("Skriv et tall, for eksempel 59,9127."))) from error


class CoordinateField(Field):
    """A decimal degree typed as text (a comma is taken as the decimal sign)."""

    widget = TextInput()
    data: Any

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.raw = valuelist[0] if valuelist else ""
        try:
            self.data = _coordinate(self.raw)
        except ValueError as error:
            self.data = None
            raise ValueError(str(error)) from error

    def _value(self) -> str:
        if self.data is None:
            return getattr(self, "raw", "") or ""
        return f"{self.data:.6f}".rstrip("0").rstrip(".")


class PlaceFields(Form):
    """The field group the idea form adds when its challenge asks for a place (no CSRF of its
    own: it is posted inside the idea form, which has it)."""

    lat = CoordinateField(_l("Breddegrad"))
    lon = CoordinateField(_l("Lengdegrad"))
    text = StringField(
        _l("Adresse eller stedsnavn"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=PLACE_TEXT.max, message=PLACE_TEXT.message)],
    )

    def __init__(
        self,
        municipality: Municipality | None = None,
        box: Box = NORWAY,
        mode: PlaceMode = PlaceMode.optional,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("meta", {"csrf": False})
        kwargs.setdefault("prefix", "sted")
        super().__init__(**kwargs)
        self.municipality, self.box, self.mode = municipality, box, mode

    def point(self) -> tuple[float, float] | None:
        if self.lat.data is None or self.lon.data is None:
            return None
        return (self.lat.data, self.lon.data)

    def validate(self, extra_validators: Any = None) -> bool:
        if not super().validate(extra_validators):
            return False
        if (self.lat.data is None) != (self.lon.data is None):
            missing = self.lon if self.lon.data is None else self.lat
            missing.errors = [str(_l("Oppgi både breddegrad og lengdegrad, eller ingen av dem."))]
            return False
        name = self.municipality.name if self.municipality else str(_l("kommunen"))
        reason = why_not_place(name, self.box, self.mode, self.point(), self.text.data or "")
        if reason:
            target = self.lat if self.point() is not None else self.text
            target.errors = [reason]
            return False
        return True


class PlaceSettingsForm(Form):
    mode = RadioField(
        _l("Spør om sted i innspillskjemaet"),
        choices=[SelectChoice(m.value, PLACE_MODE_LABELS[m]) for m in PlaceMode],
        default=PlaceMode.off.value,
        validators=[InputRequired(message=_l("Velg ett av valgene."))],
    )
    decimals = SelectField(
        _l("Avrunding av punktene for personvern"), choices=DECIMAL_CHOICES, default=""
    )


def _latitude(label: Any) -> CoordinateField:
    return CoordinateField(
        label,
        validators=[
            InputRequired(message=_l("Oppgi et tall.")),
            NumberRange(-90, 90, message=_l("Breddegrad er mellom -90 og 90.")),
        ],
    )


def _longitude(label: Any) -> CoordinateField:
    return CoordinateField(
        label,
        validators=[
            InputRequired(message=_l("Oppgi et tall.")),
            NumberRange(-180, 180, message=_l("Lengdegrad er mellom -180 og 180.")),
        ],
    )


class BoundsForm(Form):
    min_lat = _latitude(_l("Sørligste breddegrad"))
    max_lat = _latitude(_l("Nordligste breddegrad"))
    min_lon = _longitude(_l("Vestligste lengdegrad"))
    max_lon = _longitude(_l("Østligste lengdegrad"))

    def validate_max_lat(self, field: Any) -> None:
        if None not in (self.min_lat.data, field.data) and field.data <= self.min_lat.data:
            raise ValidationError(str(_l("Nord må være større enn sør.")))

    def validate_max_lon(self, field: Any) -> None:
        if None not in (self.min_lon.data, field.data) and field.data <= self.min_lon.data:
            raise ValidationError(str(_l("Øst må være større enn vest.")))

    def box(self) -> Box:
        return Box(
            float(self.min_lat.data or 0),
            float(self.min_lon.data or 0),
            float(self.max_lat.data or 0),
            float(self.max_lon.data or 0),
        )
