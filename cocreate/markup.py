"""User-written Markdown to safe HTML: rendered once when saved, cleaned with bleach."""

import re
from collections.abc import MutableMapping
from html.parser import HTMLParser

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


def render_message(text: str) -> str:
    """A notification's text (Markdown, where a line break is kept) → safe HTML."""
    html = md.markdown(text or "", extensions=["sane_lists", "nl2br"], output_format="html")
    cleaned = bleach.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
    )
    return bleach.linkify(cleaned, callbacks=[_safe_links], skip_tags=["pre", "code"])


class _PlainText(HTMLParser):
    """Safe HTML (from render_message) → text a person reads as it is: no Markdown marks left."""

    BLOCKS = {"p", "h2", "h3", "h4", "ul", "ol", "blockquote", "pre", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.lists: list[list[int]] = []  # per open list: [is_ordered, next number]
        self.href: str | None = None
        self.link_text: list[str] = []
        self.in_pre = False

    def _block(self) -> None:
        text = "".join(self.parts)
        if text and not text.endswith("\n\n"):
            self.parts.append("\n" if text.endswith("\n") else "\n\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS and not self.lists:
            self._block()
        if tag == "br":
            self.parts.append("\n")
        elif tag == "pre":
            self.in_pre = True
        elif tag in ("ul", "ol"):
            self.lists.append([tag == "ol", 1])
        elif tag == "li" and self.lists:
            current = self.lists[-1]
            indent = "  " * (len(self.lists) - 1)
            if "".join(self.parts) and not "".join(self.parts).endswith("\n"):
                self.parts.append("\n")
            self.parts.append(f"{indent}{current[1]}. " if current[0] else f"{indent}• ")
            current[1] += 1
        elif tag == "a":
            self.href = dict(attrs).get("href")
            self.link_text = []
        elif tag == "hr":
            self.parts.append("———\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            if not self.lists:
                self._block()
        elif tag == "a" and self.href is not None:
            label = "".join(self.link_text).strip()
            if self.href not in (label, f"mailto:{label}"):
                self.parts.append(f" ({self.href.removeprefix('mailto:')})")
            self.href = None
        elif tag == "pre":
            self.in_pre = False
            self._block()
        elif tag in self.BLOCKS and not self.lists:
            self._block()

    def handle_data(self, data: str) -> None:
        if not self.in_pre:
            data = " ".join(data.split("\n"))
            if not "".join(self.parts[-1:]).strip(" ") or "".join(self.parts).endswith("\n"):
                data = data.lstrip()
        if self.href is not None:
            self.link_text.append(data)
        self.parts.append(data)

    def text(self) -> str:
        lines = [line.rstrip() for line in "".join(self.parts).strip().splitlines()]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def markdown_to_text(text: str) -> str:
    """Markdown → readable plain text (headings as lines, no **, ## or link syntax left)."""
    parser = _PlainText()
    parser.feed(render_message(text))
    parser.close()
    return parser.text()
