"""Forms for moving inputs; they only validate (the service checks the rules again)."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from ..forms import Form
from ..ideas.stages import Stage, allowed_moves
from .models import ANSWER, REFERENCE


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class AnswerForm(Form):
    """A correction or a progress update: the public text and an optional reference (the
    answering unit is the input's department, services.answering_unit)."""

    answer = TextAreaField(
        _l("Offentlig svar"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Skriv et offentlig svar.")),
            ANSWER.validator(),
        ],
    )
    reference = StringField(
        _l("Referanse (valgfritt)"),
        filters=[_strip],
        validators=[Optional(), REFERENCE.validator()],
    )


class ProgressForm(AnswerForm):
    """A progress update; with a date it is a provisional answer (foreløpig svar)."""

    expected_on = DateField(
        _l("Svar kan ventes innen (valgfritt)"),
        validators=[Optional()],
        format="%Y-%m-%d",
    )


class MoveForm(AnswerForm):
    to_stage = SelectField(
        _l("Nytt steg"),
        validators=[DataRequired(message=_l("Velg hvilket steg innspillet skal til."))],
    )
    include_duplicates = BooleanField(
        _l("Gi også innspillene som er slått sammen med dette, det samme svaret"), default=True
    )

    def set_stages(self, current: Stage) -> None:
        self.to_stage.choices = [("", _l("Velg steg"))] + [
            (stage.value, stage.label) for stage in allowed_moves(current)
        ]

    @property
    def stage(self) -> Stage:
        return Stage(self.to_stage.data)
