"""Forms of budgeting; they only validate (the services check again). A ballot's choices are
read from the posted checkboxes or point fields (`choices_from`), one per project."""

from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms 3.2
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from ..forms import Form, strip_filter
from ..pipeline.models import ANSWER, REFERENCE
from ..results.forms import DayField, KronerField
from .models import EXPLANATION, PROJECT_TITLE, BallotKind, Budget, ResultRule

OSLO = ZoneInfo("Europe/Oslo")


def _choices(enum_cls: Any) -> list[SelectChoice]:
    return [SelectChoice(member.value, member.label) for member in enum_cls]


class BudgetForm(Form):
    amount = KronerField(
        _l("Budsjett i hele kroner"), validators=[InputRequired(_l("Skriv inn budsjettet."))]
    )
    ballot_kind = SelectField(_l("Stemmemåte"), choices=_choices(BallotKind))
    points = IntegerField(
        _l("Poeng hver velger kan fordele (bare ved poeng)"),
        default=10,
        validators=[
            InputRequired(_l("Skriv inn antall poeng.")),
            NumberRange(1, 100, _l("Antall poeng må være mellom 1 og 100.")),
        ],
    )
    rule = SelectField(_l("Regel for resultatet"), choices=_choices(ResultRule))
    last_day = DayField(_l("Siste dag for å stemme (valgfritt)"), validators=[Optional()])

    def closes_at(self) -> datetime | None:
        """Midnight in Oslo after the last day, in UTC."""
        if self.last_day.data is None:
            return None
        midnight = datetime.combine(self.last_day.data + timedelta(days=1), time(), tzinfo=OSLO)
        return midnight.astimezone(UTC)


class ProjectForm(Form):
    idea_id = SelectField(_l("Innspill"), coerce=int, validate_choice=False)
    title = StringField(
        _l("Prosjektets tittel"),
        filters=[strip_filter],
        validators=[DataRequired(_l("Skriv en tittel.")), PROJECT_TITLE.validator()],
    )
    cost = KronerField(
        _l("Kostnadsoverslag i hele kroner"),
        validators=[InputRequired(_l("Skriv inn kostnadsoverslaget."))],
    )
    explanation = TextAreaField(
        _l("Forklaring av kostnaden"),
        filters=[strip_filter],
        validators=[DataRequired(_l("Forklar kostnaden.")), EXPLANATION.validator()],
    )


class CodesForm(Form):
    count = IntegerField(
        _l("Antall koder"),
        default=30,
        validators=[
            InputRequired(_l("Skriv inn antall koder.")),
            NumberRange(1, 500, _l("Du kan lage mellom 1 og 500 koder om gangen.")),
        ],
    )


class RuleForm(Form):
    rule = SelectField(_l("Regel for resultatet"), choices=_choices(ResultRule))


class DecideForm(Form):
    reference = StringField(
        _l("Referanse til vedtaket (for eksempel saksnummer)"),
        filters=[strip_filter],
        validators=[DataRequired(_l("Skriv inn referansen til vedtaket.")), REFERENCE.validator()],
    )
    answer = TextAreaField(
        _l("Offentlig svar til innspillene som vant"),
        filters=[strip_filter],
        validators=[DataRequired(_l("Skriv et offentlig svar.")), ANSWER.validator()],
    )


class BallotForm(Form):
    """The CSRF token; the choices are the posted fields (see choices_from)."""


class PaperBallotForm(Form):
    code = StringField(
        _l("Koden fra papirlappen"),
        filters=[strip_filter],
        validators=[DataRequired(_l("Skriv inn koden fra papirlappen."))],
    )


def choices_from(budget: Budget, posted: Mapping[str, Any]) -> tuple[dict[int, int], str | None]:
    """The ballot's choices (project id → points; 1 for an approval) from the posted form, or
    an error that says what was typed wrong."""
    ids = {p.id for p in budget.projects}
    if not budget.is_cumulative:
        picked = set()
        for value in posted.getlist("project") if hasattr(posted, "getlist") else []:
            if not str(value).isdecimal() or int(value) not in ids:
                return {}, _("Et av prosjektene finnes ikke i denne avstemningen.")
            picked.add(int(value))
        return dict.fromkeys(picked, 1), None
    points: dict[int, int] = {}
    for project_id in ids:
        raw = str(posted.get(f"points-{project_id}", "") or "").strip()
        if not raw:
            continue
        if not raw.isdecimal() or len(raw) > 3:
            return {}, _("Skriv poengene som hele tall fra 0 og oppover.")
        points[project_id] = int(raw)
    return points, None
