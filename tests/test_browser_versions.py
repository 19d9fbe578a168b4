"""A link made under past rules, in a real browser: the notice, the button that opens it under
its own version (and its figures), and the share link that keeps that version."""

from __future__ import annotations

from dashboard.model import RESPONSES, Scenario, simulate
from dashboard.model.versions import edition, rules_version
from tests.browser_support import ARTIFACTS, METRIC, browser, server  # noqa: F401 (the fixtures)

PAST = "2dc0e5572f"  # archived in data/versions/ (commit 68e82d3's rules and parameters)
SCENARIO = Scenario(strikes_iraq="repeated")


def figures(rules=None, parameters=None) -> list[str]:
    """The headline cards' values, in order, as the page writes them."""
    result = simulate(SCENARIO, rules, parameters)
    return [f"{result.at(12)[name]:.1f}" for name in RESPONSES]


def cards(page) -> list[str]:
    return [text.strip() for text in page.locator(METRIC).all_inner_texts()]


def wait_for_cards(page, values: list[str]) -> None:
    page.wait_for_function("([sel, want]) => { const got = [...document.querySelectorAll(sel)]"
                           ".map(e => e.innerText.trim()); return JSON.stringify(got) === JSON.stringify(want); }",
                           arg=[METRIC, values], timeout=30_000)


def open_link(context, url: str):
    page = context.new_page()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(METRIC, timeout=60_000)
    return page


def test_an_old_link_is_opened_under_its_own_version_by_a_click(browser, server):
    past = edition(PAST)
    now, then = figures(), figures(past.rules, past.parameters)
    assert now != then
    context = browser.new_context(viewport={"width": 1600, "height": 1100})
    page = open_link(context, f"{server.url}/?strikes_iraq=repeated&v={PAST}")
    wait_for_cards(page, now)  # the current rules until asked
    notice = page.get_by_text("This link was made with the rules of 2026-11-29")
    notice.wait_for(timeout=30_000)
    assert f"version {PAST}" in notice.inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "version_notice.png"))

    page.get_by_role("button", name="Open under the rules it was made with").click()
    wait_for_cards(page, then)
    page.get_by_text(f"Opened under the rules of 2026-11-29 (version {PAST})").wait_for(timeout=30_000)
    assert f"v={PAST}" in page.url  # a reload opens the same link again

    page.get_by_role("button", name="Share").click()
    link = page.locator('[data-testid="stCode"]').first.inner_text(timeout=30_000).strip()
    assert link.endswith(f"v={PAST}") and "strikes_iraq=repeated" in link
    context.close()

    fresh = browser.new_context(viewport={"width": 1600, "height": 1100})  # someone the link was sent to
    other = open_link(fresh, link)
    wait_for_cards(other, now)
    other.get_by_role("button", name="Open under the rules it was made with").click()
    wait_for_cards(other, then)
    other.get_by_role("button", name="Use the current rules").click()
    wait_for_cards(other, now)
    other.wait_for_function("() => !location.search.includes('v=')", timeout=10_000)
    fresh.close()


def test_a_current_link_has_no_notice_and_its_share_link_names_the_version(browser, server):
    context = browser.new_context(viewport={"width": 1600, "height": 1100})
    page = open_link(context, f"{server.url}/?strikes_iraq=repeated")
    wait_for_cards(page, figures())
    page.get_by_role("button", name="Share").click()
    link = page.locator('[data-testid="stCode"]').first.inner_text(timeout=30_000).strip()
    assert link.endswith(f"?strikes_iraq=repeated&v={rules_version()}")
    assert page.get_by_text("the figures may differ").count() == 0
    context.close()
