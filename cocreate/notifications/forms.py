"""Forms for notifications; they only validate."""

from wtforms import BooleanField

from ..forms import Form
from .kinds import known_kinds


def preferences_form(opted_out: set[str]) -> Form:
    """A checkbox per known kind, ticked when the person gets that e-mail."""

    class PreferencesForm(Form):
        pass

    for kind, label in known_kinds():
        setattr(PreferencesForm, f"kind_{kind}", BooleanField(label, default=kind not in opted_out))
    return PreferencesForm()


def chosen_kinds(form: Form) -> dict[str, bool]:
    return {kind: bool(form[f"kind_{kind}"].data) for kind, _label in known_kinds()}
