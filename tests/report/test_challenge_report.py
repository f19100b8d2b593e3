"""The challenge's report holds each section under its heading, in the chosen language, with
the small seeded challenge's figures (tests/report/conftest.py) in the PDF and the .docx alike;
counts of persons are the dashboard's published ones, and a group of 3 is never shown."""

import io

import docx
import pytest
from flask_babel import force_locale

from cocreate.metrics.scope import Scope
from cocreate.metrics.snapshots import dashboard_figures
from cocreate.report.challenge_report import build_challenge_report
from cocreate.report.render import pdf_from_html, report_html
from tests.report.conftest import ANSWER, TOP_TITLE, report_url
from tests.report.helpers import (
    HEADINGS_NB,
    HEADINGS_NN,
    docx_headings,
    docx_text,
    download,
    pdf_text,
)
from tests.report.pdfcheck import assert_accessible


@pytest.fixture
def admin_client(client, seeded):
    client.post("/logg-inn", data={"email": "admin@example.no", "password": "riktig-hest-batteri"})
    return client


def _published(seeded):
    return dashboard_figures(
        Scope(seeded.challenge.municipality_id, challenge_id=seeded.challenge.id)
    )


def _texts(admin_client, seeded, language="nb"):
    url = report_url(seeded.challenge)
    pdf = download(admin_client, url, language=language)
    word = download(admin_client, url, language=language, fmt="docx")
    assert pdf.status_code == 200 and word.status_code == 200
    assert pdf.mimetype == "application/pdf"
    assert word.mimetype.endswith("wordprocessingml.document")
    assert f"-{language}-" in word.headers["Content-Disposition"]
    assert word.headers["Content-Disposition"].endswith('.docx"')
    return pdf.data, word.data


def test_every_section_and_the_title_page_in_both_formats(admin_client, seeded):
    pdf, word = _texts(admin_client, seeded)
    text, wtext = pdf_text(pdf), docx_text(word)
    for heading in HEADINGS_NB:
        assert heading in text
        assert heading in wtext
    assert docx_headings(word) == HEADINGS_NB
    for fact in (
        "Medvirkningsrapport: Grønnere sentrum",
        "Heimby kommune",
        "Involvere",
        "Tall per",
    ):
        assert fact in text and fact in wtext
    assert "Sammendrag" in text
    assert (
        "Heimby kommune inviterte innbyggerne" in text
        and "Heimby kommune inviterte innbyggerne" in wtext
    )


def test_the_seeded_figures(admin_client, seeded):
    pdf, word = _texts(admin_client, seeded)
    text, wtext = pdf_text(pdf), docx_text(word)
    people = _published(seeded)["participants"]
    assert people["participants"] is not None  # 14 persons: published as 15
    shown = str(people["participants"])
    assert f"Deltakere (innloggede personer) {shown}" in text
    assert f"Deltakere (innloggede personer) | {shown}" in wtext
    assert f"Deltakere: {shown}. De ga 8 innspill." in text
    # Inputs: exact counts of public inputs.
    for row in (
        "Nett 8 100 %",
        "Sentrum 5",
        "Nord 2",
        "Ikke oppgitt 1",
        f"{TOP_TITLE} 6 Besluttet",
    ):
        assert row in text, row
    for row in ("Nett | 8 | 100 %", "Sentrum | 5", "Nord | 2", f"{TOP_TITLE} | 6 | Besluttet"):
        assert row in wtext, row
    # Answers: the funnel, stages now and an example answer.
    assert "Hørt 8" in text and "Besluttet 1" in text and "Ikke videreført 1" in text
    assert ANSWER in text and ANSWER in wtext
    # Results with status, progress and linked inputs.
    assert "Plante 40 trær Under arbeid 40 % 2" in text
    assert "Ny benk ved torget Planlagt 0 % 0" in text
    assert "Plante 40 trær | Under arbeid | 40 % | 2" in wtext
    # The promise: involvere, 2 of 8 answered, so not kept.
    assert "Medvirkningsnivå: Involvere." in text
    assert "Innspill med offentlig svar 2" in text and "Løftet holdt Nei" in text
    assert "Løftet holdt | Nei" in wtext
    # The method: the formulas' own words.
    assert "R = 1 − ½ Σ |p_g − q_g|" in text
    assert "Personvern (k = 5)" in text and "Personvern (k = 5)" in wtext


def test_a_group_of_three_is_never_shown(admin_client, seeded):
    """Three persons are 30–44 and men: the dashboard hides those cells, and the report shows
    no such group, in either format; the 18–29 group (6 persons) is shown as published."""
    figures = _published(seeded)
    web = {d["dimension"]: d for d in figures["representativeness"]["web"]["dimensions"]}
    groups = {g["group"]: g["participants"] for g in web["age_band"]["groups"]}
    genders = {g["group"]: g["participants"] for g in web["gender"]["groups"]}
    assert groups["30-44"] is None and genders["mann"] is None
    pdf, word = _texts(admin_client, seeded)
    for text in (pdf_text(pdf), docx_text(word)):
        assert "30–44 år" not in text
        assert "Mann" not in text
        if groups["18-29"] is not None:
            assert f"18–29 år {groups['18-29']}" in text.replace(" | ", " ")
        # No count of persons under 5 is printed in the people's tables.
        assert "Støttet innspill 6" not in text.replace(" | ", " ")


def test_nynorsk_has_nynorsk_headings(admin_client, seeded):
    pdf, word = _texts(admin_client, seeded, language="nn")
    text, wtext = pdf_text(pdf), docx_text(word)
    for heading in HEADINGS_NN:
        assert heading in text and heading in wtext
    assert docx_headings(word) == HEADINGS_NN
    assert "Medverknadsrapport: Grønnere sentrum" in text
    assert "Hvem deltok" not in text and "Hva vi hørte" not in wtext
    assert_accessible(pdf, title="Medverknadsrapport: Grønnere sentrum", language="nn")
    assert docx.Document(io.BytesIO(word)).core_properties.language == "nn-NO"


def test_the_pdf_passes_the_accessibility_check(admin_client, seeded):
    pdf, word = _texts(admin_client, seeded)
    kinds = assert_accessible(pdf, title="Medvirkningsrapport: Grønnere sentrum", language="nb")
    assert kinds["/H2"] >= len(HEADINGS_NB)
    assert kinds["/Caption"] >= 1  # each table is named
    props = docx.Document(io.BytesIO(word)).core_properties
    assert props.title == "Medvirkningsrapport: Grønnere sentrum"
    assert props.language == "nb-NO"


def test_the_fallback_layout_passes_the_same_check(app, seeded):
    """Should WeasyPrint's tagging fail on a caption parted from its table, render.to_pdf lays
    the report out with headings above the tables instead: that PDF is as accessible."""
    with app.test_request_context(), force_locale("nb"):
        report = build_challenge_report(seeded.challenge, "nb")
        pdf = pdf_from_html(report_html(report, captions_as_headings=True))
    kinds = assert_accessible(pdf, title="Medvirkningsrapport: Grønnere sentrum", language="nb")
    assert kinds["/Caption"] == 0 and kinds["/H3"] >= 10
    assert "Innspill per bydel" in pdf_text(pdf)
