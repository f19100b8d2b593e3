"""The poster and the paper input form: what they say, their QR code, and the PDF.

Both are rendered from templates/paper/ in the language asked for (bokmål or nynorsk, whatever
the person's own setting) and laid out as A4 by WeasyPrint. The PDF takes nothing from the
network: the QR code is inline SVG and the fonts are the system's (DejaVu).
"""

import enum
from dataclasses import dataclass

import segno
from flask import render_template, url_for
from flask_babel import force_locale
from markupsafe import Markup

from ..challenges.models import Challenge
from ..notifications.links import absolute_url
from ..pdf import weasyprint
from ..pipeline.links import challenge_path

# The written standards a sheet is printed in (språklova): the municipality's own by default.
LANGUAGES = ("nb", "nn")
# The description's start on the poster; the whole text is one scan away.
EXCERPT_CHARS = 400
# Past these a sheet is set tighter (smaller heading, shorter excerpt, fewer lines to write on)
# so that it stays one page: a title near its 200 characters, many principles, a long contact.
LONG_TITLE = 90
MANY_PRINCIPLES = 3
LONG_CONTACT = 120


class Sheet(enum.Enum):
    poster = "poster"  # plakat: one A4 page to put up
    form = "form"  # innspillsskjema: filled in by hand and handed in or posted

    @property
    def filename(self) -> str:
        return {Sheet.poster: "plakat", Sheet.form: "innspillsskjema"}[self]


@dataclass(frozen=True)
class Address:
    """Where the QR code and the printed text send a reader: the challenge's page."""

    url: str

    @property
    def printed(self) -> str:
        """What a person types: the address without its scheme."""
        return self.url.split("://", 1)[-1]

    @property
    def qr(self) -> segno.QRCode:
        return segno.make(self.url, error="m")

    def qr_svg(self) -> Markup:
        svg = self.qr.svg_inline(scale=4, border=4, omitsize=True, title=self.printed)
        return Markup(svg)  # noqa: S704 - segno's own markup; the title is XML-escaped by segno


def challenge_address(challenge: Challenge) -> Address:
    """The challenge's public address (BASE_URL), the same printed as encoded in the QR code.

    Samskap keeps no short links of its own; a challenge's path is already short
    (/k/<kommune>/utfordringer/<nr>)."""
    return Address(absolute_url(challenge_path(challenge)))


def is_crowded(challenge: Challenge) -> bool:
    """Whether the sheet must be set tighter to stay one A4 page."""
    return (
        len(challenge.title) > LONG_TITLE
        or len(challenge.principles) > MANY_PRINCIPLES
        or len(challenge.municipality.contact_text) > LONG_CONTACT
    )


def render_html(sheet: Sheet, challenge: Challenge, language: str) -> str:
    """The sheet as HTML, in the language given (one of LANGUAGES)."""
    if language not in LANGUAGES:
        raise ValueError(f"no paper in {language!r}")
    municipality = challenge.municipality
    crowded = is_crowded(challenge)
    with force_locale(language):
        return render_template(
            f"paper/{sheet.value}.html",
            language=language,
            challenge=challenge,
            municipality=municipality,
            address=challenge_address(challenge),
            crowded=crowded,
            excerpt_chars=EXCERPT_CHARS // 2 if crowded else EXCERPT_CHARS,
            register_url=absolute_url(
                url_for(
                    "workshops.offline_input", slug=municipality.slug, challenge_id=challenge.id
                )
            ),
        )


def render_pdf(html: str) -> bytes:
    """HTML to an A4 PDF. Only data: URLs are fetched, so text that reached the page can never
    make the server fetch anything."""
    # Loaded here (cocreate/pdf.py): the rest of the site must start (and `make run` work) on a
    # machine without Debian's pango; only these downloads need it.
    weasy = weasyprint()
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    return weasy.HTML(string=html, url_fetcher=fetcher).write_pdf()
