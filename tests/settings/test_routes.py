"""The settings page through HTTP: forms, bad input and bad files with their Norwegian reasons,
CSRF, the logo served under its fingerprint with long cache headers, and the municipality's
page showing the change at once."""

import io
import re

import pytest
from sqlalchemy import select

from cocreate.assets import IMMUTABLE
from cocreate.extensions import db
from cocreate.municipalities.models import District
from cocreate.settings.logos import logo_folder
from tests.factories import PASSWORD
from tests.isolation import joined

from .conftest import claimed_png, image_bytes

SETTINGS = "/k/heimby/innstillinger"


@pytest.fixture
def admin(client, world):
    client.post("/logg-inn", data={"email": world.admin.email, "password": PASSWORD})
    return client


def _upload(client, data: bytes, filename: str = "logo.png"):
    return client.post(
        f"{SETTINGS}/logo",
        data={"logo-logo": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def _logo_src(html: str) -> str | None:
    match = re.search(r'src="(/k/heimby/logo/[0-9a-f]{16}\.png)"', html)
    return match.group(1) if match else None


def test_the_settings_page_is_linked_for_admins_only(client, world, admin):
    assert SETTINGS in admin.get("/k/heimby/").get_data(as_text=True)
    page = admin.get(SETTINGS)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Du kan bruke **fet**" in html and "Markdown er tillatt" not in html
    for name in ("Sentrum", "Nord"):
        assert f'value="{name}"' in html  # the rename forms, filled in
    other = world.facilitator
    fresh = client.application.test_client()
    fresh.post("/logg-inn", data={"email": other.email, "password": PASSWORD})
    assert SETTINGS not in fresh.get("/k/heimby/").get_data(as_text=True)


def test_saving_shows_on_the_municipalitys_page_at_once(admin, world):
    response = admin.post(
        SETTINGS,
        data={
            "intro": "Velkommen til Heimby.",
            "description": "Vi har **tre** bydeler.\n\n<script>alert(1)</script>",
            "contact_email": "post@heimby.kommune.no",
            "contact_text": "Rådhusgata 1\n8000 Heimby",
        },
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(SETTINGS)
    page = admin.get("/k/heimby/").get_data(as_text=True)
    assert "Velkommen til Heimby." in page and "<strong>tre</strong>" in page
    assert "<script>alert(1)" not in page
    assert 'href="mailto:post@heimby.kommune.no"' in page and "Rådhusgata 1\n8000 Heimby" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"contact_email": "ikke-en-adresse"}, "Skriv inn en gyldig e-postadresse."),
        ({"intro": "x" * 301}, "Ingressen kan være på høyst 300 tegn"),
        ({"description": "Nul\x00byte"}, "Teksten inneholder tegn som ikke er tillatt."),
    ],
)
def test_bad_settings_are_shown_with_the_reason(admin, world, data, message):
    response = admin.post(SETTINGS, data={"description": "", **data})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert world.municipality.contact_email is None and world.municipality.intro == ""


def test_without_the_csrf_token_nothing_is_saved(app, world):
    from cocreate import create_app
    from tests.conftest import make_config

    url = app.config["SQLALCHEMY_DATABASE_URI"]
    client = joined(create_app(make_config(url, WTF_CSRF_ENABLED=True)), app).test_client()
    login_page = client.get("/logg-inn").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login_page).group(1)
    client.post(
        "/logg-inn",
        data={"email": world.admin.email, "password": PASSWORD, "csrf_token": token},
    )
    page = client.get(SETTINGS).get_data(as_text=True)
    forged = {"description": "Overtatt av en annen side", "contact_email": ""}
    assert client.post(SETTINGS, data=forged).status_code == 400
    district = {"ny-bydel-name": "Snikbydel"}
    assert client.post(f"{SETTINGS}/bydeler", data=district).status_code == 400
    db.session.expire_all()
    assert world.municipality.description == ""
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    assert client.post(SETTINGS, data={**forged, "csrf_token": token}).status_code == 302
    db.session.expire_all()
    assert world.municipality.description == forged["description"]


def test_a_logo_is_served_under_its_fingerprint_with_long_cache_headers(admin, world, uploads):
    assert _upload(admin, image_bytes((800, 400))).status_code == 302
    src = _logo_src(admin.get("/k/heimby/").get_data(as_text=True))
    assert src is not None
    response = admin.get(src)
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.headers["Cache-Control"] == IMMUTABLE
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    etag = response.headers["ETag"]
    assert admin.get(src, headers={"If-None-Match": etag}).status_code == 304
    assert response.data == (logo_folder() / world.municipality.logo).read_bytes()

    # Replaced: a new address; the old one is gone. Removed: no logo and no address.
    assert _upload(admin, image_bytes((800, 400), color=(250, 200, 0))).status_code == 302
    newer = _logo_src(admin.get("/k/heimby/").get_data(as_text=True))
    assert newer is not None and newer != src
    assert admin.get(src).status_code == 404 and admin.get(newer).status_code == 200
    assert admin.get(newer.replace("/heimby/", "/bortby/")).status_code == 404
    assert admin.post(f"{SETTINGS}/logo/fjern").status_code == 302
    assert _logo_src(admin.get("/k/heimby/").get_data(as_text=True)) is None
    assert admin.get(newer).status_code == 404


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"Dette er en tekstfil med nytt navn.\n", "logo.png", "Fila er ikke et bilde vi kan"),
        (b"GIF89a" + b"\x00" * 40, "logo.gif", "Fila er ikke et bilde vi kan"),
        (claimed_png(100_000, 100_000), "stor.png", "altfor mange piksler"),
        (claimed_png(5001, 300), "bred.png", "5001 × 300 piksler"),
        (image_bytes() + b"\x00" * (1024 * 1024), "tung.png", "Fila er for stor (1 MB)"),
    ],
)
def test_bad_files_are_refused_with_a_reason(admin, world, uploads, data, filename, message):
    response = _upload(admin, data, filename)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert world.municipality.logo is None


def test_a_file_beyond_the_request_limit_gets_the_reason_on_the_settings_page(app, admin):
    response = _upload(admin, b"\x89PNG" + b"\x00" * app.config["MAX_CONTENT_LENGTH"])
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "Fila er for stor. Logoen kan være på høyst 1 MB." in html
    assert "Innstillinger for" in html  # the page itself, with the form to try again


def test_an_upload_without_a_file_asks_for_one(admin, uploads):
    response = admin.post(f"{SETTINGS}/logo", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Velg en bildefil å laste opp." in response.get_data(as_text=True)


def test_districts_are_created_renamed_and_merged_through_the_page(admin, world):
    response = admin.post(
        f"{SETTINGS}/bydeler", data={"ny-bydel-name": "Fjellheim", "ny-bydel-population": "450"}
    )
    assert response.status_code == 302
    districts = {
        d.name: d
        for d in db.session.scalars(
            select(District).where(District.municipality_id == world.municipality.id)
        )
    }
    assert districts["Fjellheim"].population == 450
    duplicate = admin.post(f"{SETTINGS}/bydeler", data={"ny-bydel-name": "fjellheim"})
    assert duplicate.status_code == 400
    assert "Kommunen har allerede en bydel som heter «fjellheim»." in duplicate.get_data(
        as_text=True
    )

    nord = districts["Nord"]
    rename = admin.post(
        f"{SETTINGS}/bydeler/{nord.id}/navn", data={f"navn-{nord.id}-name": "Nordbyen"}
    )
    assert rename.status_code == 302
    db.session.expire_all()
    assert nord.name == "Nordbyen"
    empty = admin.post(f"{SETTINGS}/bydeler/{nord.id}/navn", data={f"navn-{nord.id}-name": ""})
    assert empty.status_code == 400 and "Skriv navnet på bydelen." in empty.get_data(as_text=True)

    target = districts["Sentrum"]
    prefix = f"slaa-sammen-{nord.id}"
    unconfirmed = admin.post(
        f"{SETTINGS}/bydeler/{nord.id}/slaa-sammen", data={f"{prefix}-target": target.id}
    )
    assert unconfirmed.status_code == 400
    assert "Kryss av for å bekrefte sammenslåingen." in unconfirmed.get_data(as_text=True)
    foreign = db.session.scalars(
        select(District).where(District.municipality_id == world.other.id)
    ).first()
    elsewhere = admin.post(
        f"{SETTINGS}/bydeler/{nord.id}/slaa-sammen",
        data={f"{prefix}-target": foreign.id, f"{prefix}-confirm": "y"},
    )
    assert elsewhere.status_code == 400
    merged = admin.post(
        f"{SETTINGS}/bydeler/{nord.id}/slaa-sammen",
        data={f"{prefix}-target": target.id, f"{prefix}-confirm": "y"},
    )
    assert merged.status_code == 302
    assert "«Nordbyen» er slått sammen med «Sentrum»." in admin.get(SETTINGS).get_data(as_text=True)
    assert db.session.get(District, nord.id) is None


def test_a_district_of_another_municipality_is_not_found_here(admin, world):
    foreign = db.session.scalars(
        select(District).where(District.municipality_id == world.other.id)
    ).first()
    url = f"{SETTINGS}/bydeler/{foreign.id}/navn"
    assert admin.post(url, data={f"navn-{foreign.id}-name": "Kapret"}).status_code == 404
    db.session.expire_all()
    assert foreign.name != "Kapret"
