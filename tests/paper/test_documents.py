"""The poster and the paper form: real A4 PDFs that say the question, the deadline, the
principles and where to answer, in bokmål or nynorsk, with a QR code that reads as the address."""

import re
import urllib.request
from datetime import date

import pytest

from cocreate.challenges.models import TITLE
from cocreate.extensions import db
from cocreate.municipalities.models import CONTACT_TEXT as CONTACT_TEXT_LIMIT
from cocreate.municipalities.models import WrittenLanguage
from cocreate.paper.documents import (
    LANGUAGES,
    Sheet,
    challenge_address,
    render_html,
    render_pdf,
)
from cocreate.settings.services import update_settings
from tests.paper.conftest import CONTACT_EMAIL, CONTACT_TEXT, decode_svg_qr, read_pdf

A4_POINTS = (595, 842)


def _download(browser, challenge, name: str, lang: str | None = None):
    url = f"/k/heimby/utfordringer/{challenge.id}/{name}.pdf"
    return browser.get(url, query_string={"lang": lang} if lang else None)


def _pages_are_a4(pdf) -> bool:
    return all(
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) == A4_POINTS
        for p in pdf.pages
    )


@pytest.fixture
def staff(world, new_client):
    return new_client(world.facilitator.email)


def test_poster_is_one_a4_page_with_question_deadline_principles_and_address(
    app, staff, paper_challenge
):
    response = _download(staff, paper_challenge, "plakat", "nb")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "plakat-" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"%PDF-")
    pdf = read_pdf(response.data)
    assert len(pdf.pages) == 1
    assert _pages_are_a4(pdf)
    text = pdf.text()
    assert "Hvordan gjør vi Torget grønnere?" in text
    assert "Frist for innspill" in text
    assert "31. mars 2031" in text
    assert "Sett innbyggerne i sentrum" in text  # principle 1, bokmål
    assert "Prioriter klima og miljø" in text  # principle 3
    address = f"{app.config['BASE_URL'].split('://')[1]}/k/heimby/utfordringer/{paper_challenge.id}"
    assert address in pdf.squeezed()
    assert CONTACT_EMAIL in text


def test_form_is_one_a4_page_with_fields_contact_consent_and_return_address(staff, paper_challenge):
    response = _download(staff, paper_challenge, "innspillsskjema", "nb")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF-")
    pdf = read_pdf(response.data)
    assert len(pdf.pages) == 1
    assert _pages_are_a4(pdf)
    text = pdf.text()
    for expected in (
        "Hvordan gjør vi Torget grønnere?",
        "31. mars 2031",
        "Sett innbyggerne i sentrum",
        "Innspillet ditt",
        "Hva mener du, og hvorfor?",
        "Vil du ha svar? (valgfritt)",
        "Navn",
        "Adresse, e-post eller telefon",
        "Jeg samtykker i at kommunen bruker kontaktopplysningene mine",
        "Slik leverer du skjemaet",
        CONTACT_TEXT,
        CONTACT_EMAIL,
    ):
        assert expected in text, expected
    # The footer sends staff to the registration of a returned form.
    assert f"/k/heimby/utfordringer/{paper_challenge.id}/registrer-innspill" in pdf.squeezed()


@pytest.mark.parametrize("name", ["plakat", "innspillsskjema"])
def test_nynorsk_is_nynorsk(staff, paper_challenge, name):
    nb = read_pdf(_download(staff, paper_challenge, name, "nb").data).text()
    nn = read_pdf(_download(staff, paper_challenge, name, "nn").data).text()
    assert "Frist for innspel" in nn and "Frist for innspel" not in nb
    assert "Set innbyggjarane i sentrum" in nn and "Sett innbyggerne i sentrum" not in nn
    if name == "plakat":
        assert "Kva meiner du? Kommunen vil høyre frå deg." in nn
        assert "Hva mener du?" not in nn
        assert "Gi innspel på nett" in nn
    else:
        assert "Innspelet ditt" in nn and "Innspillet ditt" not in nn
        assert "Namn" in nn
        assert "Eg samtykkjer i at kommunen brukar kontaktopplysningane mine" in nn
        assert "Vil du ha svar? (valfritt)" in nn
    # The challenge's own words stay as written.
    assert "Hvordan gjør vi Torget grønnere?" in nn


def test_the_municipalitys_written_language_is_the_default(world, staff, paper_challenge):
    world.municipality.language = WrittenLanguage.nn
    db.session.flush()
    response = _download(staff, paper_challenge, "plakat")
    assert response.status_code == 200
    assert "nn.pdf" in response.headers["Content-Disposition"]
    assert "Kva meiner du?" in read_pdf(response.data).text()


@pytest.mark.parametrize("lang", ["en", "de", "nb-NO"])
def test_only_bokmal_and_nynorsk(staff, paper_challenge, lang):
    assert _download(staff, paper_challenge, "plakat", lang).status_code == 404


def test_the_qr_code_reads_as_the_challenges_address(app, paper_challenge):
    expected = f"{app.config['BASE_URL'].rstrip('/')}/k/heimby/utfordringer/{paper_challenge.id}"
    assert challenge_address(paper_challenge).url == expected
    with app.test_request_context():
        for sheet in Sheet:
            html = render_html(sheet, paper_challenge, "nb")
            svgs = re.findall(r"<svg.*?</svg>", html, re.S)
            assert len(svgs) == 1, sheet
            assert decode_svg_qr(svgs[0]) == expected


def test_no_deadline_no_deadline_line(app, world, create_challenge_f):
    challenge = create_challenge_f(world.municipality, closes_on=None)
    with app.test_request_context():
        html = render_html(Sheet.form, challenge, "nb")
    assert "Frist for innspill" not in html
    assert "kommet fram innen" not in html
    # Without a contact in the settings the form still says where it goes.
    assert "servicetorget" in html


def test_nothing_is_fetched_from_outside(app, world, create_challenge_f, monkeypatch):
    """A challenge's text cannot make the PDF renderer fetch a URL (no server-side requests)."""
    fetched = []
    monkeypatch.setattr(
        urllib.request.OpenerDirector, "open", lambda self, *a, **k: fetched.append(a)
    )
    challenge = create_challenge_f(
        world.municipality, title='<img src="http://169.254.169.254/x"> Hvorfor?'
    )
    with app.test_request_context():
        html = render_html(Sheet.poster, challenge, "nb")
        assert "<img" not in html  # escaped as text
        html += '<img src="http://169.254.169.254/latest">'
        assert render_pdf(html).startswith(b"%PDF-")
    assert fetched == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_longest_texts_still_fit_one_page(app, world, create_challenge_f, language):
    """A title of 200 characters, all eight principles, the longest description and contact."""
    update_settings(
        world.municipality,
        intro="",
        description="",
        contact_email=CONTACT_EMAIL,
        contact_text=("Servicetorget, Rådhusgata 1, 9999 Heimby. " * 10)[: CONTACT_TEXT_LIMIT.max],
        actor=world.admin,
    )
    challenge = create_challenge_f(
        world.municipality,
        title=("Hvordan kan vi sammen gjøre Torget grønnere " * 6)[: TITLE.max - 1] + "?",
        description="Et langt ord. " * 1400,
        closes_on=date(2031, 3, 31),
        principles=range(1, 9),
    )
    with app.test_request_context():
        for sheet in Sheet:
            pdf = read_pdf(render_pdf(render_html(sheet, challenge, language)))
            assert len(pdf.pages) == 1, sheet
            assert challenge_address(challenge).printed in pdf.squeezed()
