"""Forms for reporting and for moderation acts; they only validate."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, ValidationError

from ..forms import Form, strip_filter
from ..ideas.reasons import REASONS
from .models import NOTE, REPORT_TEXT


def _int_or_zero(value: object) -> int:
    """A select's value as an int; anything else is 0, which no idea has."""
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0


def reason_choices() -> list[tuple[str, str]]:
    return [(key, str(label)) for key, label in REASONS.items()]


class ReportForm(Form):
    reason = RadioField(
        _l("Hva er galt?"),
        choices=[],
        validators=[InputRequired(message=_l("Velg en grunn."))],
    )
    text = TextAreaField(
        _l("Fortell mer"),
        filters=[strip_filter],
        validators=[
            REPORT_TEXT.validator(),
        ],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reason.choices = reason_choices()

    def validate_text(self, field) -> None:
        if self.reason.data == "annet" and not field.data:
            raise ValidationError(str(_l("Beskriv hva som er galt når du velger «Annet».")))


def _note_field() -> TextAreaField:
    return TextAreaField(
        _l("Begrunnelse (lagres i loggen)"),
        filters=[strip_filter],
        validators=[
            DataRequired(message=_l("Skriv en begrunnelse.")),
            NOTE.validator(),
        ],
    )


class NoteForm(Form):
    """Restore, approve, dismiss reports, suspend and unsuspend: a reason in words."""

    note = _note_field()


class ReasonNoteForm(Form):
    """Hide and reject: a reason category (shown publicly) and a note (for the log)."""

    reason = SelectField(
        _l("Grunn (vises offentlig)"),
        choices=[],
        validators=[InputRequired(message=_l("Velg en grunn."))],
    )
    note = _note_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reason.choices = [("", str(_l("Velg …"))), *reason_choices()]

    def validate_reason(self, field) -> None:
        if field.data not in REASONS:
            raise ValidationError(str(_l("Velg en grunn.")))


class MergeForm(Form):
    """Merge a duplicate: the idea it joins and a note."""

    target = SelectField(
        _l("Slå sammen med"),
        coerce=_int_or_zero,
        choices=[],
        validate_choice=False,
        validators=[InputRequired(message=_l("Velg innspillet det skal slås sammen med."))],
    )
    note = _note_field()

    def validate_target(self, field) -> None:
        if not field.data or field.data not in {value for value, _label in field.choices}:
            raise ValidationError(str(_l("Velg innspillet det skal slås sammen med.")))
