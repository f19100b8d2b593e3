"""The visual identity: each of the roadmap's principles has one colour and one icon, the same on
every page and the same as its reference data; white text on each colour meets 4.5:1; the icons
are real SVG files. Screenshots of the principle pages are kept under test-results/identity/."""

import pytest
from sqlalchemy import select

from cocreate.reference.models import Principle

from .helpers import RESULTS, main

pytestmark = pytest.mark.browser

MARKS = """() => [...document.querySelectorAll('[class*="principle-"]')].flatMap(el => {
  const m = [...el.classList].map(c => c.match(/^principle-(\\d)$/)).find(Boolean);
  if (!m) return [];
  const icon = el.querySelector('.principle-icon');
  const s = getComputedStyle(el);
  const colour = el.classList.contains('principle-tag') ? s.backgroundColor
    : el.classList.contains('principle') ? s.borderTopColor : null;
  const emblem = el.querySelector('.principle-emblem');
  return [{
    number: Number(m[1]),
    colour,
    emblem: emblem ? getComputedStyle(emblem).backgroundColor : null,
    text: colour && el.classList.contains('principle-tag') ? s.color : null,
    icon: icon ? getComputedStyle(icon).maskImage || getComputedStyle(icon).webkitMaskImage : null,
  }];
})"""


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_each_principle_has_one_colour_and_icon_everywhere(live, new_context):
    with live.db() as session:
        principles = {
            p.number: (p.colour.lower(), p.icon, p.slug) for p in session.scalars(select(Principle))
        }
    assert len(principles) == 8
    assert len({c for c, _i, _s in principles.values()}) == 8, "two principles share a colour"
    assert len({i for _c, i, _s in principles.values()}) == 8, "two principles share an icon"

    page = new_context().new_page()
    paths = ["/", "/om-veikartet", f"/k/{live.world.slug}/"]
    paths += [f"/k/{live.world.slug}/utfordringer/{live.world.challenge_id}"]
    paths += [f"/veikartet/prinsipper/{slug}" for _c, _i, slug in principles.values()]
    seen: dict[int, set[str]] = {}
    folder = RESULTS / "identity"
    folder.mkdir(parents=True, exist_ok=True)
    for path in paths:
        page.goto(path)
        for mark in page.evaluate(MARKS):
            colour, icon, _slug = principles[mark["number"]]
            where = f"principle {mark['number']} on {path}"
            for painted in (mark["colour"], mark["emblem"]):
                if painted:
                    assert painted == rgb(colour), f"{where}: colour {painted}, not {colour}"
            if mark["text"]:
                assert mark["text"] == "rgb(255, 255, 255)", f"{where}: text {mark['text']}"
            if mark["icon"]:
                assert mark["icon"].endswith(f'/static/icons/{icon}.svg")'), f"{where}: {mark}"
            seen.setdefault(mark["number"], set()).add(path)
        if path.startswith("/veikartet/") or path == "/om-veikartet":
            name = path.strip("/").replace("/", "-")
            main(page).screenshot(path=str(folder / f"{name}.png"))
    assert set(seen) == set(principles), f"principles never shown: {set(principles) - set(seen)}"
    assert all(len(paths_) >= 2 for paths_ in seen.values()), seen


def test_white_on_every_principle_colour_meets_contrast(live):
    with live.db() as session:
        colours = [p.colour for p in session.scalars(select(Principle))]
    for colour in colours:
        ratio = 1.05 / (luminance(colour) + 0.05)
        assert ratio >= 4.5, f"white on {colour}: {ratio:.2f}:1"


def test_icons_are_served_as_svg(live, new_context):
    context = new_context()
    with live.db() as session:
        icons = [p.icon for p in session.scalars(select(Principle))]
    for icon in [*icons, "samskap", "check"]:
        response = context.request.get(live(f"/static/icons/{icon}.svg"))
        assert response.status == 200, icon
        assert "svg" in response.headers["content-type"], icon
        assert response.text().lstrip().startswith("<svg"), icon
