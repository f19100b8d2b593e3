"""Paper fixtures: a challenge with a deadline and two principles, its municipality's contact,
PDF reading, and a decoder for the QR code a sheet prints."""

import io
import re
from datetime import date

import pytest
import zxingcpp
from PIL import Image, ImageDraw
from pypdf import PdfReader

from cocreate.settings.services import update_settings
from tests.factories import PASSWORD

DEADLINE = date(2031, 3, 31)
CONTACT_TEXT = "Rådhusgata 1, 9999 Heimby, telefon 12 34 56 78"
CONTACT_EMAIL = "postmottak@heimby.kommune.no"


@pytest.fixture
def paper_challenge(world, create_challenge_f):
    update_settings(
        world.municipality,
        intro="",
        description="",
        contact_email=CONTACT_EMAIL,
        contact_text=CONTACT_TEXT,
        actor=world.admin,
    )
    return create_challenge_f(
        world.municipality,
        title="Hvordan gjør vi Torget grønnere?",
        description="Torget er grått. Fortell oss hva som skal til.",
        closes_on=DEADLINE,
        principles=(1, 3),
    )


@pytest.fixture
def new_client(app):
    """new_client(email=None): a separate browser with its own cookies, logged in if asked."""

    def _new(email: str | None = None):
        browser = app.test_client()
        if email:
            response = browser.post("/logg-inn", data={"email": email, "password": PASSWORD})
            assert response.status_code == 302
        return browser

    return _new


class Pdf:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.reader = PdfReader(io.BytesIO(data))

    @property
    def pages(self):
        return self.reader.pages

    def text(self) -> str:
        """All text, with line breaks and runs of spaces made single spaces."""
        return " ".join(" ".join(p.extract_text() for p in self.pages).split())

    def squeezed(self) -> str:
        """All text without any whitespace: long addresses break across lines."""
        return "".join(self.text().split())


def read_pdf(data: bytes) -> Pdf:
    return Pdf(data)


_RUN = re.compile(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?")


def decode_svg_qr(svg: str) -> str:
    """Draw the modules of a segno SVG path (runs of `h` between `M`/`m` moves) and decode the
    picture with ZXing, as a phone would: the text the printed code really holds."""
    size = int(float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1)))
    scale = float(re.search(r"scale\(([\d.]+)\)", svg).group(1))
    modules = round(size / scale)
    path = re.search(r' d="([^"]+)"', svg).group(1)
    px = 8
    image = Image.new("L", (modules * px, modules * px), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, a, b in _RUN.findall(path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            row = int(y)
            draw.rectangle(
                [round(x) * px, row * px, round(x + float(a)) * px - 1, (row + 1) * px - 1], 0
            )
            x += float(a)
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1, "no QR code found"
    return found[0].text
