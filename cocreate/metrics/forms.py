"""Forms for the dashboard filter, publishing, reference upload, profile and survey."""

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms 3.2
from wtforms.validators import InputRequired, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import Form
from .dashboard import PANELS
from .labels import FOLLOWUP_QUESTIONS, QUESTIONS
from .models import SURVEY_COMMENT


def _optional_int(value: Any) -> int | None:
    if value in (None, "", "None"):
        return None
    return int(value)  # text that is no number fails the choice: a clear error


class ScopeForm(Form):
    """The dashboard's filter, sent with GET (no CSRF needed for a read)."""

    class Meta:
        csrf = False

    utfordring = SelectField(_l("Utfordring"), coerce=_optional_int, validators=[Optional()])
    prinsipp = SelectField(_l("Prinsipp"), coerce=_optional_int, validators=[Optional()])
    malbilde = SelectField(_l("Målbilde"), coerce=_optional_int, validators=[Optional()])
    fra = DateField(_l("Fra og med"), validators=[Optional()])
    til = DateField(_l("Til og med"), validators=[Optional()])

    def validate_til(self, field: DateField) -> None:
        if field.data and self.fra.data and field.data < self.fra.data:
            raise ValidationError(str(_l("Sluttdatoen må være etter startdatoen.")))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PublishForm(Form):
    panels = MultiCheckboxField(
        _l("Vis disse tallene på den offentlige siden"),
        choices=[SelectChoice(key, label) for key, label in PANELS.items()],
        validate_choice=True,
    )


class PopulationUploadForm(Form):
    kind = RadioField(
        _l("Filtype"),
        choices=[
            SelectChoice(
                "ssb07459", _l("SSB tabell 07459 (alder og kjønn), semikolonseparert CSV")
            ),
            SelectChoice("district", _l("Bydelsfil (bydel, befolkning, år), CSV")),
        ],
        default="ssb07459",
        validators=[InputRequired(message=_l("Velg filtype."))],
    )
    file = FileField(_l("Fil"), validators=[FileRequired(message=_l("Velg en fil å laste opp."))])


SCALE = [SelectChoice(str(n), str(n)) for n in range(1, 6)]


def _scale_field(name: str) -> RadioField:
    return RadioField(
        QUESTIONS[name],
        choices=SCALE,
        validators=[InputRequired(message=_l("Velg et tall fra 1 til 5."))],
    )


class SurveyForm(Form):
    felt_heard = _scale_field("felt_heard")
    understood = _scale_field("understood")
    would_return = _scale_field("would_return")
    comment = TextAreaField(
        _l("Vil du si noe mer? (valgfritt)"),
        validators=[Optional(), SURVEY_COMMENT.validator()],
    )


class FollowUpForm(Form):
    """«Gjorde det en forskjell?»: two questions (1–5) and an optional comment."""

    made_difference = RadioField(
        FOLLOWUP_QUESTIONS["made_difference"],
        choices=SCALE,
        validators=[InputRequired(message=_l("Velg et tall fra 1 til 5."))],
    )
    in_use = RadioField(
        FOLLOWUP_QUESTIONS["in_use"],
        choices=SCALE,
        validators=[InputRequired(message=_l("Velg et tall fra 1 til 5."))],
    )
    comment = TextAreaField(
        _l("Vil du si noe mer? (valgfritt)"),
        validators=[Optional(), SURVEY_COMMENT.validator()],
    )
