"""The settings services: what is saved, what is refused (with what reason), what is logged,
and what a logo file becomes."""

import io

import pytest
from PIL import Image
from sqlalchemy import select

from cocreate.audit.models import AuditEvent
from cocreate.database import commit
from cocreate.extensions import db
from cocreate.municipalities.models import DESCRIPTION
from cocreate.refusals import NotAllowed
from cocreate.settings.logos import LogoError, logo_folder
from cocreate.settings.services import (
    SettingsError,
    remove_logo,
    replace_logo,
    update_settings,
)

from .conftest import claimed_png, image_bytes, jpeg_with_metadata


def _events(name: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.event == name)))


def _save(world, actor=None, **fields):
    values = {"intro": "", "description": "", "contact_email": "", "contact_text": ""}
    values.update(fields)
    return update_settings(world.municipality, actor=actor or world.admin, **values)


def test_description_is_sanitised_markdown_and_the_change_is_logged(world):
    changed = _save(
        world,
        description=(
            "Vi er **Heimby**.\n\n- første\n- andre\n\n<script>alert(1)</script>\n"
            "[trykk](javascript:alert(2)) <img src=x onerror=alert(3)>"
        ),
        contact_email=" Post@Heimby.kommune.no ",
        contact_text="Rådhusgata 1\n8000 Heimby",
    )
    municipality = world.municipality
    html = municipality.description_html
    assert "<strong>Heimby</strong>" in html and "<li>første</li>" in html
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html
    assert municipality.contact_email == "Post@heimby.kommune.no"  # the domain normalised
    assert municipality.contact_text == "Rådhusgata 1\n8000 Heimby"
    assert set(changed) == {"description", "contact_email", "contact_text"}
    (event,) = _events("municipality.settings_changed")
    assert event.actor_id == world.admin.id and event.municipality_id == municipality.id
    assert set(event.data["fields"]) == set(changed)
    assert _save(world, **{k: getattr(municipality, k) for k in changed}) == []  # no change
    assert len(_events("municipality.settings_changed")) == 1


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"contact_email": "ikke en adresse"}, "gyldig e-postadresse"),
        ({"description": "x" * (DESCRIPTION.max + 1)}, f"høyst {DESCRIPTION.max} tegn"),
        ({"intro": "y" * 301}, "høyst 300 tegn"),
        ({"contact_text": "z" * 301}, "høyst 300 tegn"),
    ],
)
def test_bad_settings_are_refused_with_the_reason(world, fields, reason):
    with pytest.raises(SettingsError, match=reason):
        _save(world, **fields)


@pytest.mark.parametrize("who", ["facilitator", "citizen", "other_admin"])
def test_only_the_municipalitys_own_admins_change_settings(world, who):
    actor = getattr(world, who)
    with pytest.raises(NotAllowed):
        _save(world, actor=actor, description="Overtatt")
    with pytest.raises(NotAllowed):
        replace_logo(world.municipality, image_bytes(), actor=actor)
    assert world.municipality.description == ""


def test_a_logo_is_redrawn_as_png_without_metadata_and_bounded(app, world, uploads):
    name = replace_logo(world.municipality, jpeg_with_metadata((1200, 600)), actor=world.admin)
    stored = (logo_folder() / name).read_bytes()
    assert name == world.municipality.logo and name.endswith(".png")
    assert b"Hemmelig Kamera" not in stored and b"skjult kommentar" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "PNG"
        assert not image.getexif() and "exif" not in image.info and "icc_profile" not in image.info
        # The EXIF orientation was applied (portrait now), then bounded to LOGO_SIDE.
        side = app.config["LOGO_SIDE"]
        assert image.size == (side // 2, side)
    (event,) = _events("municipality.logo_added")
    assert event.data["logo"] == name


def test_a_small_logo_keeps_its_size_and_transparency(world, uploads):
    data = image_bytes((120, 40), "PNG", (0, 0, 0, 0))
    name = replace_logo(world.municipality, data, actor=world.admin)
    with Image.open(logo_folder() / name) as image:
        assert image.size == (120, 40) and image.mode == "RGBA"
        assert image.getpixel((5, 5))[3] == 0


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"Hei, dette er bare tekst som heter logo.png\n", "ikke et bilde vi kan bruke"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "ikke et"),
        (image_bytes(fmt="PNG")[:60], "ikke et bilde vi kan bruke"),  # cut off
        (image_bytes(fmt="BMP"), "ikke et bilde vi kan bruke"),  # an image, not one we take
        (b"", "Fila er tom"),
        (claimed_png(100_000, 100_000), "altfor mange piksler.*høyst 5000 piksler"),
        (claimed_png(6000, 10), "6000 × 10 piksler"),
    ],
)
def test_files_that_are_not_usable_logos_are_refused(world, uploads, data, reason):
    with pytest.raises(LogoError, match=reason):
        replace_logo(world.municipality, data, actor=world.admin)
    assert world.municipality.logo is None
    assert not logo_folder().exists() or not any(logo_folder().iterdir())


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(app, world, uploads):
    limit = app.config["LOGO_MAX_BYTES"]
    data = image_bytes() + b"\x00" * limit  # a real PNG, padded past the limit
    with pytest.raises(LogoError, match=r"Fila er for stor.*høyst 1 MB"):
        replace_logo(world.municipality, data, actor=world.admin)


def test_replacing_and_removing_let_the_old_file_go_after_the_commit(world, uploads):
    first = replace_logo(world.municipality, image_bytes(color=(1, 2, 3)), actor=world.admin)
    commit()
    second = replace_logo(world.municipality, image_bytes(color=(4, 5, 6)), actor=world.admin)
    assert first != second
    assert (logo_folder() / first).exists()  # still shown until the change is committed
    commit()
    assert not (logo_folder() / first).exists() and (logo_folder() / second).exists()
    assert remove_logo(world.municipality, actor=world.admin) is True
    commit()
    assert world.municipality.logo is None and not (logo_folder() / second).exists()
    assert remove_logo(world.municipality, actor=world.admin) is False
    assert [e.event for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))][
        -3:
    ] == ["municipality.logo_added", "municipality.logo_replaced", "municipality.logo_removed"]


def test_a_picture_two_municipalities_share_stays_while_one_uses_it(world, uploads):
    data = image_bytes(color=(7, 7, 7))
    name = replace_logo(world.municipality, data, actor=world.admin)
    assert replace_logo(world.other, data, actor=world.other_admin) == name
    commit()
    remove_logo(world.municipality, actor=world.admin)
    commit()
    assert (logo_folder() / name).exists()


def test_a_truncated_logo_is_refused_after_a_pdf_was_made(app_ctx):
    """WeasyPrint makes Pillow accept truncated images process-wide on import; cocreate/pdf.py
    puts the strict default back, so a PDF made earlier in the process lets no broken logo in."""
    from PIL import ImageFile

    from cocreate.pdf import weasyprint

    weasyprint().HTML(string="<p>PDF</p>").write_pdf()
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
