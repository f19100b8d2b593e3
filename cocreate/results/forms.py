"""Forms of results; they only validate (services check again)."""

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import (
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms 3.2
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from ..extensions import db
from ..forms import Form, strip_filter
from ..pipeline.models import ANSWER
from ..reference.models import Principle, TargetImage
from .models import (
    DECISION_REFERENCE,
    MILESTONE_TITLE,
    RESULT_DESCRIPTION,
    RESULT_TITLE,
    STOP_REASON,
    UPDATE_NOTE,
    ResultStatus,
)

# Spaces (also the non-breaking ones nb uses between thousands), dots, "kr" and ",-" are allowed
# around the digits: "1 250 000 kr" and "1.250.000,-" are both 1250000.
_KRONER_NOISE = re.compile(r"[\s\u00a0\u202f.]|kr\.?|,-$", re.IGNORECASE)


class KronerField(StringField):
    """A sum in whole kroner (empty = not known), with errors in plain Norwegian."""

    data: Any
    parse_error: str = ""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.raw = (valuelist[0] if valuelist else "") or ""
        text = _KRONER_NOISE.sub("", self.raw.strip())
        self.data = None
        self.parse_error = ""
        if not text:
            return
        if text.startswith("-") and text[1:].isdecimal():
            self.parse_error = str(_l("Beløpet kan ikke være negativt."))
        elif not text.isdecimal():
            self.parse_error = str(
                _l("Skriv beløpet i hele kroner, bare med sifre, for eksempel 250 000.")
            )
        elif len(text) > 10 or int(text) > 2**31 - 1:
            self.parse_error = str(_l("Beløpet kan være høyst 2 147 483 647 kroner."))
        else:
            self.data = int(text)

    def _value(self) -> str:
        if getattr(self, "raw", None) is not None:
            return self.raw
        return f"{self.data:,}".replace(",", " ") if self.data is not None else ""

    def pre_validate(self, form: Any) -> None:
        if self.parse_error:
            raise ValidationError(self.parse_error)


class DayField(DateField):
    """A date (the browser's date picker sends YYYY-MM-DD), with its error in plain Norwegian."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Skriv en gyldig dato, for eksempel 2026-09-01."))) from error


class ResultForm(Form):
    title = StringField(
        _l("Tittel på tiltaket"),
        filters=[strip_filter],
        validators=[DataRequired(message=_l("Skriv en tittel.")), RESULT_TITLE.validator()],
    )
    description = TextAreaField(
        _l("Beskrivelse"), filters=[strip_filter], validators=[RESULT_DESCRIPTION.validator()]
    )
    department_id = SelectField(_l("Ansvarlig enhet"), coerce=int, default=0)
    cost_estimate = KronerField(_l("Kostnadsoverslag i kroner (valgfritt)"))
    actual_cost = KronerField(_l("Faktisk kostnad i kroner (når den er kjent)"))
    decision_reference = StringField(
        _l("Vedtak (saksnummer, valgfritt)"),
        filters=[strip_filter],
        validators=[Optional(), DECISION_REFERENCE.validator()],
    )


class ProgressForm(Form):
    progress = StringField(_l("Fremdrift i prosent (0–100)"), filters=[strip_filter])
    status = SelectField(
        _l("Status"),
        validators=[InputRequired(message=_l("Velg en status."))],
    )
    note = TextAreaField(
        _l("Hva er nytt? (vises offentlig)"),
        filters=[strip_filter],
        validators=[DataRequired(message=_l("Skriv hva som er nytt.")), UPDATE_NOTE.validator()],
    )
    stop_reason = TextAreaField(
        _l("Hvorfor er tiltaket stanset? (må fylles ut ved stans)"),
        filters=[strip_filter],
        validators=[Optional(), STOP_REASON.validator()],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = [SelectChoice(s.value, s.label) for s in ResultStatus]

    def validate_progress(self, field: Any) -> None:
        text = (field.data or "").removesuffix("%").strip()
        if not text.isdecimal() or not 0 <= int(text) <= 100:
            raise ValidationError(str(_l("Fremdriften må være et helt tall fra 0 til 100.")))

    def validate_stop_reason(self, field: Any) -> None:
        if self.status.data == ResultStatus.stopped.value and not field.data:
            raise ValidationError(str(_l("Skriv hvorfor tiltaket er stanset.")))

    def progress_value(self) -> int:
        return int((self.progress.data or "0").removesuffix("%").strip())


class LinkInputsForm(Form):
    idea_ids = SelectMultipleField(_l("Innspill"), coerce=int, validate_choice=False)
    # Inputs of the municipality's other challenges, by their number (the services check them).
    other_ids = StringField(
        _l("Innspill fra andre utfordringer i kommunen (numre, skilt med komma)"),
        filters=[strip_filter],
    )

    def _others(self) -> list[str]:
        text = (self.other_ids.data or "").replace(";", ",")
        return [p.strip().lstrip("#") for p in text.split(",") if p.strip()]

    def validate_other_ids(self, field: Any) -> None:
        if any(not p.isdecimal() for p in self._others()):
            raise ValidationError(
                str(_l("Skriv numrene på innspillene med sifre og komma, for eksempel 12, 40."))
            )

    def chosen_ids(self) -> list[int]:
        ids = [*(self.idea_ids.data or []), *(int(p) for p in self._others() if p.isdecimal())]
        return [i for i in dict.fromkeys(ids) if 0 < i < 2**31]


class LinkStatementsForm(Form):
    statement_ids = SelectMultipleField(_l("Høringsuttalelser"), coerce=int, validate_choice=False)


class MilestoneForm(Form):
    title = StringField(
        _l("Milepæl"),
        filters=[strip_filter],
        validators=[DataRequired(message=_l("Skriv milepælen.")), MILESTONE_TITLE.validator()],
    )
    due_on = DayField(
        _l("Dato"),
        validators=[InputRequired(message=_l("Velg en gyldig dato."))],
    )


class DoneForm(Form):
    answer = TextAreaField(
        _l("Offentlig svar til innspillene"),
        filters=[strip_filter],
        validators=[DataRequired(message=_l("Skriv svaret.")), ANSWER.validator()],
    )


class ResultFilterForm(Form):
    """The Resultater page's filters, as GET parameters so they work without JavaScript."""

    class Meta:
        csrf = False

    prinsipp = SelectField(_l("Prinsipp"), validate_choice=False)
    malbilde = SelectField(_l("Målbilde"), validate_choice=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [SelectChoice("", str(_l("Alle")))]
        self.principles = list(db.session.scalars(select(Principle).order_by(Principle.number)))
        self.target_images = list(
            db.session.scalars(select(TargetImage).order_by(TargetImage.number))
        )
        self.prinsipp.choices = everything + [SelectChoice(p.slug, p.name) for p in self.principles]
        self.malbilde.choices = everything + [
            SelectChoice(t.slug, t.name) for t in self.target_images
        ]

    def principle(self) -> Principle | None:
        return next((p for p in self.principles if p.slug == self.prinsipp.data), None)

    def target_image(self) -> TargetImage | None:
        return next((t for t in self.target_images if t.slug == self.malbilde.data), None)
