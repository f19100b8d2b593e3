"""Open Graph and Twitter card metadata for the public pages (templates/embeds/_social_meta.html,
included by base.html): title, description, address, image and language of the page, taken from
what the page shows. Only what the public may see is used: a hidden input or a draft challenge
gives the site's default, whoever reads the page."""

import re
from dataclasses import dataclass
from typing import Any

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from sqlalchemy import select

from ..challenges.models import Challenge, challenge_principles
from ..challenges.queries import PUBLIC_PHASES
from ..extensions import db
from ..hearings.models import Hearing
from ..i18n import html_lang
from ..ideas.models import Idea, Visibility
from ..municipalities.models import Municipality
from ..notifications.links import absolute_url
from ..reference.models import Principle
from ..results.models import Result
from ..settings.logos import SUFFIX
from . import bp
from .cards import SITE_CARD, card_name

DESCRIPTION_MAX = 200
OG_LOCALES = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}
# Markdown's marks of emphasis, headings and code: a description is one plain line of text.
_MARKDOWN = re.compile(r"[*_#`]+")


@dataclass(frozen=True)
class SocialMeta:
    title: str
    description: str
    url: str
    image: str
    image_alt: str
    locale: str
    site_name: str


def plain(text: str, limit: int = DESCRIPTION_MAX, *, markdown: bool = True) -> str:
    """Markdown's marks out, whitespace folded, cut at a word near `limit`. The text stays text
    (a "<" typed is a "<" shown): the template escapes it."""
    if markdown:
        text = _MARKDOWN.sub("", text or "")
    flat = " ".join((text or "").split())
    if len(flat) <= limit:
        return flat
    return flat[: limit - 1].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def _public_challenge(challenge: Any) -> Challenge | None:
    if isinstance(challenge, Challenge) and challenge.phase in PUBLIC_PHASES:
        return challenge
    return None


# A principle as its card needs it: number and name in nb, nn and en (a plain value, kept).
PrincipleCard = tuple[int, str, str, str]


def _lowest_principle(challenge_id: int) -> PrincipleCard | None:
    row = db.session.execute(
        select(Principle.number, Principle.name_nb, Principle.name_nn, Principle.name_en)
        .join(challenge_principles, challenge_principles.c.principle_id == Principle.id)
        .where(challenge_principles.c.challenge_id == challenge_id)
        .order_by(Principle.number)
        .limit(1)
    ).first()
    return (row[0], row[1], row[2], row[3]) if row is not None else None


def _principle_of(challenge: Challenge | None) -> PrincipleCard | None:
    """The challenge's lowest-numbered principle, for visitors who are not signed in: link
    previews are made by crawlers, and their pages are the ones the page cache keeps (one query
    per drawn page); a signed-in person's page is not made to pay for it."""
    if challenge is None or current_user.is_authenticated:
        return None
    return _lowest_principle(challenge.id)


def _as_card(principle: Principle) -> PrincipleCard:
    return (principle.number, principle.name_nb, principle.name_nn, principle.name_en)


def _card(principle: PrincipleCard | None) -> tuple[str, str]:
    if principle is None:
        return url_for("static", filename=f"og/{SITE_CARD}"), _("Samskap")
    number, name_nb, name_nn, name_en = principle
    name = {"nn": name_nn, "en": name_en}.get(html_lang(), name_nb)
    alt = _("Prinsipp %(number)d: %(name)s", number=number, name=name)
    return url_for("static", filename=f"og/{card_name(number)}"), alt


def _logo(municipality: Municipality | None) -> tuple[str, str] | None:
    if municipality is None or not municipality.logo:
        return None
    url = url_for(
        "settings.logo", slug=municipality.slug, fingerprint=municipality.logo.removesuffix(SUFFIX)
    )
    return url, _("Logoen til %(name)s", name=municipality.name)


def _subject(values: dict[str, Any]) -> tuple[str, Any, PrincipleCard | None]:
    """The page's main public thing: (its description, its municipality, its principle)."""
    idea, result, hearing = values.get("idea"), values.get("result"), values.get("hearing")
    challenge = _public_challenge(values.get("challenge"))
    principle = values.get("principle") if isinstance(values.get("principle"), Principle) else None
    municipality = values.get("municipality")
    if not isinstance(municipality, Municipality):
        municipality = None
    if (
        isinstance(idea, Idea)
        and idea.visibility is Visibility.published
        and _public_challenge(idea.challenge) is not None
    ):
        return idea.body, municipality, _principle_of(idea.challenge)
    if isinstance(result, Result) and _public_challenge(result.challenge) is not None:
        return result.description, municipality, _principle_of(result.challenge)
    if isinstance(hearing, Hearing) and hearing.is_open:
        return hearing.summary, municipality, _principle_of(_public_challenge(hearing.challenge))
    if challenge is not None:
        return challenge.description, municipality, _principle_of(challenge)
    if principle is not None:
        return principle.description, None, _as_card(principle)
    if municipality is not None:
        return municipality.intro or municipality.description, municipality, None
    return "", None, None


def social_meta_for(title: str, values: dict[str, Any]) -> SocialMeta:
    """The page's metadata from its title and the objects its template was given."""
    description, municipality, principle = _subject(values)
    image, alt = _card(principle)
    if principle is None and (logo := _logo(municipality)) is not None:
        image, alt = logo
    default = _(
        "Samskap – fra hørt til gjort: innbyggernes innspill til kommunen, og hva som ble gjort."
    )
    return SocialMeta(
        title=plain(title, 120, markdown=False) or _("Samskap"),
        description=plain(description) or default,
        url=absolute_url(request.path),
        image=absolute_url(image),
        image_alt=alt,
        locale=OG_LOCALES.get(html_lang(), "nb_NO"),
        site_name=_("Samskap"),
    )


@bp.app_template_global()
@pass_context
def social_meta(context: Context, title: Any) -> SocialMeta:
    """For base.html: the metadata of the page being drawn (`title` is its title block, as
    rendered HTML: made text again here, escaped once more where the tags are written)."""
    names = ("idea", "result", "hearing", "challenge", "principle", "municipality")
    text = title.unescape() if isinstance(title, Markup) else str(title)
    return social_meta_for(text, {name: context.get(name) for name in names})
