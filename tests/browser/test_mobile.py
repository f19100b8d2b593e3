"""Every main page on a phone (375×667) and at 400 % zoom (a 1280 px window zoomed 4×, i.e. 320 CSS
px wide) without horizontal scrolling; a screenshot of each page in each size under test-results/
(also at desktop size), which CI keeps."""

import pytest

from .helpers import RESULTS, crawl, login, slug_of
from .test_axe import start_paths, who

pytestmark = pytest.mark.browser

SIZES = {
    "mobile-375": {"viewport": {"width": 375, "height": 667}, "device_scale_factor": 2},
    "zoom-400": {"viewport": {"width": 320, "height": 256}, "device_scale_factor": 4},
    "desktop": {"viewport": {"width": 1280, "height": 900}, "device_scale_factor": 1},
}

OVERFLOW = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const wide = [...document.body.querySelectorAll('*')]
    .filter(el => el.getBoundingClientRect().right > width + 1)
    .filter(el => !el.closest('.table-scroll'))
    .slice(0, 5)
    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (el.className && typeof el.className === 'string' ? '.' + el.className.trim()
        .replace(/\\s+/g, '.') : ''));
  return {scrollWidth: root.scrollWidth, clientWidth: width, wide};
}"""


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("role", ["anonymous", "citizen", "admin"])
def test_no_horizontal_scrolling(live, new_context, role, size):
    context = new_context(**SIZES[size])
    email = who(live, role)
    if email:
        login(context.new_page(), email)
    folder = RESULTS / "screens" / size / role
    folder.mkdir(parents=True, exist_ok=True)
    problems, pages = [], 0
    for endpoint, path, page in crawl(context, live, start_paths(live)):
        pages += 1
        page.screenshot(path=str(folder / f"{slug_of(endpoint, path)}.png"), full_page=True)
        if size == "desktop":
            continue
        result = page.evaluate(OVERFLOW)
        if result["scrollWidth"] > result["clientWidth"]:
            problems.append(f"{path} ({endpoint}): {result}")
    assert pages >= 5, "the crawl found almost no pages"
    assert not problems, f"horizontal scrolling at {size}:\n" + "\n".join(problems)
