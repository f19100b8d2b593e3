"""Who may take out the medvirkningsrapport: the facilitators and administrators of the
municipality; visitors (sent to log in), citizens, case officers and another municipality's
staff are refused (403); the address under another municipality hides it (404)."""

import re

import pytest

from tests.report.conftest import report_url
from tests.report.helpers import download

EXPECTED = {
    "anonymous": 302,
    "citizen": 403,
    "author": 403,
    "other_facilitator": 403,
    "facilitator": 200,
    "admin": 200,
}


def _login(client, user) -> None:
    if user is not None:
        client.post("/logg-inn", data={"email": user.email, "password": "riktig-hest-batteri"})


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize("kind", ["challenge", "hearing"])
def test_form_and_download_per_role(client, seeded, role, kind):
    _login(client, seeded.world.roles()[role])
    item = seeded.challenge if kind == "challenge" else seeded.hearing
    form = client.get(report_url(item, kind))
    assert form.status_code == EXPECTED[role]
    if role == "anonymous":
        assert "/logg-inn" in form.headers["Location"]
    got = download(client, report_url(item, kind))
    assert got.status_code == EXPECTED[role]
    if EXPECTED[role] == 200:
        assert got.mimetype == "application/pdf"
        assert got.data.startswith(b"%PDF")
        assert "attachment" in got.headers["Content-Disposition"]
        assert got.headers["Cache-Control"] == "private, no-store"
    else:
        assert not got.data.startswith(b"%PDF")


def test_other_municipalitys_admin_is_refused(client, seeded):
    _login(client, seeded.world.other_admin)
    assert client.get(report_url(seeded.challenge)).status_code == 403
    assert download(client, report_url(seeded.hearing, "hearing")).status_code == 403


def test_under_another_municipalitys_address_it_is_not_found(client, seeded):
    _login(client, seeded.world.other_admin)
    other = seeded.world.other.slug
    assert (
        client.get(f"/k/{other}/utfordringer/{seeded.challenge.id}/medvirkningsrapport").status_code
        == 404
    )
    assert (
        client.get(f"/k/{other}/horinger/{seeded.hearing.id}/medvirkningsrapport").status_code
        == 404
    )


def test_form_defaults_to_the_municipalitys_language_and_offers_both(client, seeded):
    from cocreate.extensions import db
    from cocreate.municipalities.models import WrittenLanguage

    seeded.world.municipality.language = WrittenLanguage.nn
    db.session.flush()
    _login(client, seeded.world.admin)
    page = client.get(report_url(seeded.challenge)).get_data(as_text=True)
    checked = re.findall(
        r'<input checked id="sprak-\d" name="sprak" required type="radio" value="(\w+)">', page
    )
    assert checked == ["nn"]
    assert 'value="nb"' in page and 'value="docx"' in page and 'value="pdf"' in page


def test_bad_choice_shows_the_form_again(client, seeded):
    _login(client, seeded.world.admin)
    got = client.post(report_url(seeded.challenge), data={"sprak": "en", "format": "pdf"})
    assert got.status_code == 400
    assert "<form" in got.get_data(as_text=True)


def test_staff_see_the_link_on_the_challenge_page_and_citizens_do_not(client, seeded):
    url = f"/k/{seeded.world.municipality.slug}/utfordringer/{seeded.challenge.id}"
    link = report_url(seeded.challenge)
    _login(client, seeded.world.citizen)
    assert link not in client.get(url).get_data(as_text=True)
    client.post("/logg-ut")
    _login(client, seeded.world.facilitator)
    assert link in client.get(url).get_data(as_text=True)
