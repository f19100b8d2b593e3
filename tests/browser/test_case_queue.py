"""A case officer opens Saksliste from the menu, filters by overdue and sees only their
department's overdue case; axe finds nothing in nb and en (issue 23 §2, §3)."""

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from cocreate.accounts.models import Role, User
from cocreate.accounts.services import create_user, set_role
from cocreate.cases.services import add_department_member, assign_inputs, create_department
from cocreate.challenges.models import Challenge
from cocreate.database import clock_at
from cocreate.ideas.services import submit_idea
from cocreate.municipalities.models import Municipality

from .helpers import PASSWORD, axe_violations, describe_violations, login, main
from .journeys import h1

pytestmark = pytest.mark.browser


def _case_officer_with_cases(live, tag: str) -> tuple[str, str, str]:
    """A case officer in a new department, one overdue and one fresh input assigned there."""
    email = f"saksbehandler-{tag}@example.no"
    overdue, fresh = f"Gammel sak {tag}", f"Ny sak {tag}"
    with live.db() as session:
        challenge = session.get(Challenge, live.world.challenge_id)
        municipality = session.get(Municipality, challenge.municipality_id)
        officer = create_user(email, "Sara Saksbehandler", PASSWORD, verified=True)
        set_role(officer, municipality, Role.case_officer, actor=None)
        admin = session.scalar(select(User).where(User.email == live.world.admin_email))
        department = create_department(
            municipality, name=f"Samferdsel {tag}", email=None, actor=admin
        )
        add_department_member(department, officer, actor=admin)
        with clock_at(datetime.now(UTC) - timedelta(days=60)):
            old = submit_idea(challenge, title=overdue, body="Hull i veien.", author=None)
        new = submit_idea(challenge, title=fresh, body="Mer lys.", author=None)
        assign_inputs([old, new], department, None, actor=admin)
    return email, overdue, fresh


def test_case_officer_filters_the_queue_by_overdue(live, new_context):
    email, overdue, fresh = _case_officer_with_cases(live, uuid4().hex[:6])
    page = new_context().new_page()
    login(page, email)
    page.goto("/")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Saksliste").click()
    expect(h1(page)).to_have_text("Saksliste")
    expect(main(page).get_by_role("link", name=overdue)).to_be_visible()
    expect(main(page).get_by_role("link", name=fresh)).to_be_visible()
    violations = axe_violations(page)
    assert not violations, "\n".join(describe_violations("saksliste nb", violations))

    main(page).get_by_label("Frist", exact=True).select_option("overdue")
    main(page).get_by_role("button", name="Filtrer").click()
    expect(main(page).get_by_role("link", name=overdue)).to_be_visible()
    expect(main(page).get_by_role("link", name=fresh)).to_have_count(0)
    expect(main(page).locator("tbody .deadline-badge")).to_have_text(["Forfalt"])
    expect(main(page).get_by_label("Frist", exact=True)).to_have_value("overdue")
    violations = axe_violations(page)
    assert not violations, "\n".join(describe_violations("saksliste forfalt nb", violations))

    english = new_context(lang="en").new_page()
    login(english, email)
    english.goto(f"/k/{live.world.slug}/saker")
    expect(h1(english)).to_have_text("Case queue")
    main(english).get_by_label("Deadline", exact=True).select_option("overdue")
    main(english).get_by_role("button", name="Filter", exact=True).click()
    expect(main(english).get_by_role("link", name=overdue)).to_be_visible()
    expect(main(english).get_by_role("link", name=fresh)).to_have_count(0)
    expect(main(english).locator("tbody .deadline-badge")).to_have_text(["Overdue"])
    violations = axe_violations(english)
    assert not violations, "\n".join(describe_violations("case queue overdue en", violations))
