"""Forms for notifications; they only validate."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms 3.2

from ..forms import Form
from .kinds import known_kinds
from .models import Delivery

DELIVERY_CHOICES = [
    SelectChoice(Delivery.immediate.value, _l("Med en gang: én e-post for hvert nytt svar")),
    SelectChoice(
        Delivery.daily.value,
        _l("Én gang om dagen: ett sammendrag av alt nytt om innspill du følger"),
    ),
]


def preferences_form(opted_out: set[str], delivery: Delivery) -> Form:
    """A checkbox per known kind, ticked when the person gets that e-mail, and when it leaves."""

    class PreferencesForm(Form):
        delivery_choice = RadioField(
            _l("Når vil du få e-post om innspill du følger?"),
            choices=DELIVERY_CHOICES,
            default=delivery.value,
        )

    for kind, label in known_kinds():
        setattr(PreferencesForm, f"kind_{kind}", BooleanField(label, default=kind not in opted_out))
    return PreferencesForm()


def chosen_kinds(form: Form) -> dict[str, bool]:
    return {kind: bool(form[f"kind_{kind}"].data) for kind, _label in known_kinds()}


def chosen_delivery(form: Form) -> Delivery:
    return Delivery(form["delivery_choice"].data)
