"""Every piece of user text comes back as text, never as markup: titles, texts, comments, search
terms and districts' names go through the real routes and are read back by an HTML parser."""

from html.parser import HTMLParser
from urllib.parse import quote_plus

import pytest
from sqlalchemy import select

from cocreate.extensions import db
from cocreate.ideas.models import Comment, Idea
from tests.ideas.conftest import login

PAYLOADS = [
    "<script>alert('x1')</script>",
    '<img src=x onerror="alert(2)">',
    "javascript:alert(3)",
    '"><svg onload=alert(4)>',
    "'><iframe src=javascript:alert(5)></iframe>",
    '<a href="javascript:alert(6)">klikk</a>',
    "</textarea><script>alert(7)</script>",
    "{{ 7*7 }} <style>body{display:none}</style>",
]
DANGEROUS_TAGS = {"iframe", "style", "object", "embed", "base"}


class Markup(HTMLParser):
    """Collects every tag and attribute the browser would build from the page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        self._in_script = False

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._in_script:
            self.scripts.append(data)


def assert_no_injected_markup(html: str) -> None:
    parser = Markup()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in DANGEROUS_TAGS, (tag, attrs)
        if tag == "img":  # the app's own images come from /static/, an injected one would not
            assert (attrs.get("src") or "").startswith("/static/"), attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            if name in ("href", "src", "action", "formaction"):
                assert not (value or "").strip().lower().startswith("javascript:"), (tag, value)
    assert not any("alert(" in script for script in parser.scripts)
    # The raw payloads never appear unescaped ("onerror=" as escaped text is harmless).
    for payload in PAYLOADS:
        if "<" in payload:
            assert payload not in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_come_back_as_text(world, create_challenge_f, client, payload):
    challenge = create_challenge_f(world.municipality)
    login(client, world.author)
    new = f"/k/heimby/utfordringer/{challenge.id}/nytt-innspill"
    client.post(new, data={"title": payload[:120], "body": f"Tekst {payload}\n\n{payload}"})
    idea = db.session.scalar(select(Idea))
    assert idea is not None and idea.title == payload[:120]
    idea_url = f"/k/heimby/innspill/{idea.id}"
    client.post(f"{idea_url}/kommentarer", data={"body": payload})
    top = db.session.scalar(select(Comment))
    client.post(f"{idea_url}/kommentarer", data={"body": payload, "parent_id": top.id})
    pages = [
        client.get(idea_url),
        client.get(f"/k/heimby/utfordringer/{challenge.id}"),
        client.get(f"/k/heimby/utfordringer/{challenge.id}?q={quote_plus(payload)}&side=1"),
        client.get(f"/k/heimby/utfordringer/{challenge.id}/innspill?q={quote_plus(payload)}"),
        client.get(f"/k/heimby/kommentarer/{top.id}/endre"),
        client.get(f"{idea_url}/endre"),
        # Errors echo what was typed: that must be escaped too.
        client.post(new, data={"title": payload + "x" * 120, "body": payload}),
        client.post(f"{idea_url}/kommentarer", data={"body": payload + "y" * 2001}),
    ]
    for page in pages:
        assert page.status_code in (200, 400), page.status_code
        assert_no_injected_markup(page.text)
    shown = pages[0].text
    assert "&lt;" in shown or "&#34;" in shown or "&#39;" in shown or "javascript:" in shown
    assert shown.count('class="comment"') == 2
