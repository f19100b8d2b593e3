"""In a real browser (Debian's Chromium), the strict Content-Security-Policy breaks nothing: no
page logs a CSP violation, including the workshop wall that runs JavaScript."""

import threading
from datetime import timedelta

import pytest
from werkzeug.serving import make_server

from cocreate.accounts.models import Role
from cocreate.accounts.services import create_user, set_role
from cocreate.challenges.services import advance_phase, create_challenge, principles_by_numbers
from cocreate.database import utcnow
from cocreate.extensions import db
from cocreate.ideas.services import submit_idea
from cocreate.municipalities.services import create_municipality
from cocreate.workshops.models import WorkshopFormat, WorkshopStatus
from cocreate.workshops.services import create_workshop, set_status
from cocreate.workshops.wall import post_note
from tests.factories import PASSWORD
from tests.security.apps import build_app, dispose, sqlite_url

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"


def _seed(app) -> dict:
    with app.app_context():
        municipality = create_municipality(
            name="Nonceby kommune", slug="nonceby", number="9961", kind="kommune"
        )
        staff = create_user("stab@nonceby.no", "Stab", PASSWORD, verified=True)
        set_role(staff, municipality, Role.facilitator, actor=None)
        challenge = create_challenge(
            municipality,
            title="Hva gjør vi med torget?",
            description="Si *hva* du mener.",
            principles=principles_by_numbers([1, 2]),
            actor=None,
        )
        advance_phase(challenge, actor=None)
        idea = submit_idea(challenge, title="Marked hver lørdag", body="Lokal mat.", author=staff)
        start = utcnow() - timedelta(minutes=5)
        workshop = create_workshop(
            challenge,
            title="Torgmøte",
            format=WorkshopFormat.physical,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            place="Biblioteket",
            actor=staff,
        )
        set_status(workshop, WorkshopStatus.live, actor=staff)
        post_note(workshop, "deltaker", "Flere benker")
        db.session.commit()
        return {
            "public": [
                "/",
                "/logg-inn",
                "/registrer",
                "/personvern",
                "/k/nonceby/",
                f"/k/nonceby/utfordringer/{challenge.id}",
                f"/k/nonceby/innspill/{idea.id}",
                f"/w/{workshop.join_code}",
            ],
            "staff": [
                "/konto",
                "/konto/personvern",
                f"/k/nonceby/verksteder/{workshop.id}",
                f"/k/nonceby/verksteder/{workshop.id}/vegg",
                "/k/nonceby/moderering",
            ],
        }


@pytest.fixture
def server(tmp_path):
    app = build_app(sqlite_url(tmp_path), PROPAGATE_UNEXPECTED=False, WTF_CSRF_ENABLED=True)
    pages = _seed(app)
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", pages
    httpd.shutdown()
    thread.join(timeout=10)
    dispose(app)


def test_no_page_violates_the_csp(server, browser):
    # The session's shared Chromium (tests/browser/conftest.py): one Playwright per process.
    base, pages = server
    problems: list[str] = []
    context = browser.new_context(base_url=base, locale="nb-NO")
    page = context.new_page()
    page.on(
        "console",
        lambda m: (
            problems.append(f"{page.url}: {m.text}")
            if "Content Security Policy" in m.text
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"{page.url}: {e}"))
    for path in pages["public"]:
        response = page.goto(path)
        assert response.status < 400, (path, response.status)
    page.goto("/logg-inn")
    page.locator("main").get_by_label("E-post").fill("stab@nonceby.no")
    page.locator("main").get_by_label("Passord", exact=True).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
    for path in pages["staff"]:
        response = page.goto(path)
        assert response.status < 400, (path, response.status)
        page.wait_for_timeout(300)  # let the wall's script run and fetch
    context.close()
    assert not problems, "\n".join(problems)
