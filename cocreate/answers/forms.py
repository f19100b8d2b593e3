"""Forms for notes, answer templates and bulk answers; they only validate (services check the
rules again)."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional, ValidationError

from ..forms import Form
from ..ideas.stages import Stage
from ..pipeline.models import ANSWER, REFERENCE
from .bulk import BulkAction
from .models import NOTE, TEMPLATE_BODY, TEMPLATE_TITLE


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class NoteForm(Form):
    body = TextAreaField(
        _l("Internt notat"),
        filters=[_strip],
        validators=[DataRequired(message=_l("Skriv notatet.")), NOTE.validator()],
    )


class TemplateForm(Form):
    title = StringField(
        _l("Navn på malen"),
        filters=[_strip],
        validators=[DataRequired(message=_l("Gi malen et navn.")), TEMPLATE_TITLE.validator()],
    )
    body = TextAreaField(
        _l("Tekst"),
        filters=[_strip],
        validators=[DataRequired(message=_l("Skriv teksten i malen.")), TEMPLATE_BODY.validator()],
    )


class BulkForm(Form):
    action = RadioField(
        _l("Hva skal skje med innspillene?"),
        choices=[(action.value, action.label) for action in BulkAction],
        default=BulkAction.move.value,
        validators=[DataRequired(message=_l("Velg hva som skal skje med innspillene."))],
    )
    to_stage = SelectField(_l("Nytt steg (når innspillene flyttes)"), validators=[Optional()])
    answer = TextAreaField(
        _l("Offentlig svar"),
        filters=[_strip],
        validators=[DataRequired(message=_l("Skriv et offentlig svar.")), ANSWER.validator()],
    )
    reference = StringField(
        _l("Referanse (valgfritt)"),
        filters=[_strip],
        validators=[Optional(), REFERENCE.validator()],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.to_stage.choices = [("", _l("Velg steg"))] + [
            (stage.value, stage.label) for stage in Stage if stage is not Stage.heard
        ]

    def validate_to_stage(self, field) -> None:
        if self.action.data == BulkAction.move.value and not field.data:
            raise ValidationError(str(_l("Velg hvilket steg innspillene skal til.")))

    @property
    def bulk_action(self) -> BulkAction:
        return BulkAction(self.action.data)

    @property
    def stage(self) -> Stage | None:
        return Stage(self.to_stage.data) if self.to_stage.data else None
