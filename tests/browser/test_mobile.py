"""Every main page on a phone (375×667) and at 400 % zoom (a 1280 px window zoomed 4×, i.e. 320 CSS
px wide) without horizontal scrolling; a screenshot of each page in each size under test-results/
(also at desktop size), which CI keeps."""

import shutil

import pytest

from .helpers import RESULTS, ROLES, email_of, login, slug_of

pytestmark = pytest.mark.browser

SIZES = {
    "mobile-375": {"width": 375, "height": 667},
    "zoom-400": {"width": 320, "height": 256},
    "desktop": {"width": 1280, "height": 900},
}

OVERFLOW = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const wide = [...document.body.querySelectorAll('*')]
    .filter(el => el.getBoundingClientRect().right > width + 1)
    .filter(el => !el.closest('.table-scroll') || getComputedStyle(el).position === 'absolute')
    .slice(-5)
    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (typeof el.className === 'string' && el.className.trim()
         ? '.' + el.className.trim().replace(/\\s+/g, '.') : ''));
  return {scrollWidth: root.scrollWidth, clientWidth: width, wide};
}"""


def show_lazy_images(page) -> None:
    """A full-page screenshot does not scroll, so lazy images (charts) would stay empty."""
    page.evaluate(
        """() => Promise.all([...document.images].map(img => {
             img.loading = 'eager';
             return img.complete ? null : new Promise(done => { img.onload = img.onerror = done; });
           }))"""
    )


def each_page_once(inventory) -> list[tuple[str, str, str]]:
    """(role, endpoint, path): every view once, seen by the least privileged role reaching it."""
    seen, result = set(), []
    for role in ROLES:
        for endpoint, path in inventory[role]:
            if endpoint not in seen:
                seen.add(endpoint)
                result.append((role, endpoint, path))
    return result


@pytest.mark.parametrize("size", SIZES)
def test_no_horizontal_scrolling(live, inventory, new_context, size):
    pages = {}
    for role in ROLES:
        pages[role] = new_context(viewport=SIZES[size]).new_page()
        if email_of(live, role):
            login(pages[role], email_of(live, role))
    folder = RESULTS / "screens" / size
    shutil.rmtree(folder, ignore_errors=True)  # only this run's pages
    folder.mkdir(parents=True)
    problems = []
    for role, endpoint, path in each_page_once(inventory):
        page = pages[role]
        page.goto(path)
        show_lazy_images(page)
        page.screenshot(path=str(folder / f"{slug_of(endpoint, path)}.png"), full_page=True)
        if size != "desktop":
            result = page.evaluate(OVERFLOW)
            if result["scrollWidth"] > result["clientWidth"]:
                problems.append(f"{path} ({endpoint}, as {role}): {result}")
    assert not problems, f"horizontal scrolling at {size}:\n" + "\n".join(problems)
