"""The search form: GET parameters, so a search is a link and works without JavaScript."""

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import SearchField, SelectField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms 3.2

from ..extensions import db
from ..forms import Form, strip_filter
from ..ideas.stages import Stage
from ..municipalities.models import Municipality
from ..reference.models import Principle
from .terms import QUERY

KIND_LABELS = {
    "challenge": _l("Utfordringer"),
    "idea": _l("Innspill"),
    "answer": _l("Svar fra kommunen"),
    "workshop": _l("Verksteder"),
}
KIND_NAMES = {  # one item of each kind, for the result list
    "challenge": _l("Utfordring"),
    "idea": _l("Innspill"),
    "answer": _l("Svar fra kommunen"),
    "workshop": _l("Verksted"),
}


class SearchForm(Form):
    class Meta:
        csrf = False

    q = SearchField(_l("Søk etter"), filters=[strip_filter], validators=[QUERY.validator()])
    type = SelectField(_l("Hva"), validate_choice=False)
    prinsipp = SelectField(_l("Prinsipp"), validate_choice=False)
    steg = SelectField(_l("Steg"), validate_choice=False)
    kommune = SelectField(_l("Kommune"), validate_choice=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [SelectChoice("", str(_l("Alle")))]
        self.principles = list(db.session.scalars(select(Principle).order_by(Principle.number)))
        self.municipalities = list(
            db.session.scalars(select(Municipality).order_by(Municipality.name))
        )
        self.type.choices = everything + [SelectChoice(k, str(v)) for k, v in KIND_LABELS.items()]
        self.prinsipp.choices = everything + [SelectChoice(p.slug, p.name) for p in self.principles]
        self.steg.choices = everything + [SelectChoice(s.value, s.label) for s in Stage]
        self.kommune.choices = everything + [
            SelectChoice(m.slug, m.name) for m in self.municipalities
        ]

    def principle_id(self) -> int | None:
        return next((p.id for p in self.principles if p.slug == self.prinsipp.data), None)

    def municipality_id(self) -> int | None:
        return next((m.id for m in self.municipalities if m.slug == self.kommune.data), None)

    def stage(self) -> Stage | None:
        return next((s for s in Stage if s.value == self.steg.data), None)

    def kind(self) -> str | None:
        return self.type.data if self.type.data in KIND_LABELS else None
