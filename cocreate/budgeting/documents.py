"""The sheet of paper codes: A4 slips to cut apart, each with one code, the address to vote at
and how. Laid out by WeasyPrint as the posters are (paper/documents.py); nothing is fetched."""

from flask import render_template, url_for
from flask_babel import force_locale

from ..notifications.links import absolute_url
from ..paper.documents import render_pdf
from .codes import printed
from .models import Budget

LANGUAGES = ("nb", "nn")


def codes_pdf(budget: Budget, codes: list[str], language: str) -> bytes:
    """The codes as an A4 PDF in bokmål or nynorsk."""
    challenge = budget.challenge
    with force_locale(language if language in LANGUAGES else "nb"):
        html = render_template(
            "budgeting/codes_sheet.html",
            language=language,
            budget=budget,
            challenge=challenge,
            municipality=challenge.municipality,
            codes=[printed(c) for c in codes],
            address=absolute_url(
                url_for(
                    "budgeting.paper_vote",
                    slug=challenge.municipality.slug,
                    challenge_id=challenge.id,
                )
            ),
        )
    return render_pdf(html)
