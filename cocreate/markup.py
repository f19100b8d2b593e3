"""User-written Markdown to safe HTML: rendered once when saved, cleaned with bleach."""

from collections.abc import MutableMapping

import bleach
import markdown as md

ALLOWED_TAGS = [
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "h2",
    "h3",
    "h4",
    "code",
    "pre",
    "hr",
]
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = ["http", "https", "mailto"]


# bleach hands link callbacks the attributes keyed by (namespace, name).
HTMLAttrs = MutableMapping[tuple[str | None, str], str]


def _safe_links(attrs: HTMLAttrs, new: bool = False) -> HTMLAttrs:
    attrs[(None, "rel")] = "nofollow noopener"
    return attrs


def render_markdown(text: str) -> str:
    """Markdown → HTML with only a small safe set of tags; raw HTML in the source is escaped."""
    html = md.markdown(text or "", extensions=["sane_lists"], output_format="html")
    cleaned = bleach.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
    )
    return bleach.linkify(cleaned, callbacks=[_safe_links], skip_tags=["pre", "code"])
