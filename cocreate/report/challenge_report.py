"""The medvirkningsrapport of a challenge: who took part and through which channels,
representativeness, what was heard, what the municipality answered, the results, the IAP2
promise and the method. Every count of persons is the dashboard's published figure for the
challenge (metrics.snapshots.dashboard_figures), so the report shows no more than the
dashboard does."""

from typing import Any

from flask_babel import gettext as _

from ..challenges.models import Challenge
from ..extensions import db
from ..ideas.stages import Stage
from ..metrics.labels import FORMULAS, channel_label, dated, stage_label
from ..metrics.measures_pipeline import ChallengePromise, promise_check
from ..metrics.scope import Scope
from ..metrics.snapshots import dashboard_figures
from . import queries
from .document import Items, Paragraph, Report, Section, Table
from .figures import (
    decimal,
    method_section,
    number,
    percent,
    representativeness_blocks,
    result_rows,
)

TOP_INPUTS = 5
ANSWER_EXAMPLES = 3
EXCERPT = 400  # characters of an answer quoted as an example


def persons(value: int | None) -> str:
    """A published count of persons, or words for a hidden one."""
    return number(value) if value is not None else _("færre enn 5 eller skjult")


def build_challenge_report(challenge: Challenge, language: str) -> Report:
    """The report in the language of the current locale (the caller forces it)."""
    figures = dashboard_figures(Scope(challenge.municipality_id, challenge_id=challenge.id))
    promise = promise_check(challenge)
    title = _("Medvirkningsrapport: %(subject)s", subject=challenge.title)
    return Report(
        language=language,
        title=title,
        kind=_("Utfordring"),
        subject=challenge.title,
        municipality=challenge.municipality.name,
        as_of=dated(figures["computed_at"]),
        summary=_summary(challenge, figures, promise),
        facts=[
            (_("Kommune"), challenge.municipality.name),
            (_("Utfordring"), challenge.title),
            (_("Fase"), challenge.phase.label),
            (_("Medvirkningsnivå (IAP2)"), challenge.level.label),
        ],
        sections=[
            _who(figures),
            Section(_("Representativitet"), representativeness_blocks(figures)),
            _heard(challenge),
            _answered(challenge, figures),
            _results(challenge),
            _promise(challenge, promise),
            method_section(
                [
                    "participants",
                    "channels",
                    "representativeness",
                    "representation_score",
                    "under_represented",
                    "funnel",
                    "closure",
                    "time_to_answer",
                    "promise_kept",
                ],
                [],
            ),
        ],
    )


def _summary(challenge: Challenge, figures: dict[str, Any], promise: ChallengePromise) -> str:
    people = figures["participants"]
    inputs = figures["funnel"]["steps"][0]["reached"]
    text = _(
        "%(municipality)s inviterte innbyggerne til å være med på «%(title)s» med løftet "
        "«%(level)s»: %(promise)s Deltakere: %(participants)s. De ga %(input_count)s innspill. "
        "%(answered)s av innspillene har fått et offentlig svar, og %(acted)s er besluttet "
        "eller kommet lenger.",
        municipality=challenge.municipality.name,
        title=challenge.title,
        level=challenge.level.label,
        promise=challenge.level.promise,
        participants=persons(people["participants"]),
        input_count=number(inputs),
        answered=number(promise.answered),
        acted=number(promise.acted_on),
    )
    if people["workshop_headcount"] is not None:
        text += " " + _(
            "I tillegg møtte %(n)s opp på verksted (telt for seg, ikke lagt til).",
            n=number(people["workshop_headcount"]),
        )
    return f"{text} {_verdict(promise)}"


def _verdict(promise: ChallengePromise) -> str:
    if promise.kept:
        return _("Etter Samskaps mål er løftet holdt.")
    return _("Etter Samskaps mål er løftet ikke holdt ennå.")


def _who(figures: dict[str, Any]) -> Section:
    people = figures["participants"]
    channels = figures["channels"]
    return Section(
        _("Hvem deltok, og gjennom hvilke kanaler"),
        [
            Table(
                _("Deltakere"),
                [_("Mål"), _("Antall")],
                [
                    [_("Deltakere (innloggede personer)"), persons(people["participants"])],
                    [_("Sendte inn innspill"), persons(people["submitters"])],
                    [_("Støttet innspill"), persons(people["supporters"])],
                    [_("Kommenterte"), persons(people["commenters"])],
                    [
                        _("Oppmøte på verksted (vises ved siden av, legges ikke til)"),
                        persons(people["workshop_headcount"]),
                    ],
                ],
            ),
            Table(
                _("Innspill per kanal"),
                [_("Kanal"), _("Innspill"), _("Andel"), _("Innsendere")],
                [
                    [
                        channel_label(row["channel"]),
                        number(row["inputs"]),
                        percent(row["share"]),
                        persons(row["authors"]),
                    ]
                    for row in channels
                ],
            ),
            Paragraph(FORMULAS["participants"]),
        ],
    )


def _heard(challenge: Challenge) -> Section:
    districts = db.session.execute(queries.inputs_by_district(challenge.id)).all()
    themes = db.session.execute(queries.workshop_themes(challenge.id)).all()
    top = db.session.execute(queries.top_inputs(challenge.id, TOP_INPUTS)).all()
    principles = ", ".join(p.name for p in challenge.principles)
    blocks: list[Paragraph | Table | Items] = []
    if principles:
        blocks.append(Paragraph(_("Prinsipper utfordringen hører til: %(p)s.", p=principles)))
    blocks += [
        Table(
            _("Innspill per bydel"),
            [_("Bydel"), _("Innspill")],
            [[name or _("Ikke oppgitt"), number(n)] for name, n in districts],
            empty=_("Ingen innspill ennå."),
        ),
        Table(
            _("Temaer fra verkstedene"),
            [_("Tema"), _("Verksted"), _("Lapper")],
            [[theme, workshop, number(n)] for workshop, theme, n in themes],
            empty=_("Ingen verksted har temaer."),
        ),
        Table(
            _("Innspillene med mest støtte"),
            [_("Innspill"), _("Støtter"), _("Steg nå")],
            [[title, number(n), Stage(stage).label] for title, n, stage in top],
            empty=_("Ingen innspill ennå."),
        ),
    ]
    return Section(_("Hva vi hørte"), blocks)


def _answered(challenge: Challenge, figures: dict[str, Any]) -> Section:
    funnel = figures["funnel"]
    closure = figures["closure"]
    first = figures["time_to_answer"][0]
    stages = dict(db.session.execute(queries.inputs_by_stage(challenge.id)).all())
    examples = db.session.execute(queries.answer_examples(challenge.id, ANSWER_EXAMPLES)).all()
    blocks: list[Paragraph | Table | Items] = [
        Table(
            _("Fra hørt til gjort: innspill som har nådd hvert steg"),
            [_("Steg"), _("Innspill som nådde steget"), _("Overgang fra steget før")],
            [
                [stage_label(step["stage"]), number(step["reached"]), percent(step["conversion"])]
                for step in funnel["steps"]
            ]
            + [[Stage.declined.label, number(funnel["declined"]), ""]],
        ),
        Table(
            _("Innspill per steg nå"),
            [_("Steg"), _("Innspill")],
            [[stage.label, number(stages.get(stage, 0))] for stage in Stage],
        ),
        Paragraph(
            _(
                "Andel gjennomført: %(yield)s. Tilbakemelding: %(answered)s av %(older)s "
                "innspill eldre enn 30 dager har fått svar (%(closure)s). Median tid til første "
                "offentlige svar: %(median)s dager.",
                **{"yield": percent(funnel["yield_"])},
                answered=number(closure["answered"]),
                older=number(closure["inputs_older"]),
                closure=percent(closure["closure"]),
                median=decimal(first["median_days"]),
            )
        ),
    ]
    if examples:
        blocks.append(Paragraph(_("Eksempler på offentlige svar:")))
        blocks.append(
            Items(
                [
                    f"«{title}» ({stage_label(Stage(stage).value)}): {_excerpt(answer)}"
                    for title, stage, answer in examples
                ]
            )
        )
    return Section(_("Hva kommunen svarte"), blocks)


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


def _results(challenge: Challenge) -> Section:
    rows = db.session.execute(queries.challenge_results(challenge.id)).all()
    return Section(
        _("Resultater og status"),
        [
            Table(
                _("Resultater (tiltak)"),
                [_("Resultat"), _("Status"), _("Framdrift"), _("Koblede innspill")],
                result_rows([(result, linked) for result, linked in rows]),
                empty=_("Utfordringen har ingen resultater ennå."),
            )
        ],
    )


def _promise(challenge: Challenge, promise: ChallengePromise) -> Section:
    return Section(
        _("Løftet til innbyggerne (IAP2)"),
        [
            Paragraph(
                _(
                    "Medvirkningsnivå: %(level)s. Løftet: %(promise)s",
                    level=challenge.level.label,
                    promise=challenge.level.promise,
                )
            ),
            Table(
                _("Løfte holdt"),
                [_("Mål"), _("Verdi")],
                [
                    [_("Innspill"), number(promise.inputs)],
                    [_("Innspill med offentlig svar"), number(promise.answered)],
                    [_("Andel med svar"), percent(promise.closure)],
                    [_("Innspill besluttet eller lenger"), number(promise.acted_on)],
                    [_("Løftet holdt"), _("Ja") if promise.kept else _("Nei")],
                ],
            ),
            Paragraph(_verdict(promise)),
            Paragraph(FORMULAS["promise_kept"]),
        ],
    )
