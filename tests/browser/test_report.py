"""The medvirkningsrapport in Chromium: the administrator follows the link on the concluded
challenge's page to the form, which passes axe-core in bokmål and English, chooses nynorsk and
Word without JavaScript, and gets the file."""

import pytest
from playwright.sync_api import expect

from .helpers import axe_violations, describe_violations, login, main

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_report_form_and_download(live, new_context, lang):
    world = live.world
    page = new_context(lang).new_page()
    login(page, world.admin_email)
    page.goto(f"/k/{world.slug}/utfordringer/{world.concluded_challenge_id}")
    link = main(page).locator(
        f'a[href="/k/{world.slug}/utfordringer/{world.concluded_challenge_id}/medvirkningsrapport"]'
    )
    expect(link).to_be_visible()
    link.click()
    expect(page.locator("h1")).to_be_visible()
    problems = describe_violations(f"report form ({lang})", axe_violations(page))
    assert not problems, "\n".join(problems)
    form = main(page).locator("form")
    form.locator("input[name=sprak][value=nn]").check()
    form.locator("input[name=format][value=docx]").check()
    with page.expect_download() as info:
        form.locator("button[type=submit]").click()
    download = info.value
    assert "-nn-" in download.suggested_filename
    assert download.suggested_filename.endswith(".docx")
