"""A live Samskap server and Debian's Chromium for the real-browser tests.

The server runs in a thread of the test process (werkzeug's make_server on 127.0.0.1 and a free
port) against its own temporary SQLite database, with CSRF on and rate limits off, so the forms
are the real ones. Mail goes to the in-process memory outbox, where a test reads the links a
person would click. Every browser test is marked `browser`; without /usr/bin/chromium it skips,
which REQUIRE_BROWSER=1 (CI) turns into a failure.
"""

import logging
import shutil
import tempfile
import threading
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from flask import got_request_exception
from playwright.sync_api import sync_playwright
from sqlalchemy import insert
from werkzeug.serving import make_server

from cocreate import create_app, mail
from cocreate.extensions import db
from cocreate.reference.data import GOALS, PRINCIPLES, TARGET_IMAGES
from cocreate.reference.models import Goal, Principle, TargetImage
from tests.conftest import make_config

from .helpers import ROLES, crawl, email_of, login, role_paths, start_paths, timings
from .seed import seed_browser_world

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


class LiveServer:
    """The running app: its base URL, the app for database reads, and the mail it sent."""

    def __init__(self, app, url: str) -> None:
        self.app = app
        self.url = url
        self.errors: list[BaseException] = []
        self.world = None

    def __call__(self, path: str) -> str:
        return self.url + path

    @contextmanager
    def db(self):
        """A short app context for reading or changing data beside the browser; commits."""
        with self.app.app_context():
            try:
                yield db.session
                db.session.commit()
            finally:
                db.session.remove()

    def mails_to(self, address: str) -> list:
        return [m for m in mail.outbox if m["To"] == address]

    def last_mail_to(self, address: str):
        mails = self.mails_to(address)
        assert mails, f"no e-mail was sent to {address}"
        return mails[-1]


@pytest.fixture(scope="session")
def live():
    """Start the server once per session; tests add their own data with unique names."""
    folder = Path(tempfile.mkdtemp(prefix="cocreate-browser-"))
    config = make_config(
        f"sqlite:///{folder / 'live.sqlite'}",
        WTF_CSRF_ENABLED=True,
        RATELIMIT_ENABLED=False,
        MAIL_BACKEND="memory",
        PROPAGATE_UNEXPECTED=False,
    )
    app = create_app(config)
    with app.app_context():
        db.create_all()
        db.session.execute(insert(Principle), PRINCIPLES)
        db.session.execute(insert(TargetImage), TARGET_IMAGES)
        db.session.execute(insert(Goal), GOALS)
        db.session.commit()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request is noise
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = url
    live_server = LiveServer(app, url)

    def record(sender, exception, **extra):
        live_server.errors.append(exception)

    got_request_exception.connect(record, app, weak=False)
    with app.app_context():
        live_server.world = seed_browser_world()
        db.session.commit()
        db.session.remove()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield live_server
    server.shutdown()
    thread.join(timeout=10)
    with app.app_context():
        db.engine.dispose()
    shutil.rmtree(folder, ignore_errors=True)


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
