"""Forms for creating, editing, moving and filtering challenges; they only validate."""

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms 3.2
from wtforms.validators import DataRequired, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..extensions import db
from ..forms import Form, strip_filter
from ..municipalities.models import District, Municipality
from ..reference.models import Goal, Principle, TargetImage
from .models import DESCRIPTION, SUMMARY, TITLE, ParticipationLevel, Phase

VOTE_BUDGET_MAX = 1000


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes holding ids."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("coerce", int)
        kwargs.setdefault("invalid_value_message", _l("Ugyldig valg."))
        kwargs.setdefault("invalid_choice_message", _l("Ugyldig valg: %(value)s."))
        super().__init__(*args, **kwargs)


def _date_field(label: Any) -> DateField:
    """A date from the browser's date picker (ISO) or typed the Norwegian way (dd.mm.åååå)."""
    return DateField(
        label,
        format=["%Y-%m-%d", "%d.%m.%Y"],
        validators=[Optional()],
        # types-WTForms 3.2 lacks WTForms 3.3's invalid_value_message
        invalid_value_message=_l("Skriv en gyldig dato, for eksempel 01.09.2026."),  # type: ignore[call-arg]
    )


def _at_least_one_principle(form: Any, field: Any) -> None:
    if not field.data:
        raise ValidationError(str(_l("Velg minst ett prinsipp fra veikartet.")))


class ChallengeForm(Form):
    title = StringField(
        _l("Tittel"),
        validators=[
            DataRequired(message=_l("Skriv en tittel.")),
            TITLE.validator(),
        ],
        filters=[strip_filter],
    )
    description = TextAreaField(
        _l("Beskrivelse"),
        validators=[
            DataRequired(message=_l("Beskriv utfordringen.")),
            DESCRIPTION.validator(),
        ],
        filters=[strip_filter],
    )
    principles = MultiCheckboxField(_l("Prinsipper fra veikartet"), [_at_least_one_principle])
    target_images = MultiCheckboxField(_l("Målbilder"))
    goals = MultiCheckboxField(_l("Bærekraftsmål"))
    districts = MultiCheckboxField(_l("Bydeler (valgfritt)"))
    opens_on = _date_field(_l("Åpner"))
    closes_on = _date_field(_l("Stenger"))
    level = RadioField(
        _l("Medvirkningsnivå (IAP2)"),
        choices=[],
        default=ParticipationLevel.konsultere.value,
        validators=[DataRequired(message=_l("Velg et medvirkningsnivå."))],
        # types-WTForms 3.2 lacks WTForms 3.3's invalid_choice_message
        invalid_choice_message=_l("Velg et av medvirkningsnivåene i listen."),  # type: ignore[call-arg]
    )
    premoderation = BooleanField(_l("Forhåndsmoderering: nye innspill venter på godkjenning"))
    vote_budget = IntegerField(
        _l("Stemmer per person (valgfritt)"),
        # types-WTForms 3.2 lacks WTForms 3.3's invalid_value_message
        invalid_value_message=_l("Skriv et helt tall."),  # type: ignore[call-arg]
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=VOTE_BUDGET_MAX,
                message=_l("Skriv et helt tall fra 1 til %(n)s.", n=VOTE_BUDGET_MAX),
            ),
        ],
    )

    def __init__(self, municipality: Municipality, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.level.choices = [SelectChoice(lv.value, lv.label) for lv in ParticipationLevel]
        self.principles.choices = [
            SelectChoice(p.id, f"{p.number}. {p.name}")
            for p in db.session.scalars(select(Principle).order_by(Principle.number))
        ]
        self.target_images.choices = [
            SelectChoice(t.id, t.name)
            for t in db.session.scalars(select(TargetImage).order_by(TargetImage.number))
        ]
        self.goals.choices = [
            SelectChoice(g.id, f"{g.number}. {g.name}")
            for g in db.session.scalars(select(Goal).order_by(Goal.number))
        ]
        self.districts.choices = [
            SelectChoice(d.id, d.name)
            for d in db.session.scalars(
                select(District)
                .where(District.municipality_id == municipality.id)
                .order_by(District.name)
            )
        ]

    def validate_closes_on(self, field: Any) -> None:
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError(str(_l("Sluttdatoen kan ikke være før startdatoen.")))


class PhaseForm(Form):
    """Confirms a move to the next phase; the summary is only asked for when concluding."""

    summary = TextAreaField(
        _l("Offentlig sammendrag"),
        filters=[strip_filter],
    )

    confirm_promise = BooleanField(
        _l("Jeg vil avslutte utfordringen selv om løftet til deltakerne ikke blir holdt")
    )

    def __init__(
        self,
        *args: Any,
        concluding: bool = False,
        needs_confirmation: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.concluding = concluding
        self.needs_confirmation = concluding and needs_confirmation

    def validate_confirm_promise(self, field: Any) -> None:
        if self.needs_confirmation and not field.data:
            raise ValidationError(
                str(
                    _l(
                        "Løftet til deltakerne blir ikke holdt. Svar på innspillene først, "
                        "eller kryss av for å bekrefte at du vil avslutte likevel."
                    )
                )
            )

    def validate_summary(self, field: Any) -> None:
        text = field.data or ""
        if self.concluding and not SUMMARY.min <= len(text) <= SUMMARY.max:
            raise ValidationError(SUMMARY.explain(text))


class FilterForm(Form):
    """The municipality page's filters, sent as GET parameters so they work without JavaScript."""

    class Meta:
        csrf = False

    prinsipp = SelectField(_l("Prinsipp"), validate_choice=False)
    malbilde = SelectField(_l("Målbilde"), validate_choice=False)
    fase = SelectField(_l("Fase"), validate_choice=False)

    def __init__(self, *args: Any, include_drafts: bool = False, **kwargs: Any) -> None:
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
        self.phases = [p for p in Phase if include_drafts or p is not Phase.draft]
        self.fase.choices = everything + [SelectChoice(p.value, p.label) for p in self.phases]

    def selected_principle(self) -> Principle | None:
        return next((p for p in self.principles if p.slug == self.prinsipp.data), None)

    def selected_target_image(self) -> TargetImage | None:
        return next((t for t in self.target_images if t.slug == self.malbilde.data), None)

    def selected_phase(self) -> Phase | None:
        return next((p for p in self.phases if p.value == self.fase.data), None)
