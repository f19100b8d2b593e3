"""The citizen journey three ways: with a mouse, with the keyboard only, and without JavaScript."""

import pytest
from playwright.sync_api import expect

from .helpers import email_of, login, main
from .journeys import citizen_journey, register_and_verify
from .keyboard import Keyboard, Mouse, assert_focus_visible, tab_through

pytestmark = pytest.mark.browser


def test_citizen_journey(live, new_context):
    page = new_context().new_page()
    citizen_journey(page, live, Mouse(page))


def test_citizen_journey_without_javascript(live, new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.set_content("<title>-</title><script>document.title = 'js'</script>")
    assert page.title() == "-", "JavaScript is not switched off in this context"
    citizen_journey(page, live, Mouse(page))


def test_citizen_journey_by_keyboard_only(live, new_context):
    page = new_context().new_page()
    keyboard = Keyboard(page)
    citizen_journey(page, live, keyboard)
    for key in ("Tab", "Shift+Tab", "Enter", "Space"):
        assert keyboard.keys[key] > 0, f"the journey never used {key}: {dict(keyboard.keys)}"


def test_skip_link_is_first_and_visible(live, new_context):
    page = new_context().new_page()
    page.goto("/")
    page.keyboard.press("Tab")
    state = assert_focus_visible(page)
    assert state["label"] == "Hopp til hovedinnholdet"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.closest('main') !== null")
    assert focused, "after the skip link, Tab should go on inside the main content"


FOCUSABLE = """() => [...document.querySelectorAll(`a[href], button, input:not([type=hidden]),
    select, textarea, summary, [tabindex]:not([tabindex="-1"])`)]
    .filter(el => !el.disabled && el.getClientRects().length).length"""

# The pages of the citizen journey, logged out and logged in.
JOURNEY_PAGES = [
    ("anonymous", "site.index"),
    ("anonymous", "accounts.register"),
    ("anonymous", "accounts.login"),
    ("anonymous", "challenges.detail"),
    ("citizen", "challenges.detail"),
    ("citizen", "ideas.new"),
    ("citizen", "ideas.detail"),
    ("citizen", "pipeline.my_ideas_page"),
    ("citizen", "accounts.settings"),
]


@pytest.mark.parametrize(("role", "endpoint"), JOURNEY_PAGES)
def test_no_keyboard_trap(live, inventory, new_context, role, endpoint):
    """From the top, Tab visits every focusable element with a visible focus and leaves the page
    (or comes round again); Shift+Tab goes through the same stops backwards."""
    path = dict(inventory[role])[endpoint]
    page = new_context().new_page()
    if email_of(live, role):
        login(page, email_of(live, role))
    page.goto(path)
    forward = tab_through(page, "Tab")
    assert len(forward) == page.evaluate(FOCUSABLE), f"{path}: not every control is reachable"
    backward = tab_through(page, "Shift+Tab")
    assert [s["key"] for s in backward] == [s["key"] for s in reversed(forward)], path


def test_keyboard_user_sees_form_errors_and_keeps_input(live, new_context):
    page = new_context().new_page()
    keyboard = Keyboard(page)
    page.goto("/registrer")
    keyboard.fill(main(page).get_by_label("Navn"), "Bo Tastatur")
    keyboard.activate(main(page).get_by_role("button", name="Opprett konto"))
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(main(page).get_by_label("Navn")).to_have_value("Bo Tastatur")
    keyboard.activate(summary.get_by_role("link").first)
    assert page.evaluate("() => document.activeElement.id") == "email"


def test_register_then_verify_without_javascript(live, new_context):
    page = new_context(java_script_enabled=False).new_page()
    register_and_verify(page, live, Mouse(page))
