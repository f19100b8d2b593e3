"""The public comparison page (/sammenlign) and the effects dashboard's standing section."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms 3.2

from .. import sections
from ..extensions import db, limiter
from ..metrics.labels import FORMULAS
from ..metrics.numbers import decimal, percent
from ..metrics.permissions import can_view_effects_dashboard
from ..municipalities.models import Municipality
from ..reference.models import Principle
from . import bp
from .figures import BANDS, INDICATORS, MIN_BAND, UNKNOWN_BAND, Row, comparison, standing, years
from .forms import ComparisonForm
from .labels import BAND_LABELS, FORMULA_KEYS, INDICATOR_KIND, INDICATOR_LABELS, LOWER_IS_BETTER

ARGS = ("aar", "prinsipp")
PAGE_LIMIT = "60/minute"


def shown(indicator: str, value: float | None) -> str:
    """An indicator's value as the reader's language writes it; «–» for none."""
    if value is None:
        return "–"
    kind = INDICATOR_KIND[indicator]
    if kind == "share":
        return percent(value, 1)
    if kind == "days":
        return decimal(value, 1)
    return decimal(value, 2)


HELPERS = {
    "INDICATORS": INDICATORS,
    "INDICATOR_LABELS": INDICATOR_LABELS,
    "BAND_LABELS": BAND_LABELS,
    "FORMULAS": FORMULAS,
    "FORMULA_KEYS": FORMULA_KEYS,
    "LOWER_IS_BETTER": LOWER_IS_BETTER,
    "MIN_BAND": MIN_BAND,
    "UNKNOWN_BAND": UNKNOWN_BAND,
    "shown": shown,
}


@dataclass
class Chosen:
    """What the query asked for: the form (to show again), the year and principle, or errors."""

    form: ComparisonForm
    year: int | None = None
    principle_id: int | None = None
    errors: list[str] = field(default_factory=list)


def read_choice(args: Mapping[str, Any]) -> Chosen:
    """Parse aar and prinsipp; unknown values and both at once are clear errors."""
    given = {k: str(v) for k, v in args.items() if k in ARGS and str(v).strip() != ""}
    form = ComparisonForm(formdata=MultiDict(list(given.items())))
    form.aar.choices = [SelectChoice(None, _("Hele perioden"))] + [
        SelectChoice(year, str(year)) for year in years()
    ]
    principles = db.session.scalars(select(Principle).order_by(Principle.number)).all()
    form.prinsipp.choices = [SelectChoice(None, _("Alle prinsipper"))] + [
        SelectChoice(p.id, f"{p.number}. {p.name}") for p in principles
    ]
    if not given:
        return Chosen(form)
    errors = []
    if not form.validate():
        if "aar" in form.errors:
            errors.append(_("År: velg et år fra listen."))
        if "prinsipp" in form.errors:
            errors.append(_("Prinsipp: prinsippet finnes ikke."))
    elif form.aar.data is not None and form.prinsipp.data is not None:
        errors.append(
            _(
                "Velg et år eller et prinsipp, ikke begge: tallene sammenlignes bare for "
                "avgrensninger der ingen små grupper kan regnes ut ved å trekke tall fra hverandre."
            )
        )
    if errors:
        return Chosen(form, errors=errors)
    return Chosen(form, form.aar.data, form.prinsipp.data)


@bp.route("/sammenlign")
@limiter.limit(PAGE_LIMIT)
def page():
    """The headline measures of the municipalities that share, side by side, for everyone."""
    chosen = read_choice(request.args)
    rows: tuple[Row, ...] = ()
    if not chosen.errors:
        rows = comparison(chosen.year, chosen.principle_id)
    principle = db.session.get(Principle, chosen.principle_id) if chosen.principle_id else None
    return render_template(
        "comparison/page.html",
        form=chosen.form,
        errors=chosen.errors,
        rows=rows,
        year=chosen.year,
        principle=principle,
        bands=[key for key, _low, _high in BANDS] + [UNKNOWN_BAND],
        **HELPERS,
    ), (400 if chosen.errors else 200)


def _standing_section(municipality: Municipality, public: bool = False, **_kw: Any):
    """Beside the dashboard's figures: the municipality against its size band's median."""
    if public or not can_view_effects_dashboard(current_user, municipality):
        return None
    band, rows = standing(municipality)
    key = ("standing", municipality.id, municipality.shares_with_others, band, tuple(rows))
    return {"municipality": municipality, "band": band, "rows": rows, "key": key, **HELPERS}


sections.register("effects_dashboard", "comparison/_standing.html", _standing_section)
