"""The page in a real browser: it renders, a slider moved with the keyboard changes a metric."""

from __future__ import annotations

import pytest

from tests.browser_support import ARTIFACTS, CHART, METRIC, browser, server  # noqa: F401 (the fixtures)


def open_page(browser, url):
    page = browser.new_page(viewport={"width": 1600, "height": 1100})
    page.goto(url, wait_until="commit")
    page.wait_for_selector(METRIC, timeout=60_000)
    page.wait_for_selector(CHART, timeout=60_000)
    return page


def wait_for_charts_to_settle(page, polls: int = 4) -> None:
    """Until every chart keeps its size and place for ``polls`` checks in a row (250 ms apart):
    Vega draws at a first width, then resizes to its column; a fixed sleep guesses how long."""
    page.wait_for_function(
        """([sel, polls]) => {
            const now = [...document.querySelectorAll(sel)].map(c => {
                const r = c.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom].map(Math.round).join();
            }).join('|');
            const last = window.__chartSizes;
            window.__chartSizes = now;
            window.__stablePolls = now !== '' && now === last ? (window.__stablePolls || 0) + 1 : 0;
            return window.__stablePolls >= polls;
        }""",
        arg=[".vega-embed canvas, .vega-embed svg.marks", polls], polling=250, timeout=30_000,
    )


def metric_texts(page) -> list[str]:
    return page.locator(METRIC).all_inner_texts()


def wait_for_first_metric_change(page, old: str) -> None:
    page.wait_for_function(
        "([sel, old]) => { const e = document.querySelector(sel);"
        " return e && e.innerText.trim() !== old && !isNaN(parseFloat(e.innerText)); }",
        arg=[METRIC, old], timeout=20_000,
    )


def test_page_renders_metrics_and_charts(browser, server):
    page = open_page(browser, server.url)
    assert len(metric_texts(page)) == 10
    assert page.locator(CHART).count() >= 1
    assert page.get_by_text("In a sentence.").count() == 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    page.close()


def test_keyboard_slider_move_changes_a_metric(browser, server):
    page = open_page(browser, server.url)
    before = metric_texts(page)
    sanctions = page.locator('[data-testid="stSlider"]').filter(has_text="Sanctions").locator('input[type="range"]')
    sanctions.focus()
    for _ in range(4):
        sanctions.press("ArrowLeft")  # maximum -> lifted
    wait_for_first_metric_change(page, before[0])
    after = metric_texts(page)
    assert after != before
    # militia attacks fall when sanctions are lifted (the rules' claim), first card
    assert float(after[0]) < float(before[0])
    page.screenshot(path=str(ARTIFACTS / "dashboard_sanctions_lifted.png"), full_page=True)
    page.close()


def test_share_link_opens_the_same_view_in_a_fresh_browser(browser, server):
    from playwright.sync_api import sync_playwright  # noqa: F401  (the browser fixture holds it)

    first = browser.new_context(viewport={"width": 1600, "height": 1100})
    page = first.new_page()
    page.goto(server.url + "/?strikes_iraq=repeated&sanctions=lifted&lens=coercive_deterrence&month=9", wait_until="commit")
    page.wait_for_selector(METRIC, timeout=60_000)
    page.wait_for_selector(CHART, timeout=60_000)
    # move a lever in the first browser: the address bar follows
    talks = page.locator('[data-testid="stSidebar"] label').filter(has_text="Direct bilateral talks")
    before = metric_texts(page)
    talks.click()
    page.wait_for_function(  # talks slow the nuclear programme: the fifth card moves
        "([sel, old]) => { const e = document.querySelectorAll(sel)[4];"
        " return e && e.innerText.trim() !== old && !isNaN(parseFloat(e.innerText)); }",
        arg=[METRIC, before[4]], timeout=20_000)
    page.wait_for_function("() => location.search.includes('direct_talks=true')", timeout=10_000)
    link, values = page.url, metric_texts(page)
    first.close()

    fresh = browser.new_context(viewport={"width": 1600, "height": 1100})  # no cookies, no session
    other = fresh.new_page()
    other.goto(link, wait_until="commit")
    other.wait_for_selector(METRIC, timeout=60_000)
    other.wait_for_function("([sel, n]) => document.querySelectorAll(sel).length === n", arg=[METRIC, 10], timeout=30_000)
    assert metric_texts(other) == values
    assert "sanctions=lifted" in link and "lens=coercive_deterrence" in link and "month=9" in link
    other.screenshot(path=str(ARTIFACTS / "shared_link.png"), full_page=True)
    fresh.close()


def test_slider_move_changes_the_address(browser, server):
    page = open_page(browser, server.url)
    assert "jcpoa=" not in page.url
    jcpoa = page.locator('[data-testid="stSlider"]').filter(has_text="JCPOA path").locator('input[type="range"]')
    jcpoa.focus()
    jcpoa.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('jcpoa=indirect_talks')", timeout=10_000)
    page.close()


def test_a_broken_link_warns_and_keeps_the_rest(browser, server):
    page = browser.new_page(viewport={"width": 1600, "height": 1100})
    page.goto(server.url + "/?sanctions=crippling&strikes_iran=limited", wait_until="commit")
    page.wait_for_selector(METRIC, timeout=60_000)
    warning = page.locator('[data-testid="stAlertContentWarning"], [data-testid="stAlert"]').first
    warning.wait_for(timeout=20_000)
    assert "sanctions=crippling" in warning.inner_text()
    assert "strikes_iran=limited" in page.url
    page.close()


def test_custom_rules_travel_with_the_link(browser, server, tmp_path):
    from dashboard.model import shipped_rules
    from dashboard.model.custom_rules import to_yaml, with_edits

    custom = with_edits(shipped_rules(), {("sanctions_as_grievance", 0): {"low": 5, "central": 9, "high": 12}}, set())
    rules_file = tmp_path / "class_rules.yaml"
    rules_file.write_text(to_yaml(custom))
    context = browser.new_context(viewport={"width": 1600, "height": 1100})
    page = context.new_page()
    page.goto(server.url + "/?tab=Rules", wait_until="commit")
    page.wait_for_selector(METRIC, timeout=60_000)
    before = metric_texts(page)
    page.get_by_text("Change the rules for this session").click()
    page.locator('[data-testid="stFileUploader"]').filter(has_text="Upload a rules file").locator(
        'input[type="file"]').set_input_files(str(rules_file))
    page.get_by_text("Custom rules in use").first.wait_for(timeout=20_000)
    wait_for_first_metric_change(page, before[0])
    page.wait_for_function("() => location.search.includes('rules=')", timeout=10_000)
    link, values = page.url, metric_texts(page)
    context.close()

    fresh = browser.new_context(viewport={"width": 1600, "height": 1100})
    other = fresh.new_page()
    other.goto(link, wait_until="commit")
    other.get_by_text("Custom rules in use").first.wait_for(timeout=60_000)
    other.wait_for_function("([sel, n]) => document.querySelectorAll(sel).length === n", arg=[METRIC, 10], timeout=30_000)
    assert metric_texts(other) == values != before
    fresh.close()


@pytest.mark.parametrize("tab", ["Over time", "Escalation", "Map", "Uncertainty", "Compare"])
def test_charts_fit_the_page_at_projector_width(browser, server, tab):
    """At 1280 px wide with the sidebar open (a common projector), no chart runs off the page."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server.url}/?tab={tab.replace(' ', '+')}", wait_until="commit")
    page.wait_for_selector(CHART, timeout=60_000)
    wait_for_charts_to_settle(page)
    overflow = page.evaluate("""() => {
        const main = document.querySelector('[data-testid=stMainBlockContainer]');
        const edge = main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight);
        return [...document.querySelectorAll('.vega-embed canvas, .vega-embed svg.marks')]
            .map(chart => Math.round(chart.getBoundingClientRect().right - edge)); }""")
    page.close()
    assert overflow and max(overflow) <= 2, f"charts on {tab} run past the page's right edge by {overflow} px"


def test_moving_the_month_updates_the_figures_and_keeps_the_levers(browser, server):
    """The month slider lives in a fragment (only the results rerun): the cards follow it,
    the link records it, and the levers set by the link stay as they were."""
    from dashboard.model import RESPONSES, Scenario, simulate

    page = open_page(browser, server.url + "/?sanctions=lifted&strikes_iraq=repeated")
    month = page.locator('[data-testid="stSlider"]').filter(has_text="Month shown").locator('input[type="range"]')
    month.focus()
    for _ in range(6):
        month.press("ArrowLeft")  # 12 -> 6
    page.wait_for_function("() => location.search.includes('month=6')", timeout=10_000)
    expected = [f"{simulate(Scenario(sanctions='lifted', strikes_iraq='repeated')).at(6)[r]:.1f}" for r in RESPONSES]
    page.wait_for_function("([sel, want]) => [...document.querySelectorAll(sel)].map(e => e.innerText.trim())"
                           ".join('|') === want.join('|')", arg=[METRIC, expected], timeout=20_000)
    assert "sanctions=lifted" in page.url and "strikes_iraq=repeated" in page.url
    page.close()
