"""Driving a page two ways, so one journey runs both: Mouse (pointer and typing) and Keyboard (Tab,
Shift+Tab, Enter, Space and typing only, checking at every step that the focus is visible)."""

from collections import Counter

from playwright.sync_api import Locator, Page, expect

FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const ids = window.__focusIds || (window.__focusIds = new WeakMap());
  if (!ids.has(el)) { window.__focusN = (window.__focusN || 0) + 1; ids.set(el, window.__focusN); }
  return {
    key: ids.get(el),
    tag: el.tagName.toLowerCase(),
    label: (el.getAttribute('aria-label') || el.innerText || el.value || el.name || el.id || '')
      .trim().slice(0, 60),
    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
    shadow: s.boxShadow !== 'none' && s.boxShadow !== '',
    onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
      && r.left < innerWidth && r.top < innerHeight,
  };
}"""


def focus_state(page: Page) -> dict | None:
    return page.evaluate(FOCUS_STATE)


def assert_focus_visible(page: Page) -> dict:
    """The focused element shows a focus indicator (outline or ring) and is on screen."""
    state = focus_state(page)
    assert state is not None, "focus left the page"
    assert state["outline"] or state["shadow"], f"focus is not visible on {state}"
    assert state["onScreen"], f"the focused element is off screen: {state}"
    return state


class Mouse:
    """Drives a page the ordinary way (pointer and typing into fields)."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def activate(self, target: Locator, key: str = "Enter") -> None:
        target.click()

    def fill(self, target: Locator, text: str) -> None:
        target.fill(text)

    def check(self, target: Locator) -> None:
        target.check()

    def select(self, target: Locator, label: str) -> None:
        target.select_option(label=label)


class Keyboard:
    """Drives a page with Tab, Shift+Tab, Enter, Space and typing only, checking at every
    step that the focus is visible; a target that Tab cannot reach fails (unreachable or trap)."""

    def __init__(self, page: Page, max_steps: int = 120) -> None:
        self.page = page
        self.max_steps = max_steps
        self.keys = Counter()

    def _press(self, key: str) -> None:
        self.keys[key] += 1
        self.page.keyboard.press(key)

    def focus(self, target: Locator) -> None:
        """Tab (or Shift+Tab, when the target comes earlier in the page) until it has focus."""
        handle = target.element_handle()
        assert handle is not None
        backwards = self.page.evaluate(
            """t => { const a = document.activeElement;
                 if (!a || a === document.body) return false;
                 return !!(a.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_PRECEDING); }""",
            handle,
        )
        key = "Shift+Tab" if backwards else "Tab"
        trail = []
        for _ in range(self.max_steps):
            if self.page.evaluate("t => t === document.activeElement", handle):
                return
            self._press(key)
            state = focus_state(self.page)
            if state is not None:
                assert_focus_visible(self.page)
                trail.append(state["label"] or state["tag"])
        raise AssertionError(f"{key} never reached {target}; focus went through: {trail[-30:]}")

    def activate(self, target: Locator, key: str = "Enter") -> None:
        self.focus(target)
        self._press(key)

    def fill(self, target: Locator, text: str) -> None:
        self.focus(target)
        self.page.keyboard.press("ControlOrMeta+a")
        self.page.keyboard.type(text)

    def check(self, target: Locator) -> None:
        self.focus(target)
        if not target.is_checked():
            self._press("Space")
        assert target.is_checked()

    def select(self, target: Locator, label: str) -> None:
        """A native select: focus it and type the start of the option, as keyboard users do."""
        self.focus(target)
        self.page.keyboard.type(label)
        expect(target.locator("option:checked")).to_have_text(label)


def tab_through(page: Page, key: str = "Tab", limit: int = 400) -> list[dict]:
    """Press Tab (or Shift+Tab) from outside the page until focus leaves the document or comes
    back round to the first stop; fails if it gets caught in a loop that does not include the
    first stop (a keyboard trap) or a stop shows no focus. Returns the stops in order."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    stops: list[dict] = []
    for _ in range(limit):
        page.keyboard.press(key)
        state = focus_state(page)
        if state is None or (stops and state["key"] == stops[0]["key"]):
            return stops
        assert state["outline"] or state["shadow"], f"focus is not visible on {state}"
        assert state["key"] not in {s["key"] for s in stops}, (
            f"{key} is caught in a loop at {state['label']!r} after {[s['label'] for s in stops]}"
        )
        stops.append(state)
    raise AssertionError(f"{key} never left the page after {limit} presses")
