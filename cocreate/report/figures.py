"""What the challenge and hearing reports share: the representativeness section from the
dashboard's published figures, the results table, the method section and the number formats."""

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..metrics.labels import CHANNEL_SCOPES, DIMENSIONS, FORMULAS, group_label
from ..metrics.numbers import decimal, number, percent
from ..metrics.scope import K
from ..results.models import Result
from .document import Items, Paragraph, Section, Table

__all__ = [
    "decimal",
    "method_section",
    "number",
    "percent",
    "representativeness_blocks",
    "result_rows",
]


def representativeness_blocks(figures: dict[str, Any]) -> list[Paragraph | Table | Items]:
    """One table per dimension and source, as the dashboard publishes it: counts of persons
    rounded to 5, and no group whose count is hidden (below K, or hidden to protect one)."""
    blocks: list[Paragraph | Table | Items] = [
        Paragraph(
            _(
                "Tallene er de samme som effektdashbordet viser for utfordringen. Antall "
                "personer er avrundet til nærmeste 5, og ingen gruppe med færre enn %(k)s "
                "personer vises, heller ikke en gruppe som er skjult for å verne en annen.",
                k=K,
            )
        )
    ]
    for source, summary in figures["representativeness"].items():
        for dim in summary["dimensions"]:
            caption = _(
                "%(dimension)s – %(source)s",
                dimension=DIMENSIONS[dim["dimension"]],
                source=CHANNEL_SCOPES[source],
            )
            if dim["suppressed"] or dim["respondents"] is None:
                blocks.append(
                    Paragraph(_("%(caption)s: for få personer til å vise tall.", caption=caption))
                )
                continue
            rows = [
                [
                    group_label(dim["dimension"], group["group"]),
                    number(group["participants"]),
                    percent(group["p"]),
                    percent(group["q"]),
                    decimal(group["rho"], 2),
                    _("Ja") if group["under_represented"] else _("Nei"),
                ]
                for group in dim["groups"]
                if group["participants"] is not None
            ]
            blocks.append(
                Table(
                    caption,
                    [
                        _("Gruppe"),
                        _("Deltakere"),
                        _("Andel av deltakerne"),
                        _("Andel av befolkningen"),
                        "ρ",
                        _("Underrepresentert"),
                    ],
                    rows,
                    empty=_("Ingen gruppe har nok personer til å vises."),
                )
            )
            blocks.append(
                Paragraph(
                    _(
                        "Respondenter: %(n)s. Representativitet R: %(r)s. "
                        "Representasjonsscore: %(score)s.",
                        n=number(dim["respondents"]),
                        r=decimal(dim["r"], 2),
                        score=decimal(dim["representation_score"], 2),
                    )
                )
            )
    return blocks


def result_rows(rows: list[tuple[Result, int]]) -> list[list[str]]:
    return [
        [result.title, result.status.label, percent(result.progress / 100), number(linked)]
        for result, linked in rows
    ]


def method_section(keys: list[str], extra: list[str]) -> Section:
    """The formulas of the measures the report uses, and how persons are protected."""
    items = [f"{_FORMULA_NAMES[key]}: {FORMULAS[key]}" for key in keys]
    return Section(
        _("Metode og formler"),
        [
            Paragraph(
                _(
                    "Tallene er regnet ut av Samskap fra plattformens egne data, med de samme "
                    "formlene som effektdashbordet. Hver formel er beskrevet i docs/metrics.md."
                )
            ),
            Items(items + extra),
            Paragraph(
                _(
                    "Personvern (k = %(k)s): ingen gruppe med færre enn %(k)s personer vises. "
                    "Antall personer er avrundet til nærmeste 5, og celler som kunne avsløre en "
                    "liten gruppe, er skjult («–»). Antall innspill og uttalelser er eksakte: "
                    "hvert av dem er offentlig for seg.",
                    k=K,
                )
            ),
        ],
    )


_FORMULA_NAMES = {
    "participants": _l("Deltakere"),
    "representativeness": _l("Representativitet"),
    "representation_score": _l("Representasjonsscore"),
    "under_represented": _l("Underrepresentert"),
    "channels": _l("Kanaler"),
    "funnel": _l("Fra hørt til gjort"),
    "closure": _l("Tilbakemelding"),
    "time_to_answer": _l("Tid til svar"),
    "promise_kept": _l("Løfte holdt"),
}
