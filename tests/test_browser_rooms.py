"""A classroom room in real browsers: the instructor opens it, a student on another
browser submits, the instructor's view updates by itself; after a server restart the
instructor link still shows the submission (the SQLite file keeps it)."""

from __future__ import annotations

import re

import pytest

from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, require_browser

SUBMISSIONS = '[data-testid="stMetric"]:has-text("Submissions") [data-testid="stMetricValue"]'


@pytest.fixture(scope="module")
def chromium():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def test_a_room_from_opening_to_a_restart(chromium, tmp_path):
    from playwright.sync_api import expect

    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'rooms.sqlite3'}"}
    server = StreamlitServer(env)
    try:
        teacher = chromium.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        teacher.goto(f"{server.url}/room", wait_until="commit")
        teacher.get_by_label("Title", exact=True).fill("Week 5 seminar", timeout=60_000)
        teacher.get_by_role("button", name="Open a room").click()
        teacher.wait_for_selector("text=Join with code", timeout=60_000)
        code = re.search(r"room=([A-Z0-9]+)", teacher.url).group(1)
        assert "key=" not in teacher.url  # the key never sits in the projected address bar
        teacher.get_by_text("Private: your instructor link").click()  # folded away, for the projector
        instructor_link = teacher.locator("[data-testid=stCode]", has_text="&key=").inner_text(timeout=60_000).strip()
        assert teacher.locator(SUBMISSIONS).inner_text() == "0"

        student = chromium.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        student.goto(f"{server.url}/room?room={code}&strikes_iran=repeated", wait_until="commit")
        student.get_by_role("button", name="Risk of a spiral into wider war").click()
        student.get_by_label("Group name (optional)", exact=True).fill("Hawks")
        student.get_by_label("Group name (optional)", exact=True).press("Enter")
        student.get_by_role("button", name="Submit to the room").click()
        student.wait_for_selector("text=Submitted at", timeout=60_000)
        assert student.locator(SUBMISSIONS).count() == 0  # a student never sees the class
        href = student.get_by_role("link", name="See why on the Dashboard").get_attribute("href")
        assert href == f"{server.url}/?strikes_iran=repeated"
        student.goto(href, wait_until="commit")
        expect(student.locator('[data-testid="stMetricValue"]')).to_have_count(10, timeout=60_000)

        # The instructor's view refreshes itself (every 5 s): no reload, no click.
        expect(teacher.locator(SUBMISSIONS)).to_have_text("1", timeout=20_000)
    finally:
        server.stop()

    restarted = StreamlitServer(env)
    try:
        link = re.sub(r"^http://127\.0\.0\.1:\d+", restarted.url, instructor_link)
        again = chromium.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        again.goto(link, wait_until="commit")
        again.wait_for_selector(SUBMISSIONS, timeout=60_000)
        assert again.locator(SUBMISSIONS).inner_text() == "1"
        again.wait_for_selector("text=Hawks", state="attached", timeout=10_000)  # a grid cell (drawn on canvas)
    finally:
        restarted.stop()
