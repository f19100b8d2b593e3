"""The filter's parsing (målbilde included), charts that draw what the table shows in the
reader's number format, and the public page's findings."""

import re

from flask_babel import force_locale
from sqlalchemy import select

from cocreate.extensions import db
from cocreate.metrics.charts import has_data, survey_chart, time_to_answer_chart
from cocreate.metrics.dashboard import compute_dashboard
from cocreate.metrics.filters import read_filter
from cocreate.metrics.findings import findings
from cocreate.reference.models import TargetImage


def test_målbilde_narrows_to_its_challenges(dataset, app_ctx):
    """C2 alone is linked to målbilde 2: its figures, not the municipality's."""
    image = db.session.scalar(select(TargetImage).where(TargetImage.number == 2))
    dataset.challenges["c2"].target_images = [image]
    db.session.flush()
    chosen = read_filter(dataset.municipality, {"malbilde": str(image.id)})
    assert chosen.valid and chosen.scope.target_image_id == image.id and chosen.scope.narrowed
    by_image = compute_dashboard(dataset.scope(target_image_id=image.id))
    by_challenge = compute_dashboard(dataset.scope(challenge_id=dataset.challenges["c2"].id))
    whole = compute_dashboard(dataset.scope())
    assert by_image["funnel"] == by_challenge["funnel"]
    assert by_image["participants"] == by_challenge["participants"]
    assert by_image["funnel"] != whole["funnel"]


def test_invalid_filters_give_errors_and_no_scope(dataset, world, app_ctx):
    m = dataset.municipality
    for args in (
        {"utfordring": "123456"},
        {"utfordring": "x"},
        {"prinsipp": "99"},
        {"malbilde": "99"},
        {"fra": "2026-02-30"},
        {"fra": "2026-06-30", "til": "2026-01-01"},
    ):
        chosen = read_filter(m, args)
        assert chosen.scope is None and chosen.errors, args
    public = read_filter(m, {"prinsipp": "1"}, public=True)
    assert public.scope is None and "prinsipp" in public.errors[0]
    assert read_filter(m, {}).scope is not None
    assert read_filter(m, {"utfordring": ""}).scope.narrowed is False


def test_time_to_answer_chart_without_answers_draws_no_axis(dataset, app_ctx):
    data = compute_dashboard(dataset.scope())
    empty = {
        "time_to_answer": [
            dict(row, median_days=None, p90_days=None) for row in data["time_to_answer"]
        ]
    }
    assert not has_data("time_to_answer", empty)
    svg = time_to_answer_chart(empty).decode()
    assert "Ingen data ennå" in svg and "0.1" not in svg and "0,1" not in svg
    assert has_data("time_to_answer", data)


def test_charts_use_the_readers_number_format_and_short_labels(dataset, app_ctx):
    data = compute_dashboard(dataset.scope())
    data["time_to_answer"][0]["p90_days"] = 1234.5  # an axis reaching past a thousand
    with force_locale("nb"):
        svg = time_to_answer_chart(data).decode()
    assert re.search(r">1\xa0\d00<", svg), "no «1 200»-style tick in Norwegian"
    with force_locale("en"):
        svg = time_to_answer_chart(data).decode()
    assert re.search(r">1,\d00<", svg)
    survey = survey_chart(data).decode()
    assert "Følte seg hørt" in survey and "Jeg følte meg hørt" not in survey
    narrow = survey_chart(data, narrow=True).decode()
    assert 'width="400"' in narrow or 'viewBox="0 0 400' in narrow


def test_findings_use_the_published_figures_only(dataset, app_ctx):
    data = compute_dashboard(dataset.scope())
    closure = data["closure"]
    with force_locale("nb"):
        found = findings(data, ["key_figures"])
    texts = [f.text for f in found]
    expected = f"{closure['answered']} av {closure['inputs_older']} innspill eldre enn 30 dager"
    assert any(t.startswith(expected) for t in texts), texts
    assert {f.panel for f in found} == {"key_figures"}
    assert findings(data, []) == []
    with force_locale("en"):
        english = [f.text for f in findings(data, ["key_figures", "funnel"])]
    assert any("people have submitted" in t for t in english), english
