"""The link-preview images (og:image) of the principles: one 1200×630 PNG card each, and one
for Samskap itself, drawn by Pillow from the reference data and committed under static/og/.

Made again with `python -m cocreate.embeds.cards` when the principles' names or colours change
(tests/embeds/test_social.py checks that every principle has its card).
"""

import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from ..reference.data import PRINCIPLES

SIZE = (1200, 630)
FOLDER = Path(__file__).resolve().parents[2] / "static" / "og"
SITE_CARD = "samskap.png"
SITE_COLOUR = "#1f4e79"


def card_name(number: int) -> str:
    return f"prinsipp-{number}.png"


# Pillow's own font has no æ, ø or å: DejaVu Sans (Debian's fonts-dejavu-core) where installed.
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if FONT.exists():
        return ImageFont.truetype(str(FONT), size)
    return ImageFont.load_default(size=size)


def draw_card(heading: str, title: str, colour: str) -> Image.Image:
    """White text on the principle's colour: the heading small, the title large, Samskap below."""
    image = Image.new("RGB", SIZE, colour)
    draw = ImageDraw.Draw(image)
    draw.text((80, 80), heading, fill="white", font=_font(44))
    lines = textwrap.wrap(title, width=24)[:4]
    draw.multiline_text((80, 170), "\n".join(lines), fill="white", font=_font(76), spacing=18)
    draw.text((80, 530), "Samskap – fra hørt til gjort", fill="white", font=_font(36))
    return image


def write_cards(folder: Path = FOLDER) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for principle in PRINCIPLES:
        number = int(str(principle["number"]))
        image = draw_card(f"Prinsipp {number}", str(principle["name_nb"]), str(principle["colour"]))
        path = folder / card_name(number)
        image.save(path, "PNG", optimize=True)
        written.append(path)
    site = draw_card("Samskap", "Fra ord til handling i kommunen", SITE_COLOUR)
    site.save(folder / SITE_CARD, "PNG", optimize=True)
    written.append(folder / SITE_CARD)
    return written


if __name__ == "__main__":
    for path in write_cards():
        print(path)
