"""Charts drawn server-side as SVG with pygal; each page also shows the same data as a table.

The SVGs are served as images (<img>), with pygal's tooltip script removed, a <title> and a
<desc>, so they work without JavaScript and under a strict Content Security Policy. Every
number in a chart is formatted like the table's (numbers.py, the reader's locale) and drawn
from the same values. Each chart comes in two sizes: the wide one for screens and print, and a
narrow one (`narrow=True`) with its own layout that a phone shows at about its natural size.
A chart with nothing to draw is not shown at all (has_data); the table says so instead.
"""

import base64
import re
from collections.abc import Callable
from datetime import date
from math import ceil
from typing import Any
from xml.sax.saxutils import escape

import pygal
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pygal.style import Style

from .labels import (
    CHANNEL_SCOPES,
    DIMENSIONS,
    FOLLOWUP_QUESTIONS,
    RESULT_STATUSES,
    TARGETS,
    channel_label,
    group_label,
    level_label,
    stage_label,
)
from .numbers import number, percent

BASE = {
    "background": "#ffffff",
    "plot_background": "#ffffff",
    "foreground": "#1c2430",
    "foreground_strong": "#1c2430",
    "foreground_subtle": "#4a5563",
    "colors": ("#14507a", "#a23b17", "#2e6b30", "#5b3a8c", "#8a4b08"),
    "font_family": 'system-ui, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif',
}
# The wide chart is shown at up to 800 px; the narrow one at about 340 px of its 400.
STYLE = Style(
    **BASE,
    title_font_size=24,
    label_font_size=17,
    major_label_font_size=17,
    legend_font_size=17,
    value_font_size=16,
    tooltip_font_size=16,
)
NARROW_STYLE = Style(
    **BASE,
    title_font_size=19,
    label_font_size=15,
    major_label_font_size=15,
    legend_font_size=15,
    value_font_size=14,
    tooltip_font_size=14,
)
SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
SIZES = {False: (800, 420), True: (400, 440)}


def _config(chart_class: type, title: str, *, narrow: bool = False, **options: Any) -> Any:
    width, height = SIZES[narrow]
    options.setdefault("height", height)
    options.setdefault("legend_at_bottom_columns", 2 if narrow else 4)
    return chart_class(
        title=title,
        style=NARROW_STYLE if narrow else STYLE,
        js=[],
        width=width,
        print_values=False,
        legend_at_bottom=True,
        no_data_text=_("Ingen data ennå"),
        truncate_label=-1,
        truncate_legend=-1,
        max_scale=6,  # a few round ticks, not one every 2 %
        margin_bottom=24 if narrow else 16,  # room for the legend's last line
        **options,
    )


def _legend_room(chart: Any) -> None:
    """pygal counts the legend's rows as series // columns (rounded down), so a last, partly
    filled row fell off the bottom of the image: add the room it forgot."""
    series, columns = len(chart.raw_series), chart.config.legend_at_bottom_columns
    if not (chart.config.show_legend and series and columns):
        return
    missing = ceil(series / columns) - series // columns
    line = max(chart.config.style.legend_font_size, chart.config.legend_box_size) * 1.5
    chart.margin_bottom = (chart.config.margin_bottom or 0) + missing * line


def render(chart: Any, description: str) -> bytes:
    """The chart as a standalone SVG without scripts, described for screen readers."""
    _legend_room(chart)
    svg = chart.render(is_unicode=True)
    svg = SCRIPT.sub("", svg)
    svg = svg.replace("<defs>", f"<desc>{escape(description)}</desc><defs>", 1)
    svg = svg.replace("<svg ", '<svg role="img" ', 1)
    return svg.encode("utf-8")


def _whole(value: Any) -> str:
    return number(round(value)) if value is not None else "–"


def funnel_chart(data: dict[str, Any], *, narrow: bool = False) -> bytes:
    steps = data["funnel"]["steps"][::-1]  # hørt on top, as in the table
    chart = _config(
        pygal.HorizontalBar,
        _("Fra hørt til gjort"),
        narrow=narrow,
        show_legend=False,
        value_formatter=_whole,
    )
    chart.x_labels = [stage_label(step["stage"]) for step in steps]
    chart.add(_("Innspill"), [step["reached"] for step in steps])
    return render(chart, _("Antall innspill som nådde hvert steg. Tallene står i tabellen."))


def _shown_groups(data: dict[str, Any], dimension: str, channel: str) -> list[dict[str, Any]]:
    summary = data["representativeness"][channel]
    found = next(d for d in summary["dimensions"] if d["dimension"] == dimension)
    return [g for g in found["groups"] if g["q"] is not None or not g["suppressed"]]


def representativeness_chart(
    data: dict[str, Any], dimension: str, channel: str = "web", *, narrow: bool = False
) -> bytes:
    title = _("Representativitet: %(dim)s", dim=DIMENSIONS[dimension])
    groups = _shown_groups(data, dimension, channel)
    if narrow:
        groups = groups[::-1]
    chart = _config(
        pygal.HorizontalBar if narrow else pygal.Bar,
        title,
        narrow=narrow,
        value_formatter=percent,
        height=max(300, 120 + 60 * len(groups)) if narrow else SIZES[False][1],
    )
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


def month_label(value: str) -> str:
    """'2026-03' as «mars 2026» (nb) or «Mar 2026» (en)."""
    year, month = (int(part) for part in value.split("-"))
    return str(format_date(date(year, month, 1), "MMM yyyy"))


def over_time_chart(data: dict[str, Any], *, narrow: bool = False) -> bytes:
    rows = data["over_time"]
    every = ceil(len(rows) / (3 if narrow else 6))  # a label every few months, never crowded
    chart = _config(
        pygal.Line,
        _("Deltakelse over tid"),
        narrow=narrow,
        value_formatter=_whole,
        x_label_rotation=0,
        x_labels_major_every=every,
        show_minor_x_labels=False,
        dots_size=3,
    )
    chart.x_labels = [month_label(row["month"]) for row in rows]
    chart.add(_("Innspill"), [row["inputs"] for row in rows])
    chart.add(_("Støtter"), [row["supports"] for row in rows])
    chart.add(_("Kommentarer"), [row["comments"] for row in rows])
    chart.add(_("Deltakere"), [row["participants"] for row in rows])
    return render(chart, _("Aktivitet per måned. Tallene står i tabellen."))


def channels_chart(data: dict[str, Any], *, narrow: bool = False) -> bytes:
    chart = _config(
        pygal.Pie, _("Innspill per kanal"), narrow=narrow, inner_radius=0.4, value_formatter=_whole
    )
    for row in data["channels"]:
        chart.add(channel_label(row["channel"]), row["inputs"])
    return render(chart, _("Fordeling av innspill på kanaler. Tallene står i tabellen."))


def time_to_answer_chart(data: dict[str, Any], *, narrow: bool = False) -> bytes:
    """Median and 90th percentile as horizontal bars: the three targets' names fit on the left,
    a target nobody reached yet has no bar (the table says «–»)."""
    rows = data["time_to_answer"]
    chart = _config(
        pygal.HorizontalBar,
        _("Dager til svar"),
        narrow=narrow,
        value_formatter=_whole,
    )
    if any(row["median_days"] is not None for row in rows):
        rows = rows[::-1]  # pygal draws the first row at the bottom; the table reads down
        chart.x_labels = [str(TARGETS[row["target"]]) for row in rows]
        chart.add(_("Median"), [row["median_days"] for row in rows])
        chart.add(_("90-persentil"), [row["p90_days"] for row in rows])
    return render(chart, _("Median og 90-persentil av dager. Tallene står i tabellen."))


def promise_kept_chart(data: dict[str, Any], *, narrow: bool = False) -> bytes:
    levels = [level for level in data["promise_kept"]["levels"] if level["share"] is not None]
    chart = _config(
        pygal.HorizontalBar,
        _("Løfte holdt per nivå"),
        narrow=narrow,
        range=(0, 1),
        value_formatter=percent,
        show_legend=False,
    )
    if levels:
        levels = levels[::-1]
        chart.x_labels = [level_label(level["level"]) for level in levels]
        chart.add(_("Andel som holdt løftet"), [level["share"] for level in levels])
    return render(chart, _("Andel avsluttede utfordringer som holdt løftet, per medvirkningsnivå."))


# Short names for the chart's axis; the table beside it gives each question in full.
SHORT_QUESTIONS = {
    "felt_heard": _l("Følte seg hørt"),
    "understood": _l("Forstod hva som skjedde"),
    "would_return": _l("Vil delta igjen"),
}
SCALE_ENDS = {1: _l("1 helt uenig"), 5: _l("5 helt enig")}


def survey_chart(data: dict[str, Any], *, narrow: bool = False) -> bytes:
    """Answers 1–5 per question as stacked horizontal bars, the questions' short names on the
    left where they have room (vertical bars made the long questions run into each other)."""
    questions = data["survey"]["questions"][::-1]  # the first question on top
    chart = _config(
        pygal.HorizontalStackedBar,
        _("Ble du hørt?"),
        narrow=narrow,
        value_formatter=_whole,
        legend_at_bottom_columns=1 if narrow else 3,
        height=560 if narrow else SIZES[False][1],
    )
    chart.x_labels = [str(SHORT_QUESTIONS[q["question"]]) for q in questions]
    for value in range(1, 6):
        counts = [q["distribution"][value - 1] for q in questions]
        chart.add(str(SCALE_ENDS.get(value, value)), counts)
    return render(chart, _("Antall svar 1–5 per spørsmål. Tallene står i tabellen."))


def followup_chart(data: dict[str, Any], *, narrow: bool = False) -> bytes:
    """The follow-up survey's answers 1–5 per question, stacked, as the «Ble du hørt?» chart."""
    questions = data["followup"]["questions"][::-1]
    chart = _config(
        pygal.HorizontalStackedBar,
        _("Gjorde det en forskjell?"),
        narrow=narrow,
        value_formatter=_whole,
        legend_at_bottom_columns=1 if narrow else 3,
        height=560 if narrow else SIZES[False][1],
    )
    chart.x_labels = [str(FOLLOWUP_QUESTIONS[q["question"]]) for q in questions]
    for value in range(1, 6):
        chart.add(
            str(SCALE_ENDS.get(value, value)), [q["distribution"][value - 1] for q in questions]
        )
    return render(chart, _("Antall svar 1–5 per spørsmål. Tallene står i tabellen."))


def results_chart(data: dict[str, Any], *, narrow: bool = False) -> bytes:
    """Results per status as horizontal bars (documents, not persons: exact counts)."""
    rows = data["results"]["by_status"][::-1]
    chart = _config(
        pygal.HorizontalBar,
        _("Tiltak per status"),
        narrow=narrow,
        value_formatter=_whole,
        show_legend=False,
    )
    chart.x_labels = [str(RESULT_STATUSES[row["status"]]) for row in rows]
    chart.add(_("Antall tiltak"), [row["results"] for row in rows])
    return render(chart, _("Antall tiltak per status. Tallene står i tabellen."))


def has_data(name: str, data: dict[str, Any], *args: str) -> bool:
    """Whether the chart has anything to draw; without it the page shows only the table."""
    if name == "funnel":
        return any(step["reached"] for step in data["funnel"]["steps"])
    if name == "representativeness":
        return any(g["p"] is not None for g in _shown_groups(data, *args))
    if name == "over_time":
        return bool(data["over_time"])
    if name == "channels":
        return any(row["inputs"] for row in data["channels"])
    if name == "time_to_answer":
        return any(row["median_days"] is not None for row in data["time_to_answer"])
    if name == "promise_kept":
        return any(level["share"] is not None for level in data["promise_kept"]["levels"])
    if name == "survey":
        return survey_drawable(data)
    if name == "followup":
        return survey_drawable({"survey": data.get("followup") or {}})
    if name == "results":
        return bool((data.get("results") or {}).get("results"))
    return False


def survey_drawable(data: dict[str, Any]) -> bool:
    """A stacked bar cannot show «–»: the survey is drawn only when it is shown, has answers,
    and no cell of its distribution is hidden (the table then says what is hidden)."""
    survey = data.get("survey") or {}
    distributions = [q["distribution"] for q in survey.get("questions", [])]
    if not survey.get("shown") or any(None in d for d in distributions):
        return False
    return any(n for d in distributions for n in d)


# Chart name → (panel it belongs to, drawing function taking the dashboard data and args)
CHARTS: dict[str, tuple[str, Callable[..., bytes]]] = {
    "funnel": ("funnel", funnel_chart),
    "representativeness": ("representativeness", representativeness_chart),
    "over_time": ("over_time", over_time_chart),
    "channels": ("channels", channels_chart),
    "time_to_answer": ("time_to_answer", time_to_answer_chart),
    "promise_kept": ("promise_kept", promise_kept_chart),
    "survey": ("survey", survey_chart),
    "followup": ("followup", followup_chart),
    "results": ("results", results_chart),
}


def data_uri(name: str, data: dict[str, Any], *args: str) -> str:
    """The wide chart as a data: URI, drawn from the page's own figures: the print view carries
    its charts in the document, so printing (or saving as PDF) waits for no further request, and
    the figures are worked out once instead of once per chart."""
    svg = CHARTS[name][1](data, *args, narrow=False)
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
