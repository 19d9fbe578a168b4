"""Phones and the instructor's flow in a real Chromium (issue #16).

At a phone's 390 × 844, a student's room page and the seminar page: no horizontal overflow,
no value cut off (an element whose ``scrollWidth`` exceeds its ``clientWidth``), no chart
wider than the screen, no table with columns out of sight; the student's levers are in the
main column and the submit button can be reached and pressed. At a desktop's width, the
instructor's page: the private link is folded away straight after opening a room, and a
reload keeps the instructor's view without the key ever in the address bar.
"""

from __future__ import annotations

import re

import pytest

from tests.browser_support import browser, server_with_own_rooms  # noqa: F401 (the fixtures)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 1000}
SUBMISSIONS = '[data-testid="stMetric"]:has-text("Submissions") [data-testid="stMetricValue"]'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'

# Everything that overflows the page sideways, or cuts off its own content, or is wider than the
# screen: each as "what: measured".
LAYOUT_FAULTS = """() => {
  const width = document.documentElement.clientWidth, faults = [];
  const name = el => (el.dataset.testid || el.tagName.toLowerCase()) + ' "' + (el.innerText || '').slice(0, 40) + '"';
  if (document.documentElement.scrollWidth > width)
    faults.push(`page: ${document.documentElement.scrollWidth} px wide on a ${width} px screen`);
  const main = document.querySelector('[data-testid="stMain"]');
  if (main && main.scrollWidth > main.clientWidth)
    faults.push(`main column: ${main.scrollWidth} px of content in ${main.clientWidth} px`);
  for (const el of (main || document).querySelectorAll('[data-testid="stMetricValue"], [data-testid="stMetricLabel"], ' +
      '[data-testid="stTable"] td, [data-testid="stTable"] th, [data-testid="stTable"] table, ' +
      '[data-testid="stTable"] > div, [data-testid="stCaptionContainer"], [data-testid="stMarkdownContainer"], ' +
      'h1, h2, h3, [data-testid="stWidgetLabel"], [data-testid="stButton"] button, ' +
      '[data-testid="stButtonGroup"] button, [data-testid="stButtonGroup"] button p'))
    if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1)
      faults.push(`cut off: ${name(el)} ${el.scrollWidth} > ${el.clientWidth}`);
  for (const chart of document.querySelectorAll('.vega-embed canvas, .vega-embed svg')) {
    const box = chart.getBoundingClientRect();
    if (box.right > width + 1 || box.left < -1) faults.push(`chart: ${box.left}-${box.right} px on a ${width} px screen`);
  }
  return faults;
}"""


@pytest.fixture(scope="module")
def room(server):
    from dashboard.rooms import RoomStore

    store = RoomStore(server.env["DATABASE_URL"])
    made, key = store.create_room("Week 5 seminar on US options toward Iran")
    store.engine.dispose()
    return made.code, key


def settled(page) -> None:
    page.wait_for_selector(IDLE, timeout=60_000)
    page.wait_for_timeout(800)  # charts and tables finish drawing after the script


def test_a_students_room_page_fits_a_phone(browser, server, room):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/room?room={room[0]}&strikes_iraq=repeated&jcpoa=full_return", wait_until="commit")
        submit = page.get_by_role("button", name="Submit to the room")
        submit.wait_for(timeout=60_000)
        settled(page)
        # The levers are in the main column (a phone's sidebar starts closed), not in the sidebar.
        assert page.locator('[data-testid="stMain"] [data-testid="stSlider"]').count() >= 6
        assert page.locator('[data-testid="stSidebar"] [data-testid="stSlider"]').count() == 0
        assert "Strikes in Iraq: repeated" in page.locator('[data-testid="stMain"]').inner_text()
        assert page.evaluate(LAYOUT_FAULTS) == []

        page.get_by_role("button", name="Risk of a spiral into wider war").click()
        settled(page)
        submit.scroll_into_view_if_needed()
        box = submit.bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
        assert box["width"] >= 300  # the whole width: easy to reach with a thumb
        submit.tap()
        page.get_by_text("Submitted at").first.wait_for(timeout=60_000)
        settled(page)
        table = page.locator('[data-testid="stTable"]')
        table.wait_for(timeout=60_000)  # drawn after the message, in the same run
        settled(page)
        assert table.count() == 1
        headers = [h.strip() for h in table.locator("th").all_inner_texts()]
        assert headers == ["Response", "You", "Model", "Agree"], headers
        for header in table.locator("th").all():  # every column on the screen
            edge = header.bounding_box()
            assert edge and edge["x"] >= 0 and edge["x"] + edge["width"] <= PHONE["width"] + 1, (header.inner_text(), edge)
        assert page.evaluate(LAYOUT_FAULTS) == []
        table.screenshot(path=str(_artifact("room-student-table-390.png")))
    finally:
        context.close()


@pytest.mark.parametrize("large_type", [False, True], ids=["normal", "large-type"])
def test_the_seminar_page_fits_a_phone(browser, server, large_type):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/seminar" + "?big=true" * large_type, wait_until="commit")
        page.locator(".vega-embed canvas, .vega-embed svg").first.wait_for(timeout=60_000)
        settled(page)
        assert page.evaluate(LAYOUT_FAULTS) == []
        # The timeline is tall, not squeezed: an episode's row has room for its words.
        name = f"seminar-timeline-390{'-large' * large_type}.png"
        page.locator(".vega-embed").first.screenshot(path=str(_artifact(name)))
        chart = page.locator(".vega-embed canvas, .vega-embed svg").first.bounding_box()
        assert chart["height"] > 400 and chart["width"] <= PHONE["width"], chart
        page.get_by_role("button", name="Reveal the model's answer").click()
        page.get_by_text("Class and model agree on").wait_for(timeout=60_000)
        settled(page)
        assert page.evaluate(LAYOUT_FAULTS) == []
    finally:
        context.close()


def test_an_instructor_reload_keeps_the_instructors_view_and_never_shows_the_key(browser, server):
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/room", wait_until="commit")
        page.get_by_label("Title", exact=True).fill("Reload test", timeout=60_000)
        page.get_by_role("button", name="Open a room").click()
        page.wait_for_selector(SUBMISSIONS, timeout=60_000)
        settled(page)
        code = re.search(r"room=([A-Z0-9]+)", page.url).group(1)
        assert "key=" not in page.url
        private = page.locator('[data-testid="stCode"]', has_text="&key=")
        assert not private.is_visible()  # folded away: the page may already be on the projector
        page.get_by_text("Private: your instructor link").click()
        key = re.search(r"key=([A-Za-z0-9_-]+)", private.inner_text(timeout=10_000)).group(1)

        page.reload(wait_until="commit")
        page.wait_for_selector(SUBMISSIONS, timeout=60_000)  # still the instructor's view...
        settled(page)
        assert page.get_by_role("button", name="Submit to the room").count() == 0  # ...not the student's form
        assert code in page.url and "key=" not in page.url and key not in page.url
        assert key not in page.locator("body").inner_text()  # shown once, and not again after a reload

        page.get_by_text("Projector view").click()
        page.wait_for_function("() => location.search.includes('projector=true')", timeout=20_000)
        settled(page)
        assert key not in page.content() and "key=" not in page.url
        assert page.get_by_role("button", name="Delete the room").count() == 0
        page.reload(wait_until="commit")  # the projector view, too, survives a reload
        page.wait_for_selector(SUBMISSIONS, timeout=60_000)
        settled(page)
        assert page.get_by_role("button", name="Delete the room").count() == 0 and "key=" not in page.url

        other = browser.new_context(viewport=DESKTOP).new_page()  # another browser: a student
        other.goto(f"{server.url}/room?room={code}", wait_until="commit")
        other.get_by_role("button", name="Submit to the room").wait_for(timeout=60_000)
        assert other.locator(SUBMISSIONS).count() == 0
        other.context.close()
    finally:
        context.close()


def _artifact(name: str):
    from tests.browser_support import ARTIFACTS

    (ARTIFACTS / "phone").mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / "phone" / name
