"""Charts drawn server-side as SVG with pygal; each page also shows the same data as a table.

The SVGs are served as images (<img>), with pygal's tooltip script removed, a <title> and a
<desc>, so they work without JavaScript and under a strict Content Security Policy.
"""

import re
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

import pygal
from flask_babel import gettext as _
from pygal.style import Style

from .labels import (
    CHANNEL_SCOPES,
    DIMENSIONS,
    QUESTIONS,
    TARGETS,
    channel_label,
    group_label,
    level_label,
    stage_label,
)

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1c2430",
    foreground_strong="#1c2430",
    foreground_subtle="#4a5563",
    colors=("#14507a", "#a23b17", "#2e6b30", "#5b3a8c", "#8a4b08"),
    font_family='system-ui, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif',
    # Shown at about two thirds of 800 px beside the table: large type stays legible.
    title_font_size=24,
    label_font_size=18,
    major_label_font_size=18,
    legend_font_size=18,
    value_font_size=16,
    tooltip_font_size=16,
)
SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)


def _config(chart_class: type, title: str, **options: Any) -> Any:
    return chart_class(
        title=title,
        style=STYLE,
        js=[],
        width=800,
        height=420,
        print_values=False,
        legend_at_bottom=True,
        no_data_text=_("Ingen data ennå"),
        truncate_label=-1,
        truncate_legend=-1,
        **options,
    )


def render(chart: Any, description: str) -> bytes:
    """The chart as a standalone SVG without scripts, described for screen readers."""
    svg = chart.render(is_unicode=True)
    svg = SCRIPT.sub("", svg)
    svg = svg.replace("<defs>", f"<desc>{escape(description)}</desc><defs>", 1)
    svg = svg.replace("<svg ", '<svg role="img" ', 1)
    return svg.encode("utf-8")


def funnel_chart(data: dict[str, Any]) -> bytes:
    steps = data["funnel"]["steps"]
    chart = _config(pygal.HorizontalBar, _("Fra hørt til gjort"), show_legend=False)
    chart.x_labels = [stage_label(step["stage"]) for step in steps]
    chart.add(_("Innspill"), [step["reached"] for step in steps])
    return render(chart, _("Antall innspill som nådde hvert steg. Tallene står i tabellen."))


def representativeness_chart(data: dict[str, Any], dimension: str, channel: str = "all") -> bytes:
    summary = data["representativeness"][channel]
    found = next(d for d in summary["dimensions"] if d["dimension"] == dimension)
    title = _("Representativitet: %(dim)s", dim=DIMENSIONS[dimension])
    chart = _config(pygal.Bar, title, value_formatter=lambda v: f"{v:.0%}")
    groups = [g for g in found["groups"] if g["q"] is not None or not g["suppressed"]]
    chart.x_labels = [group_label(dimension, g["group"]) for g in groups]
    chart.add(_("Deltakere"), [g["p"] for g in groups])
    chart.add(_("Befolkningen"), [g["q"] for g in groups])
    return render(
        chart,
        _(
            "Andel deltakere og andel av befolkningen per gruppe (%(scope)s). Grupper med "
            "færre enn 5 deltakere vises ikke.",
            scope=CHANNEL_SCOPES[channel],
        ),
    )


def over_time_chart(data: dict[str, Any]) -> bytes:
    rows = data["over_time"]
    chart = _config(pygal.Bar, _("Deltakelse over tid"), x_label_rotation=30)
    chart.x_labels = [row["month"] for row in rows]
    chart.add(_("Innspill"), [row["inputs"] for row in rows])
    chart.add(_("Støtter"), [row["supports"] for row in rows])
    chart.add(_("Kommentarer"), [row["comments"] for row in rows])
    chart.add(_("Deltakere"), [row["participants"] for row in rows])
    return render(chart, _("Aktivitet per måned. Tallene står i tabellen."))


def channels_chart(data: dict[str, Any]) -> bytes:
    chart = _config(pygal.Pie, _("Innspill per kanal"), inner_radius=0.4)
    for row in data["channels"]:
        chart.add(channel_label(row["channel"]), row["inputs"])
    return render(chart, _("Fordeling av innspill på kanaler. Tallene står i tabellen."))


def time_to_answer_chart(data: dict[str, Any]) -> bytes:
    rows = data["time_to_answer"]
    chart = _config(pygal.Bar, _("Dager til svar"), value_formatter=lambda v: f"{v:.1f}")
    chart.x_labels = [str(TARGETS[row["target"]]) for row in rows]
    chart.add(_("Median"), [row["median_days"] for row in rows])
    chart.add(_("90-persentil"), [row["p90_days"] for row in rows])
    return render(chart, _("Median og 90-persentil av dager. Tallene står i tabellen."))


def promise_kept_chart(data: dict[str, Any]) -> bytes:
    levels = data["promise_kept"]["levels"]
    chart = _config(
        pygal.Bar,
        _("Løfte holdt per nivå"),
        range=(0, 1),
        value_formatter=lambda v: f"{v:.0%}",
        show_legend=False,
    )
    chart.x_labels = [level_label(level["level"]) for level in levels]
    chart.add(_("Andel som holdt løftet"), [level["share"] for level in levels])
    return render(chart, _("Andel avsluttede utfordringer som holdt løftet, per medvirkningsnivå."))


def survey_chart(data: dict[str, Any]) -> bytes:
    questions = data["survey"]["questions"]
    chart = _config(pygal.StackedBar, _("Ble du hørt?"))
    chart.x_labels = [str(QUESTIONS[q["question"]]) for q in questions]
    for value in range(1, 6):
        chart.add(str(value), [q["distribution"][value - 1] for q in questions])
    return render(chart, _("Antall svar 1–5 per spørsmål. Tallene står i tabellen."))


# Chart name → (panel it belongs to, drawing function taking the dashboard data and args)
CHARTS: dict[str, tuple[str, Callable[..., bytes]]] = {
    "funnel": ("funnel", funnel_chart),
    "representativeness": ("representativeness", representativeness_chart),
    "over_time": ("over_time", over_time_chart),
    "channels": ("channels", channels_chart),
    "time_to_answer": ("time_to_answer", time_to_answer_chart),
    "promise_kept": ("promise_kept", promise_kept_chart),
    "survey": ("survey", survey_chart),
}
