"""Forms of innbyggerforslag; they only validate (the services check again)."""

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms 3.2
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from ..forms import Form, strip_filter
from .models import (
    CASE_REFERENCE,
    INITIATORS,
    MAX_SIGNATURES,
    PROPOSAL_ANSWER,
    PROPOSAL_MATTER,
    PROPOSAL_TITLE,
    SAME_REASON,
    SOURCE_URL,
    ProposalChannel,
    ProposalState,
)


class CountField(StringField):
    """A whole number of signatures (empty = not known), with errors in plain Norwegian."""

    data: Any
    parse_error: str = ""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.raw = (valuelist[0] if valuelist else "") or ""
        text = "".join(self.raw.split()).replace("\u00a0", "").replace(".", "")
        self.data, self.parse_error = None, ""
        if not text:
            return
        if text.startswith("-") and text[1:].isdecimal():
            self.parse_error = str(_l("Antallet kan ikke være negativt."))
        elif not text.isdecimal():
            self.parse_error = str(_l("Skriv antallet med sifre, for eksempel 320."))
        elif int(text) > MAX_SIGNATURES:
            self.parse_error = str(_l("Antallet er for stort."))
        else:
            self.data = int(text)

    def _value(self) -> str:
        if getattr(self, "raw", None) is not None:
            return self.raw
        return str(self.data) if self.data is not None else ""

    def pre_validate(self, form: Any) -> None:
        if self.parse_error:
            raise ValidationError(self.parse_error)


class DayField(DateField):
    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Skriv en gyldig dato, for eksempel 2026-09-01."))) from error


class ProposalForm(Form):
    title = StringField(
        _l("Tittel på forslaget"),
        filters=[strip_filter],
        validators=[DataRequired(message=_l("Skriv en tittel.")), PROPOSAL_TITLE.validator()],
    )
    matter = TextAreaField(
        _l("Saken forslaget gjelder"),
        filters=[strip_filter],
        validators=[
            DataRequired(message=_l("Beskriv saken forslaget gjelder.")),
            PROPOSAL_MATTER.validator(),
        ],
    )
    channel = RadioField(
        _l("Hvordan kom forslaget inn?"),
        validators=[InputRequired(message=_l("Velg hvordan forslaget kom inn."))],
    )
    source_url = StringField(
        _l("Adressen til forslaget på minsak.no"),
        filters=[strip_filter],
        validators=[Optional(), SOURCE_URL.validator()],
    )
    signatures = CountField(_l("Antall underskrifter"))
    valid_signatures = CountField(_l("Antall gyldige underskrifter etter kontroll"))
    submitted_on = DayField(
        _l("Dato forslaget ble fremmet"),
        validators=[InputRequired(message=_l("Velg datoen forslaget ble fremmet."))],
    )
    initiators = StringField(
        _l("Forslagsstillernes navn"),
        filters=[strip_filter],
        validators=[Optional(), INITIATORS.validator()],
    )
    initiators_public = BooleanField(_l("Forslagsstillerne har samtykket til at navnene vises"))
    contact_email = StringField(
        _l("Forslagsstillernes e-postadresse (vises ikke)"), filters=[strip_filter]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.channel.choices = [SelectChoice(c.value, c.label) for c in ProposalChannel]

    def validate_signatures(self, field: Any) -> None:
        if field.data is None and not field.parse_error:
            raise ValidationError(str(_l("Skriv antall underskrifter.")))

    def validate_valid_signatures(self, field: Any) -> None:
        total = self.signatures.data
        if field.data is not None and total is not None and field.data > total:
            raise ValidationError(
                str(_l("Det kan ikke være flere gyldige underskrifter enn underskrifter i alt."))
            )


class MoveForm(Form):
    to_state = SelectField(
        _l("Ny status"), validators=[InputRequired(message=_l("Velg en status."))]
    )
    answer = TextAreaField(
        _l("Offentlig svar"),
        filters=[strip_filter],
        validators=[DataRequired(message=_l("Skriv svaret.")), PROPOSAL_ANSWER.validator()],
    )
    # No Optional(): it would stop the chain before validate_reference() on an empty field.
    reference = StringField(
        _l("Saksnummer i kommunestyret"),
        filters=[strip_filter],
        validators=[CASE_REFERENCE.validator()],
    )

    def set_states(self, states: tuple[ProposalState, ...]) -> None:
        self.to_state.choices = [SelectChoice(s.value, s.label) for s in states]

    def validate_reference(self, field: Any) -> None:
        if self.to_state.data in ("adopted", "rejected") and not field.data:
            raise ValidationError(str(_l("Skriv saksnummeret til kommunestyrets vedtak.")))


class SameContentForm(Form):
    same = BooleanField(
        _l("Forslaget har samme innhold som et forslag som er behandlet i denne valgperioden")
    )
    reason = TextAreaField(
        _l("Begrunnelse (vises offentlig)"),
        filters=[strip_filter],
        validators=[Optional(), SAME_REASON.validator()],
    )
    same_as_id = SelectField(_l("Det tidligere forslaget i Samskap (valgfritt)"), coerce=int)

    def validate_reason(self, field: Any) -> None:
        if self.same.data and not field.data:
            raise ValidationError(str(_l("Skriv hvorfor forslaget har samme innhold.")))
