"""The demo: the medvirkningsrapport of the demo's concluded challenge opens as a tagged PDF
with a language and a title, for the demo's administrator."""

from sqlalchemy import select

from cocreate.challenges.models import Challenge, Phase
from cocreate.demo.seed import DEMO_PASSWORD, DEMO_SLUG
from cocreate.extensions import db
from cocreate.municipalities.services import get_by_slug
from tests.report.conftest import report_url
from tests.report.helpers import HEADINGS_NB, download, pdf_text
from tests.report.pdfcheck import assert_accessible


def test_the_demos_concluded_challenge_report_is_a_tagged_pdf(demo_seeded, app_ctx, client):
    municipality = get_by_slug(DEMO_SLUG)
    concluded = db.session.scalars(
        select(Challenge)
        .where(Challenge.municipality_id == municipality.id, Challenge.phase == Phase.concluded)
        .order_by(Challenge.id)
    ).all()
    assert concluded
    client.post("/logg-inn", data={"email": "admin@demo.samskap.no", "password": DEMO_PASSWORD})
    language = municipality.language.value
    for challenge in concluded:
        form = client.get(report_url(challenge))
        assert form.status_code == 200
        got = download(client, report_url(challenge), language="nb")
        assert got.status_code == 200, challenge.title
        assert_accessible(got.data, title=f"Medvirkningsrapport: {challenge.title}", language="nb")
        text = pdf_text(got.data)
        for heading in HEADINGS_NB:
            assert heading in text
        assert municipality.name in text
    # In the municipality's own language too (the form's default).
    got = download(client, report_url(concluded[0]), language=language)
    assert got.status_code == 200
    prefix = "Medverknadsrapport" if language == "nn" else "Medvirkningsrapport"
    assert_accessible(got.data, title=f"{prefix}: {concluded[0].title}", language=language)
