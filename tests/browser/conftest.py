"""A live Samskap server and Debian's Chromium for the real-browser tests.

The shared server (server.py: a thread of the test process, its own temporary SQLite database,
CSRF on, rate limits off) is started once per session. Its mail goes to the in-process memory
outbox, where a test reads the links a person would click. A module that needs other settings
overrides the `live` fixture with its own server.serve(), once per module (test_journey.py).
Every browser test is marked `browser`; without /usr/bin/chromium it skips, which
REQUIRE_BROWSER=1 (CI) turns into a failure.
"""

from contextlib import suppress
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.oidc.provider import Provider

from .helpers import ROLES, crawl, email_of, login, role_paths, start_paths, timings
from .seed import seed_browser_world
from .server import serve

RESULTS = Path(__file__).resolve().parents[2] / "test-results"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def oidc_provider():
    """The local OpenID provider (tests/oidc/provider.py), the live server's ID-porten."""
    provider = Provider().start()
    yield provider
    provider.stop()


@pytest.fixture(scope="session")
def live(oidc_provider):
    """Start the server once per session; tests add their own data with unique names."""
    oidc = {**oidc_provider.config("IDPORTEN"), "OIDC_IDPORTEN_RESIDENCE_CLAIM": "kommunenummer"}
    with serve(seed_browser_world, MAIL_BACKEND="memory", **oidc) as server:
        yield server


@pytest.fixture(autouse=True)
def _no_server_errors(request):
    """A request that raised inside the app fails the test that made it."""
    if "live" not in request.fixturenames:
        yield
        return
    server = request.getfixturevalue("live")
    server.errors.clear()
    yield
    errors, server.errors[:] = list(server.errors), []
    assert not errors, f"the server raised: {errors!r}"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def inventory(browser, live) -> dict[str, list[tuple[str, str]]]:
    """The pages each role reaches by links, crawled once: role -> [(endpoint, path)]."""
    pages = {}
    for role in ROLES:
        context = browser.new_context(base_url=live.url, locale="nb-NO")
        email = email_of(live, role)
        if email:
            login(context.new_page(), email)
        pages[role] = crawl(context, live, start_paths(live) + role_paths(live, role))
        context.close()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "pages.txt").write_text(
        "".join(
            f"{role}\t{e}\t{p}\t{timings.get(p, 0):.2f}s\n"
            for role, found in pages.items()
            for e, p in found
        )
    )
    return pages


@pytest.fixture
def new_context(browser, live, request):
    """new_context(lang="nb", **options) -> a fresh browser context (own cookies) on the server."""
    contexts = []

    def _new(lang: str = "nb", **options):
        options.setdefault("base_url", live.url)
        options.setdefault("locale", {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}[lang])
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        # Page loads may take longer: the test server computes every chart of the effects pages
        # from the raw rows per request (METRICS_REFRESH_SECONDS=0; production reads the
        # snapshot), and the print view loads nine charts at once.
        context.set_default_navigation_timeout(30_000)
        context.add_cookies([{"name": "lang", "value": lang, "url": live.url}])
        contexts.append(context)
        return context

    yield _new
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for n, context in enumerate(contexts):
        if failed:
            for m, page in enumerate(context.pages):
                name = f"{request.node.name}-{n}-{m}".replace("/", "_")
                folder = RESULTS / "failures"
                folder.mkdir(parents=True, exist_ok=True)
                with suppress(Exception):  # a screenshot must not hide the failure
                    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()
