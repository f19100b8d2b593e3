"""The filter of the effects pages and the exports: query arguments → a Scope, or clear errors.

One parser for the dashboard, its charts, its print view and the staff exports, so every
surface narrows the same way (utfordring, prinsipp, malbilde, fra, til). An invalid filter
gives its errors and no scope: a caller shows the errors and no figures, never the whole
municipality in place of what was asked for.

For figures (the dashboard, its charts and print view, the measures export), only the scopes
whose counts of persons are protected together (disclosure.py, docs/metrics.md «Privacy») can be
asked for: staff one narrowing at a time (a challenge, a principle, a målbilde,
a whole calendar month or year), visitors the municipality or a challenge with at least 10
participants. Anything else is an error, so no two scopes can be subtracted to find a small group.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms 3.2

from ..challenges.models import Challenge, Phase
from ..extensions import db
from ..generation_cache import for_generation
from ..municipalities.models import Municipality
from ..reference.models import Principle, TargetImage
from .disclosure import PUBLIC_MIN_PARTICIPANTS, family_id
from .forms import ScopeForm
from .scope import Scope
from .snapshots import public_challenge

FILTER_ARGS = ("utfordring", "prinsipp", "malbilde", "fra", "til")
PUBLIC_FILTER_ARGS = ("utfordring",)


@dataclass
class Filter:
    """What the query asked for: the form (to show again), the scope, or the errors."""

    form: ScopeForm
    scope: Scope | None
    errors: list[str] = field(default_factory=list)
    args: dict[str, str] = field(default_factory=dict)  # the filter's arguments, for links

    @property
    def valid(self) -> bool:
        return self.scope is not None


def scope_form(
    municipality: Municipality, args: Mapping[str, Any], *, public: bool = False
) -> ScopeForm:
    """The filter form with the municipality's challenges, the principles and the målbilder."""
    form = ScopeForm(formdata=MultiDict(list(args.items())))
    challenges, principles, images = for_generation(
        ("metrics-filter-choices", municipality.id, str(get_locale())),
        lambda: _choices(municipality.id),
    )
    form.utfordring.choices = [SelectChoice(None, _("Alle utfordringer"))] + [
        SelectChoice(i, t) for i, t in challenges
    ]
    form.prinsipp.choices = [SelectChoice(None, _("Alle prinsipper"))]
    form.malbilde.choices = [SelectChoice(None, _("Alle målbilder"))]
    if not public:
        form.prinsipp.choices += [SelectChoice(i, label) for i, label in principles]
        form.malbilde.choices += [SelectChoice(i, label) for i, label in images]
    return form


def _choices(municipality_id: int) -> tuple[tuple[tuple[int, str], ...], ...]:
    """The filter's challenges, principles and målbilder as plain values (kept per page
    generation: the dashboard, its charts and the exports ask for them on every request)."""
    challenges = db.session.execute(
        select(Challenge.id, Challenge.title)
        .where(Challenge.municipality_id == municipality_id, Challenge.phase != Phase.draft)
        .order_by(Challenge.title)
    ).all()
    principles = db.session.scalars(select(Principle).order_by(Principle.number)).all()
    images = db.session.scalars(select(TargetImage).order_by(TargetImage.number)).all()
    return (
        tuple((i, t) for i, t in challenges),
        tuple((p.id, f"{p.number}. {p.name}") for p in principles),
        tuple((t.id, t.name) for t in images),
    )


def read_filter(
    municipality: Municipality,
    args: Mapping[str, Any],
    *,
    public: bool = False,
    figures: bool = True,
) -> Filter:
    """Parse the filter in `args`. Visitors may narrow to a challenge only; any other argument
    on the public page is an error, not silently dropped. For `figures` (counts, not rows) only
    the scopes of the protected family can be asked for; a row export narrows freely."""
    allowed = PUBLIC_FILTER_ARGS if public else FILTER_ARGS
    given = {k: str(v) for k, v in args.items() if k in FILTER_ARGS and str(v).strip() != ""}
    form = scope_form(municipality, given, public=public)
    errors = [
        _("Tallene kan ikke avgrenses på «%(name)s» her.", name=name)
        for name in given
        if name not in allowed
    ]
    if given and not form.validate():
        errors += _messages(form)
    if errors:
        return Filter(form, None, errors, given)
    scope = Scope(
        municipality.id,
        challenge_id=form.utfordring.data,
        principle_id=form.prinsipp.data,
        target_image_id=form.malbilde.data,
        start=form.fra.data,
        end=form.til.data,
    )
    if figures and family_id(scope) is None:
        errors.append(
            _(
                "Velg én avgrensning om gangen: en utfordring, et prinsipp, et målbilde, en hel "
                "måned eller et helt år (fra den første til den siste dagen). Da kan ingen små "
                "grupper regnes ut ved å trekke tall fra hverandre."
            )
        )
    elif (
        public
        and scope.challenge_id is not None
        and not public_challenge(municipality.id, scope.challenge_id)
    ):
        errors.append(
            _(
                "Tallene for denne utfordringen vises ikke offentlig: den har færre enn "
                "%(n)s deltakere.",
                n=PUBLIC_MIN_PARTICIPANTS,
            )
        )
    if errors:
        return Filter(form, None, errors, given)
    return Filter(form, scope, [], given)


def _messages(form: ScopeForm) -> list[str]:
    """One plain message per field that did not validate (WTForms' own are English)."""
    unknown = {
        "utfordring": _("Utfordringen finnes ikke i denne kommunen."),
        "prinsipp": _("Prinsippet finnes ikke."),
        "malbilde": _("Målbildet finnes ikke."),
    }
    messages = []
    for name in form.errors:
        field_ = form[name]
        if name in unknown:
            text = unknown[name]
        elif field_.data is None:  # a date that could not be read
            text = _("Skriv datoen som ÅÅÅÅ-MM-DD.")
        else:
            text = "; ".join(str(message) for message in form.errors[name])
        messages.append(f"{field_.label.text}: {text}")
    return messages
