"""The dashboard's words: «Andel gjennomført», numbers with a thousands space, and groups shown as
people read them («18–29 år», «Kvinne»), never as stored codes."""

import re

from flask import render_template_string
from flask_babel import force_locale

from cocreate.metrics.labels import as_of
from tests.factories import PASSWORD


def _dashboard(client, world) -> str:
    client.post("/logg-inn", data={"email": world.admin.email, "password": PASSWORD})
    return client.get("/k/heimby/effekt").get_data(as_text=True)


def test_the_funnels_yield_is_called_share_completed(client, dataset, world):
    html = _dashboard(client, world)
    assert "Andel gjennomført" in html
    assert "Utbytte" not in html and "utbytte" not in html


def test_population_figures_have_a_thousands_space(client, dataset, world):
    html = _dashboard(client, world)
    # The reference population of the fixed dataset is 1000 people.
    assert "av 1\u00a0000 innbyggere" in html
    assert "av 1000 innbyggere" not in html


def test_groups_are_labels_never_codes(client, dataset, world):
    html = _dashboard(client, world)
    assert "18–29 år" in html and "Kvinne" in html
    for code in ("18-29", "30-44", "kvinne", "mann"):
        assert not re.search(rf">\s*{code}\s*<", html), code


def test_number_filter_and_plural_counts_follow_the_language(app):
    template = "{{ 12345|number }} · {{ ngettext('%(num)s støtte', '%(num)s støtter', 1234) }}"
    with app.test_request_context():
        with force_locale("nb"):
            assert render_template_string(template) == "12\u00a0345 · 1\u00a0234 støtter"
        with force_locale("en"):
            assert render_template_string(template) == "12,345 · 1,234 supports"
        with force_locale("nb"):  # the plural rule still reads the number itself
            one = "{{ ngettext('%(num)s støtte', '%(num)s støtter', 1) }}"
            assert render_template_string(one) == "1 støtte"


def test_the_time_of_the_figures_is_norwegian_local_time(app):
    with app.test_request_context(), force_locale("nb"):
        winter = as_of("2026-01-15T12:05:00+00:00")
        summer = as_of("2026-07-15T12:05:00+00:00")
    assert "13:05" in winter and "UTC" not in winter
    assert "14:05" in summer and "UTC" not in summer
