"""The adoption form and the move to skalert; they only validate (the services decide)."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms 3.2
from wtforms.validators import DataRequired, Length, Optional

from ..challenges.models import DESCRIPTION, TITLE
from ..forms import Form
from ..ideas.models import IDEA_TITLE
from ..ideas.stages import Stage
from ..pipeline.models import ANSWER, REFERENCE
from .models import AdoptionKind


class AdoptForm(Form):
    municipality = SelectField(
        _l("Kommunen som tar løsningen i bruk"),
        validators=[DataRequired(message=_l("Velg kommunen."))],
    )
    kind = RadioField(
        _l("Hva vil dere lage?"),
        choices=[SelectChoice(k.value, k.label) for k in AdoptionKind],
        default=AdoptionKind.challenge.value,
        validators=[
            DataRequired(message=_l("Velg om dere lager en utfordring eller et innspill."))
        ],
    )
    challenge = SelectField(_l("Utfordringen innspillet hører til"), validators=[Optional()])
    stage = RadioField(
        _l("Steget innspillet starter på"),
        choices=[
            SelectChoice(Stage.assessed.value, Stage.assessed.label),
            SelectChoice(Stage.decided.value, Stage.decided.label),
        ],
        default=Stage.assessed.value,
        validators=[Optional()],
    )
    title = StringField(
        _l("Tittel"),
        validators=[
            DataRequired(message=_l("Skriv en tittel.")),
            Length(max=IDEA_TITLE.max, message=_l("Tittelen kan være på høyst %(max)d tegn.")),
        ],
    )
    description = TextAreaField(
        _l("Beskrivelse"),
        validators=[
            Length(max=DESCRIPTION.max, message=_l("Beskrivelsen er for lang.")),
        ],
    )
    answer = TextAreaField(
        _l("Offentlig svar på innspillet (bare for innspill)"),
        validators=[Optional(), Length(max=ANSWER.max)],
    )

    def validate_for_input(self) -> bool:
        """An input needs a challenge and a public answer of at least 20 characters."""
        ok = True
        if self.kind.data == AdoptionKind.input.value:
            if not self.challenge.data:
                self.challenge.errors = [_l("Velg utfordringen innspillet skal høre til.")]
                ok = False
            if len((self.answer.data or "").strip()) < ANSWER.min:
                self.answer.errors = [
                    _l("Skriv et offentlig svar på minst 20 tegn, i et språk alle forstår.")
                ]
                ok = False
        return ok


class ScaleForm(Form):
    answer = TextAreaField(
        _l("Offentlig svar"),
        validators=[
            DataRequired(message=_l("Skriv et offentlig svar.")),
            Length(min=ANSWER.min, max=ANSWER.max, message=_l("Svaret må ha minst 20 tegn.")),
        ],
    )
    reference = StringField(
        _l("Referanse"),
        validators=[Optional(), Length(max=REFERENCE.max)],
    )


# Challenge titles are longer than input titles; an input's title is cut to fit when prefilled.
TITLE_MAX = min(TITLE.max, IDEA_TITLE.max)
