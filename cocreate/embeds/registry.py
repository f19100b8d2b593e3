"""The embeds: each is a view under /embed/k/<slug>/…, registered with @embed(…).

An embed is public and read-only, kept by the page cache for visitors who are not signed in,
framed only by its municipality's allowlist (routes._framing), and listed with its HTML snippet
on the staff page (/k/<slug>/innbygging). Adding one is a view and a template:

    @embed("galleri", _l("Gjort i kommunene"))
    def gallery(slug: str):
        municipality = get_by_slug(slug) or abort(404)
        return render_template("embeds/gallery.html", municipality=municipality, ...)

with templates/embeds/gallery.html extending embeds/base.html (docs/embeds.md).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..pagecache import cached_for_visitors
from . import bp

PREFIX = "/embed/k/<slug>/"


@dataclass(frozen=True)
class Embed:
    endpoint: str
    label: Any  # a lazy string: the snippet's heading and the iframe's default title
    per_challenge: bool  # True: one embed per challenge (its rule takes <int:challenge_id>)


EMBEDS: list[Embed] = []


def embed(rule: str, label: Any, *, per_challenge: bool = False) -> Callable[..., Any]:
    """Register the view as an embed at /embed/k/<slug>/<rule>."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        bp.add_url_rule(PREFIX + rule, view_func=cached_for_visitors(view))
        EMBEDS.append(Embed(f"{bp.name}.{view.__name__}", label, per_challenge))
        return view

    return decorate


def is_embed(endpoint: str | None) -> bool:
    return any(e.endpoint == endpoint for e in EMBEDS)
