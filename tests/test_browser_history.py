"""The History page in a real browser: opened from a branch link it draws the chart and the
branch sentence; a branch option changed in the sidebar goes into the address."""

from __future__ import annotations

from tests.browser_support import ARTIFACTS, CHART, browser, server  # noqa: F401 (the fixtures)

SOLEIMANI = "/history?branch=2020-01&leadership_targeting=false&strikes_iraq=none"


def open_history(browser, url):
    page = browser.new_page(viewport={"width": 1600, "height": 1100})
    page.goto(url, wait_until="commit")
    page.wait_for_selector(CHART, timeout=60_000)
    return page


def test_a_branch_link_draws_the_chart_and_the_branch_sentence(browser, server):
    page = open_history(browser, server.url + SOLEIMANI)
    sentence = page.get_by_text("The branch.").locator("..")
    sentence.wait_for(timeout=30_000)
    assert sentence.is_visible() and "2020-01 to 2021-12" in sentence.inner_text()
    assert "lower in the branch" in sentence.inner_text() or "higher in the branch" in sentence.inner_text()
    assert page.locator(CHART).count() >= 1
    assert "branch=2020-01" in page.url and "strikes_iraq=none" in page.url
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "history_branch.png"), full_page=True)
    page.close()


def test_a_bad_branch_in_the_link_warns_and_the_page_still_draws(browser, server):
    page = open_history(browser, server.url + "/history?branch=2031-01")
    warning = page.locator('[data-testid="stAlertContentWarning"], [data-testid="stAlert"]').first
    warning.wait_for(timeout=20_000)
    assert "branch=2031-01" in warning.inner_text() and "2016-01 to 2025-12" in warning.inner_text()
    assert page.get_by_text("The branch.").count() == 0
    page.close()


def test_a_branch_option_chosen_in_the_sidebar_goes_into_the_link(browser, server):
    page = open_history(browser, server.url + "/history?branch=2018-05")
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="JCPOA path").click()
    page.get_by_role("option", name="full return").click()
    page.wait_for_function("() => location.search.includes('jcpoa=full_return')", timeout=20_000)
    page.get_by_text("The branch.").wait_for(timeout=30_000)
    assert "branch=2018-05" in page.url
    page.close()
