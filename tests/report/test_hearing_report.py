"""The hearing's report: statements by kind of sender and channel, per section, the
assessments with their counts, the results that take statements up, the § 5-2 promise; as an
accessible PDF and a .docx, in bokmål and nynorsk. A resident is never named."""

import pytest

from cocreate.extensions import db
from tests.report.conftest import report_url
from tests.report.helpers import (
    HEADINGS_NB,
    HEADINGS_NN,
    docx_headings,
    docx_text,
    download,
    pdf_text,
)
from tests.report.pdfcheck import assert_accessible

TITLE = "Medvirkningsrapport: Kommuneplanens samfunnsdel"


@pytest.fixture
def admin_client(client, seeded):
    client.post("/logg-inn", data={"email": "admin@example.no", "password": "riktig-hest-batteri"})
    return client


def test_hearing_sections_and_figures(admin_client, seeded):
    url = report_url(seeded.hearing, "hearing")
    pdf = download(admin_client, url)
    word = download(admin_client, url, fmt="docx")
    text, wtext = pdf_text(pdf.data), docx_text(word.data)
    for heading in HEADINGS_NB:
        assert heading in text and heading in wtext
    assert docx_headings(word.data) == HEADINGS_NB
    for row in (
        "Lovpålagt råd 1",
        "Organisasjon 2",
        "Innbygger 3",
        "I alt 6",
        "På høringssiden 5",
        "Hele dokumentet 2",
        "1 Mål 2",
        "2 Strategier 2",
        "Tatt til følge 1",
        "Delvis tatt til følge 1",
        "Ikke tatt til følge 1",
        "Til orientering 1",
        "Ikke vurdert ennå 2",
        "Vurdert: 4 av 6 (67 %)",
        "Plante 40 trær Under arbeid 40 % 1",
        "Dager fra høringsfristen til merknadsbehandlingen: 10.",
        "Høringsinstanser på listen: 1, høringsbrev sendt: 1.",
    ):
        assert row in text, row
    assert "Lovpålagt råd | 1" in wtext and "Ikke vurdert ennå | 2" in wtext
    assert "Kommunen fikk 6 uttalelser" in text
    assert "Eldrerådet" in text and "Naturvernforbundet" in text
    assert "Kari Innbygger" not in text and "Kari Innbygger" not in wtext
    assert "Løftet holdt: Nei." in text  # two statements are not assessed yet
    assert_accessible(pdf.data, title=TITLE, language="nb")


def test_hearing_in_nynorsk(admin_client, seeded):
    url = report_url(seeded.hearing, "hearing")
    pdf = download(admin_client, url, language="nn")
    text = pdf_text(pdf.data)
    for heading in HEADINGS_NN:
        assert heading in text
    assert "Kommunen fekk 6 fråsegner" in text
    assert_accessible(
        pdf.data, title="Medverknadsrapport: Kommuneplanens samfunnsdel", language="nn"
    )
    word = download(admin_client, url, language="nn", fmt="docx")
    assert docx_headings(word.data) == HEADINGS_NN


def test_a_hearing_under_a_challenge_shows_its_representativeness(admin_client, seeded):
    seeded.hearing.challenge_id = seeded.challenge.id
    db.session.flush()
    text = pdf_text(download(admin_client, report_url(seeded.hearing, "hearing")).data)
    assert "Tallene under gjelder utfordringen høringen hører til." in text
    assert "30–44 år" not in text and "Mann" not in text
    assert "Utfordringen «Grønnere sentrum» har medvirkningsnivået Involvere" in text


def test_a_hidden_statement_is_counted_but_never_quoted(admin_client, seeded):
    from sqlalchemy import select

    from cocreate.hearings.models import Statement
    from cocreate.ideas.models import Visibility

    statement = db.session.scalar(
        select(Statement).where(Statement.sender_name == "Handelsstanden")
    )
    statement.visibility = Visibility.hidden
    db.session.flush()
    text = pdf_text(download(admin_client, report_url(seeded.hearing, "hearing")).data)
    assert "I alt 6" in text and "Ikke tatt til følge 1" in text
    assert "Sammendrag fra Handelsstanden" not in text
    assert "Sammendrag fra Naturvernforbundet" in text
