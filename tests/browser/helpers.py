"""What the browser tests share: logging in, mail links, axe-core, and a crawler over the app's
pages (the keyboard and mouse drivers are in keyboard.py)."""

import re
import time
from collections import Counter, deque
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

from axe_playwright_python.base import AXE_SCRIPT
from flask import url_for
from playwright.sync_api import BrowserContext, Locator, Page, expect
from playwright.sync_api import Error as PlaywrightError
from sqlalchemy import select
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from cocreate.accounts.models import User
from cocreate.accounts.services import request_password_reset
from cocreate.ideas.models import Idea
from cocreate.ideas.services import post_comment
from cocreate.notifications.links import unsubscribe_token

from .seed import PASSWORD

RESULTS = Path(__file__).resolve().parents[2] / "test-results"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Not pages: assets, the language switch (a redirect), JSON and health checks.
# oidc.start leaves the site for the OpenID provider (tests/browser/test_oidc_journey.py).
SKIP_ENDPOINTS = {
    "static",
    "site.set_language",
    "site.healthz",
    "oidc.start",
    "oidc.callback",
}
SKIP_PREFIXES = ("/static/", "/api/", "/sprak/", "/bekreft/", "/nytt-passord/")
VIEW_MODES = ("projektor",)  # e.g. the workshop wall's large-text projector mode
FILE_SUFFIX = re.compile(r"\.(csv|xlsx|json|zip|png|svg|pdf|ics|txt)$")
ROLES = ("anonymous", "citizen", "admin")
timings: dict[str, float] = {}  # seconds to load each crawled page, for test-results/pages.txt


def main(page: Page) -> Locator:
    return page.locator("main")


def login(page: Page, email: str, password: str = PASSWORD) -> None:
    """Log in through the real form and check it worked."""
    page.goto("/logg-inn")
    form = main(page).locator("form", has=page.locator("input[name=password]"))
    form.locator("input[name=email]").fill(email)  # by name: the labels follow the language
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()


def verification_link(live, email: str) -> str:
    """The link in the newest verification mail to that address, as a person would click it."""
    text = live.last_mail_to(email).get_content()
    match = re.search(r"https?://\S+/bekreft/\S+", text)
    assert match, f"no verification link in the mail to {email}:\n{text}"
    return match.group(0)


# ---------------------------------------------------------------- axe-core


def axe_violations(page: Page) -> list[dict]:
    """axe-core's violations of the WCAG 2.0/2.1 A and AA rules on the current page."""
    page.evaluate(AXE_SCRIPT)
    result = page.evaluate(
        "opts => axe.run(document, opts)",
        {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    return result["violations"]


def describe_violations(where: str, violations: list[dict]) -> list[str]:
    lines = []
    for v in violations:
        targets = "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        lines.append(f"{where}: rule {v['id']} ({v['impact']}): {v['help']} — at {targets}")
    return lines


# ---------------------------------------------------------------- crawling


def start_paths(live) -> list[str]:
    """Where the crawl starts; everything else is found by following links."""
    world = live.world
    return [
        "/",
        f"/k/{world.slug}/",
        "/tilgjengelighet",
        "/logg-inn",
        "/registrer",
        "/konto",
        # A workshop participant arrives by code, not by links.
        "/w",
        f"/w/{world.join_code}",
        f"/kvittering/{world.receipt_code}",
    ]


def role_paths(live, role: str) -> list[str]:
    """Pages a role reaches without a link on the site: from an e-mail, or its own content."""
    world = live.world
    if role == "anonymous":
        return mail_links(live)
    if role == "citizen":
        return [
            f"/k/{world.slug}/innspill/{world.own_idea_id}/endre",
            f"/k/{world.slug}/kommentarer/{fresh_comment(live)}/endre",
            f"/k/{world.slug}/utfordringer/{world.challenge_id}/innspill",
            f"/k/{world.slug}/ble-du-hort/{world.concluded_challenge_id}",
        ]
    return []


def mail_links(live) -> list[str]:
    """The password-reset and unsubscribe links a citizen gets by e-mail, as paths."""
    email = live.world.citizen_email
    with live.app.test_request_context(), live.db() as session:
        request_password_reset(email)
        user = session.scalar(select(User).where(User.email == email))
        token = unsubscribe_token(user.id, "survey")
        unsubscribe = url_for("notifications.unsubscribe", token=token)
    reset = re.search(r"https?://\S+(/nytt-passord/\S+)", live.last_mail_to(email).get_content())
    assert reset, "no reset link in the mail"
    return [reset.group(1), unsubscribe]


def fresh_comment(live) -> int:
    """A comment the citizen wrote just now (it can be edited for 15 minutes)."""
    with live.db() as session:
        user = session.scalar(select(User).where(User.email == live.world.citizen_email))
        idea = session.get(Idea, live.world.idea_ids[0])
        comment = post_comment(idea, body="Enig, og gjerne med benker også.", author=user)
        session.flush()
        return comment.id


def email_of(live, role: str) -> str | None:
    world = live.world
    return {"anonymous": None, "citizen": world.citizen_email, "admin": world.admin_email}[role]


def endpoint_of(live, path: str) -> str | None:
    """The view that serves a path; a query that switches a view's mode names its own page."""
    adapter = live.app.url_map.bind("127.0.0.1")
    parts = urlsplit(path)
    try:
        endpoint, _args = adapter.match(parts.path, method="GET")
    except (NotFound, MethodNotAllowed, RequestRedirect):
        return None
    for param in VIEW_MODES:
        if param in parse_qs(parts.query):
            return f"{endpoint}?{param}"
    return endpoint


def crawl(
    context: BrowserContext, live, starts: list[str], *, per_endpoint: int = 1, limit: int = 150
) -> list[tuple[str, str]]:
    """The app's HTML pages reachable by links from `starts` (at most `per_endpoint` pages per
    view), as (endpoint, path); redirects (e.g. to log in), errors and downloads are left out."""
    page = context.new_page()
    queue, queued = deque(starts), set(starts)
    per: Counter = Counter()
    found = []
    while queue and len(found) < limit:
        path = queue.popleft()
        endpoint = endpoint_of(live, path)
        if (
            endpoint is None
            or endpoint in SKIP_ENDPOINTS
            or per[endpoint] >= per_endpoint
            or FILE_SUFFIX.search(urlsplit(path).path)
        ):
            continue
        started = time.monotonic()
        try:
            response = page.goto(path)
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                continue
            raise
        if (
            response is None
            or response.status != 200
            or response.request.redirected_from is not None
            or "text/html" not in response.headers.get("content-type", "")
        ):
            continue
        per[endpoint] += 1
        found.append((endpoint, path))
        timings[path] = time.monotonic() - started
        for href in page.eval_on_selector_all(
            "a[href]", "links => links.map(a => a.getAttribute('href'))"
        ):
            parts = urlsplit(urljoin(live(path), href))
            if f"{parts.scheme}://{parts.netloc}" != live.url:
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target.startswith(SKIP_PREFIXES) or target in queued:
                continue
            queued.add(target)
            queue.append(target)
    page.close()
    return found


def slug_of(endpoint: str, path: str) -> str:
    """A file name for a page's screenshot."""
    tail = re.sub(r"[^a-zA-Z0-9]+", "-", path).strip("-") or "root"
    return f"{re.sub(r'[^a-zA-Z0-9_]+', '-', endpoint)}--{tail}"[:120]
