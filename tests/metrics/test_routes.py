"""The effects dashboard, its public page, charts and the publishing settings, through HTTP."""

import base64
import re

import pytest
from sqlalchemy import select

from cocreate.extensions import db
from cocreate.metrics.dashboard import public_panels, set_public_panels
from cocreate.metrics.models import PublicMeasure
from tests.factories import PASSWORD

ROLES_ALLOWED = {"admin"}


def _login(client, user):
    if user is not None:
        client.post("/logg-inn", data={"email": user.email, "password": PASSWORD})


@pytest.mark.parametrize(
    "role", ["anonymous", "citizen", "author", "other_facilitator", "facilitator", "admin"]
)
@pytest.mark.parametrize(
    "path",
    [
        "/k/heimby/effekt",
        "/k/heimby/effekt/innstillinger",
        "/k/heimby/effekt/befolkning",
        "/k/heimby/effekt/graf/funnel.svg",
    ],
)
def test_only_admins_of_the_municipality_see_admin_pages(client, world, role, path):
    user = world.roles()[role]
    _login(client, user)
    response = client.get(path)
    if role in ROLES_ALLOWED:
        assert response.status_code == 200
    elif user is None:
        assert response.status_code == 302 and "/logg-inn" in response.headers["Location"]
    else:
        assert response.status_code == 403


def test_admin_of_another_municipality_is_refused(client, world):
    _login(client, world.other_admin)
    assert client.get("/k/heimby/effekt").status_code == 403
    assert client.get("/k/bortby/effekt").status_code == 200


def test_dashboard_shows_every_panel_with_formula_chart_and_table(client, dataset, world):
    _login(client, world.admin)
    html = client.get("/k/heimby/effekt").get_data(as_text=True)
    for heading in (
        "Nøkkeltall",
        "Fra hørt til gjort",
        "Representativitet",
        "Deltakelse over tid",
        "Kanaler",
        "Tid til svar",
        "Løfte holdt",
        "Ble du hørt?",
    ):
        assert heading in html
    # Each panel's formulas one click away (<details>), the key table's per row.
    assert html.count('<details class="formula"') == 7
    assert html.count('<details class="formula-inline"') == 11
    charts = re.findall(r'<img src="([^"]+\.svg[^"]*)"', html)
    assert len(charts) >= 7
    for table_id in (
        "table-funnel",
        "table-time",
        "table-channels",
        "table-answer",
        "table-promise",
        "table-rep-district",
    ):
        assert f'id="{table_id}"' in html and f'aria-describedby="{table_id}"' in html
    # Figures from test_measures that do not depend on today's date, as published: 6
    # submitters → 5, 4 supporters and 2 commenters hidden, headcount 10.
    assert "5 sendte inn, – støttet, – kommenterte; oppmøte på verksted: 10" in html
    assert "<td>–</td>" in html  # hidden groups
    # 3 survey answers: no table, and not «Ingen svar ennå».
    assert "Færre enn 5 har svart" in html and 'id="table-survey"' not in html
    assert "Ingen svar ennå" not in html


def test_dashboard_filter_narrows_the_figures(client, dataset, world):
    _login(client, world.admin)
    c1 = dataset.challenges["c1"].id
    html = client.get(f"/k/heimby/effekt?utfordring={c1}").get_data(as_text=True)
    # C1's 4 participants have 3 age answers: the dimension is hidden.
    assert "Tallene vises ikke: for få har oppgitt dette" in html
    assert 'id="panel-key"' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("fra=2026-06-30&til=2026-01-01", "Sluttdatoen må være etter startdatoen."),
        ("utfordring=999999", "Utfordringen finnes ikke i denne kommunen."),
        ("utfordring=abc", "Utfordringen finnes ikke i denne kommunen."),
        ("prinsipp=999999", "Prinsippet finnes ikke."),
        ("fra=2026-01-05&til=2026-01-20", "Velg én avgrensning om gangen"),
        ("fra=2026-01-01", "Velg én avgrensning om gangen"),
        ("fra=2026-13-01&til=2026-01-31", "Skriv datoen som ÅÅÅÅ-MM-DD."),
    ],
)
def test_an_invalid_filter_gives_an_error_and_no_figures(client, dataset, world, query, message):
    """Never the whole municipality in place of a filter that did not validate (issue 15)."""
    _login(client, world.admin)
    response = client.get(f"/k/heimby/effekt?{query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html and 'id="panel-key"' not in html
    figures = client.get(f"/k/heimby/effekt/tall.json?{query}")
    assert figures.status_code == 400 and message in figures.get_json()["error"]
    assert client.get(f"/k/heimby/effekt/graf/funnel.svg?{query}").status_code == 400


def test_a_combined_filter_is_refused_and_whole_months_are_allowed(client, dataset, world):
    _login(client, world.admin)
    c1 = dataset.challenges["c1"].id
    assert (
        client.get(f"/k/heimby/effekt?utfordring={c1}&fra=2026-01-01&til=2026-01-31").status_code
        == 400
    )
    for query in ("fra=2026-06-01&til=2026-06-30", "fra=2026-01-01&til=2026-12-31"):
        response = client.get(f"/k/heimby/effekt?{query}")
        assert response.status_code == 200 and 'id="panel-key"' in response.get_data(as_text=True)


def test_charts_are_svg_without_script_with_title_and_desc(client, dataset, world):
    _login(client, world.admin)
    for name in ("funnel", "over_time", "channels", "time_to_answer", "promise_kept"):
        response = client.get(f"/k/heimby/effekt/graf/{name}.svg")
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
        svg = response.get_data(as_text=True)
        assert "<script" not in svg and "<title" in svg and "<desc>" in svg
    response = client.get("/k/heimby/effekt/graf/representativeness.svg?dim=gender")
    assert response.status_code == 200
    assert client.get("/k/heimby/effekt/graf/representativeness.svg?dim=x").status_code == 404
    assert client.get("/k/heimby/effekt/graf/nope.svg").status_code == 404
    # 3 survey answers: no distribution is published, so no chart of it either.
    assert client.get("/k/heimby/effekt/graf/survey.svg").status_code == 404


def test_print_view_carries_its_charts_drawn_from_the_page_figures(client, dataset, world):
    """The print view is one request: its charts are in the document (the same SVG the chart
    route draws), not nine further requests that each work the figures out again."""
    _login(client, world.admin)
    html = client.get("/k/heimby/effekt/utskrift?prinsipp=1").get_data(as_text=True)
    assert "/effekt/graf/" not in html
    uris = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert len(uris) >= 5
    svgs = [base64.b64decode(uri).decode() for uri in uris]
    assert all("<script" not in svg and "<desc>" in svg for svg in svgs)
    funnel = client.get("/k/heimby/effekt/graf/funnel.svg?prinsipp=1").get_data(as_text=True)
    values = re.compile(r"<desc class=\"value\">([^<]*)</desc>")  # pygal's ids are random
    assert values.findall(funnel) in [values.findall(svg) for svg in svgs]
    # The dashboard itself still loads its charts lazily from the chart route.
    assert "/effekt/graf/funnel.svg" in client.get("/k/heimby/effekt").get_data(as_text=True)


def test_chart_never_draws_a_suppressed_group(client, dataset, world):
    """Profiles: kvinne 3, mann 2, annet 1 — all hidden, so only the population's bars are drawn.
    Check-ins: kvinne 9 → 10 of 10 published (mann's 1 is hidden): 100 %, and no 10 % bar; the
    chart draws the published (rounded) table, not the exact 90 %."""
    _login(client, world.admin)
    svg = client.get("/k/heimby/effekt/graf/representativeness.svg?dim=gender").get_data(
        as_text=True
    )
    values = re.findall(r"<desc class=\"value\">([^<]*)</desc>", svg)
    assert values == ["50\xa0%", "50\xa0%"]  # Norwegian: «50 %»
    svg = client.get(
        "/k/heimby/effekt/graf/representativeness.svg?dim=gender&kanal=workshop"
    ).get_data(as_text=True)
    values = re.findall(r"<desc class=\"value\">([^<]*)</desc>", svg)
    assert "100\xa0%" in values and "90\xa0%" not in values and "10\xa0%" not in values


def test_public_page_shows_only_published_panels(client, dataset, world, app_ctx):
    html = client.get("/k/heimby/effekt/offentlig").get_data(as_text=True)
    assert "Kommunen har ikke publisert noen tall ennå." in html
    assert client.get("/k/heimby/effekt/offentlig/graf/funnel.svg").status_code == 404

    _login(client, world.admin)
    response = client.post(
        "/k/heimby/effekt/innstillinger",
        data={"panels": ["funnel", "representativeness", "survey"]},
    )
    assert response.status_code == 302
    assert public_panels(world.municipality.id) == ["funnel", "representativeness", "survey"]
    client.post("/logg-ut")

    html = client.get("/k/heimby/effekt/offentlig").get_data(as_text=True)
    assert "Fra hørt til gjort" in html and "Representativitet" in html
    assert 'id="panel-key"' not in html and 'id="panel-answer"' not in html
    # 3 survey answers < 5: the public page shows no results.
    assert "Færre enn 5 har svart" in html
    assert client.get("/k/heimby/effekt/offentlig/graf/survey.svg").status_code == 404
    assert client.get("/k/heimby/effekt/offentlig/graf/funnel.svg").status_code == 200
    assert client.get("/k/heimby/effekt/offentlig/graf/channels.svg").status_code == 404
    # Free-text answers never appear in public.
    assert "Fritekstsvar" not in html


def test_publish_settings_refuse_unknown_panels(client, world, app_ctx):
    _login(client, world.admin)
    response = client.post("/k/heimby/effekt/innstillinger", data={"panels": ["secret"]})
    assert response.status_code == 200
    assert db.session.scalars(select(PublicMeasure)).all() == []


def test_municipality_page_links_to_the_dashboard_for_admins(client, world, app_ctx):
    html = client.get("/k/heimby/").get_data(as_text=True)
    assert "/k/heimby/effekt" not in html
    _login(client, world.admin)
    assert "/k/heimby/effekt" in client.get("/k/heimby/").get_data(as_text=True)


def test_visitors_see_the_municipality_and_challenges_of_ten_or_more(client, dataset, world):
    """Public scopes (docs/metrics.md): C3 has 6 participants (< 10): no figures, a message,
    the API says 404; a principle or dates are refused; public charts take no channel."""
    set_public_panels(world.municipality.id, ["key_figures", "representativeness", "survey"])
    db.session.commit()
    c3 = dataset.challenges["c3"].id
    response = client.get(f"/k/heimby/effekt/offentlig?utfordring={c3}")
    html = response.get_data(as_text=True)
    assert "vises ikke offentlig: den har færre enn 10 deltakere" in html
    assert 'id="panel-key"' not in html
    assert client.get(f"/api/v1/challenges/{c3}/metrics").status_code == 404
    refused = client.get("/k/heimby/effekt/offentlig?fra=2026-01-01&til=2026-01-31")
    assert refused.status_code == 400 and 'id="panel-key"' not in refused.get_data(as_text=True)
    whole = client.get("/k/heimby/effekt/offentlig")
    assert whole.status_code == 200 and 'id="panel-key"' in whole.get_data(as_text=True)
    chart = "/k/heimby/effekt/offentlig/graf/representativeness.svg?dim=district"
    assert client.get(chart).status_code == 200
    assert client.get(f"{chart}&kanal=workshop").status_code == 404
    assert client.get(f"{chart}&kanal=web").status_code == 404
