"""Issue 25, must-show 4, in Chromium: the embed of a challenge is framed by an allowed origin and
refused for another. The municipality's page is served by a second local HTTP server (another
origin: http://localhost:<port>, while Samskap is http://127.0.0.1:<port>); an administrator puts
that origin on the allowlist through the staff page. A second host, not on the list, gets nothing
but Chromium's refusal. The framed page also fits its height (embed-resize.js and embed-host.js),
shows its content with JavaScript off, and the embed pages pass axe in nb and en."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Page, expect

from cocreate.challenges.models import Challenge

from .helpers import axe_violations, describe_violations, login, main
from .journeys import h1

pytestmark = pytest.mark.browser


class HostPage(BaseHTTPRequestHandler):
    """The municipality's own page: a heading, the pasted snippet, and nothing else."""

    snippet = ""

    def do_GET(self) -> None:
        body = (
            '<!doctype html><html lang="nb"><head><meta charset="utf-8">'
            "<title>Heimby kommune</title></head><body><main><h1>Kommunens nettsted</h1>"
            f"{self.server.snippet}</main></body></html>"  # type: ignore[attr-defined]
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@contextmanager
def host_site(snippet: str) -> Iterator[str]:
    """Another origin serving a page with the snippet: yields its address on localhost."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), HostPage)
    server.snippet = snippet  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


def _snippet(admin: Page, live, challenge_id: int) -> str:
    """The snippet the staff page gives for the challenge's embed, as an administrator copies it."""
    src = f"{live.url}/embed/k/{live.world.slug}/utfordringer/{challenge_id}"
    return main(admin).locator("textarea", has_text=f'src="{src}"').input_value()


def _allow(admin: Page, origin: str) -> None:
    main(admin).get_by_label("Adressen til nettstedet").fill(origin)
    main(admin).get_by_role("button", name="Legg til nettstedet").click()
    expect(admin.locator(".flash-success")).to_contain_text(f"{origin} kan nå vise sidene.")


def _framed_title(page: Page, title: str):
    return page.frame_locator("iframe[data-samskap-embed]").get_by_role(
        "heading", level=1, name=title
    )


def test_the_embed_is_framed_by_an_allowed_origin_and_refused_by_another(live, new_context):
    world = live.world
    with live.db() as session:
        title = session.get(Challenge, world.challenge_id).title

    admin = new_context().new_page()
    login(admin, world.admin_email)
    admin.goto(f"/k/{world.slug}/innbygging")
    expect(h1(admin)).to_have_text("Vis Samskap på kommunens eget nettsted")
    problems = describe_violations("embeds staff page (nb)", axe_violations(admin))
    # A path is refused, with the reason in Norwegian.
    main(admin).get_by_label("Adressen til nettstedet").fill("https://www.heimby.no/side")
    main(admin).get_by_role("button", name="Legg til nettstedet").click()
    expect(main(admin).locator(".error-message")).to_contain_text("uten sti")
    problems += describe_violations("embeds staff page, error (nb)", axe_violations(admin))
    snippet = _snippet(admin, live, world.challenge_id)
    assert f'title="Innspill til en utfordring – {title}"' in snippet

    with host_site(snippet) as allowed, host_site(snippet) as other:
        _allow(admin, allowed)

        # The allowed origin: Chromium shows the framed content, and the script fits its height.
        host = new_context().new_page()
        host.goto(allowed)
        expect(_framed_title(host, title)).to_be_visible()
        frame = host.frame_locator("iframe[data-samskap-embed]")
        expect(frame.locator("main li").first).to_be_visible()
        host.wait_for_function(
            "() => document.querySelector('iframe[data-samskap-embed]').height !== '600'"
        )

        # Without JavaScript, the same: the iframe works, only its height stays as pasted.
        still = new_context(java_script_enabled=False).new_page()
        still.goto(allowed)
        expect(_framed_title(still, title)).to_be_visible()
        assert still.locator("iframe[data-samskap-embed]").get_attribute("height") == "600"

        # Another origin: Chromium refuses to frame the page; nothing of it is shown.
        refused = new_context().new_page()
        messages: list[str] = []
        refused.on("console", lambda message: messages.append(message.text))
        refused.goto(other)
        refused.wait_for_load_state("load")
        expect(_framed_title(refused, title)).to_have_count(0)
        expect(refused.frame_locator("iframe").locator("main li")).to_have_count(0)
        # Chromium says why: "Refused to frame … violates … frame-ancestors http://localhost:…"
        assert any("frame-ancestors" in m and allowed in m for m in messages), messages

        # Taken off the list: the allowed host is refused too, at once.
        main(admin).locator("li", has_text=allowed).get_by_role("button", name="Fjern").click()
        expect(admin.locator(".flash-success")).to_contain_text("kan ikke lenger vise sidene")
        again = new_context().new_page()
        said: list[str] = []
        again.on("console", lambda message: said.append(message.text))
        again.goto(allowed)
        again.wait_for_load_state("load")
        expect(_framed_title(again, title)).to_have_count(0)
        assert any("frame-ancestors 'none'" in m for m in said), said
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_embed_pages_pass_axe_and_work_without_javascript(live, new_context, lang):
    world = live.world
    paths = (
        f"/embed/k/{world.slug}/utfordringer/{world.challenge_id}",
        f"/embed/k/{world.slug}/fra-ord-til-handling",
        f"/embed/k/{world.slug}/resultater",
    )
    page = new_context(lang).new_page()
    problems = []
    for path in paths:
        page.goto(path)
        expect(h1(page)).to_be_visible()
        assert page.locator("html").get_attribute("lang") == lang
        problems += describe_violations(f"{path} ({lang})", axe_violations(page))
    still = new_context(lang, java_script_enabled=False).new_page()
    for path in paths:
        still.goto(path)
        expect(h1(still)).to_be_visible()
        expect(still.locator("main a").first).to_have_attribute("target", "_blank")
    assert not problems, "\n".join(problems)
