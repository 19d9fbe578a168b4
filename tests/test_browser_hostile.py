"""Markdown injection, in a real browser: each hostile string of issue #12 on every page that
can show it (dashboard, /seminar, /room), and no link or image the page did not put there,
and no request to any other host (a tracking pixel is fetched on sight, without a click)."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, require_browser

PIXEL = "http://127.0.0.1:9/p.gif"  # nothing listens there: a request to it is caught below
PARAM_NAME = f"**Your session has expired.** [Sign in again](https://evil.example) ![]({PIXEL})"
RULE_TEXT = f"[Sign in](https://evil.example/phish) ![]({PIXEL}) <img src={PIXEL}> www.evil.example"
ROOM_TITLE = f"[Sign in](http://127.0.0.1:9/phish) ![]({PIXEL[:-6]}/t.gif)"  # 73 characters, accepted
GROUP = "![](http://127.0.0.1:9/g.gif)"  # within the 40 characters of a group name
HEADING = "Custom rules in use"


@pytest.fixture(scope="module")
def setting(tmp_path_factory):
    require_browser()
    from playwright.sync_api import sync_playwright

    server = StreamlitServer({"DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('rooms') / 'rooms.sqlite3'}"})
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield server, browser
            browser.close()
    finally:
        server.stop()


def visit(setting, path: str, ready: str, then=None) -> list[str]:
    """Open ``path``, wait for ``ready`` text, run ``then(page)``; return what the page put
    there but should not have: foreign links and images, and requests to other hosts."""
    server, browser = setting
    origin = urlsplit(server.url).netloc
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    foreign = []
    page.on("request", lambda r: foreign.append(f"request {r.url}")
            if urlsplit(r.url).scheme in ("http", "https", "ws", "wss") and urlsplit(r.url).netloc != origin else None)
    page.goto(server.url + path, wait_until="commit")
    page.get_by_text(ready).first.wait_for(timeout=60_000)
    if then:
        then(page)
    page.wait_for_timeout(1000)  # let any image start loading
    for tag, attribute in (("a", "href"), ("img", "src")):
        for url in page.eval_on_selector_all(tag, f"els => els.map(e => e.{attribute})"):
            if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != origin:
                foreign.append(f"<{tag}> {url}")
    context.close()
    return foreign


def hostile_rules_link() -> str:
    """A rules= token whose rule that moves militia attacks most carries the payload."""
    from dashboard.model import DEFAULT_SCENARIO, shipped_rules, simulate
    from dashboard.model.custom_rules import encode
    from dashboard.model.explain import rule_shares

    top = rule_shares(simulate(DEFAULT_SCENARIO), "proxy_attacks", 12)[0].rule
    rule = next(r for r in shipped_rules().records() if r["id"] == top)
    rule = {k: v for k, v in rule.items() if k != "when_text"} | {"title": RULE_TEXT, "rationale": RULE_TEXT}
    return encode({"replace": {top: rule}})


SHORT_NAME = "![](http://127.0.0.1:9/n.gif)"  # within the 40 characters a message echoes
NAME = f"{quote(PARAM_NAME)}=1&{quote(SHORT_NAME)}"


def test_hostile_texts_on_the_dashboard_a_parameter_name_and_a_rule_from_a_link(setting):
    def open_the_rule(page):
        page.locator("[data-testid=stExpander] summary").filter(has_text="Sign in").first.click()
        page.get_by_text("Why:").first.wait_for(timeout=20_000)  # the rule's rationale, shown

    assert visit(setting, f"/?{NAME}=1&tab=Why&rules={hostile_rules_link()}", HEADING, open_the_rule) == []


def test_a_hostile_parameter_name_on_the_seminar_page(setting):
    assert visit(setting, f"/seminar?{NAME}=1", "Some settings in this link") == []


def test_a_hostile_room_title_and_group_name_for_the_student_and_the_instructor(setting):
    from dashboard.rooms import RoomStore

    server, _ = setting
    store = RoomStore(server.env["DATABASE_URL"])
    room, key = store.create_room(ROOM_TITLE)
    store.engine.dispose()

    def submit_as_group(page):
        page.get_by_text("Some settings in this link").wait_for(timeout=20_000)
        page.get_by_label("Group name (optional)", exact=True).fill(GROUP)
        page.get_by_label("Group name (optional)", exact=True).press("Enter")
        page.get_by_role("button", name="Submit to the room").click()
        page.get_by_text("Submitted at").wait_for(timeout=30_000)

    assert visit(setting, f"/room?room={room.code}&{NAME}=1", "Sign in", submit_as_group) == []
    assert visit(setting, f"/room?room={room.code}&key={key}", "Join with code") == []


def test_the_pages_work_under_the_deployments_content_security_policy(setting):
    """deploy/nginx.conf's headers, added here to every response: the dashboard with its maps
    and charts and a room with its QR code still render, and the browser reports no violation."""
    from tests.test_deploy import SECURITY_HEADERS, nginx_headers

    server, browser = setting
    added = {name.lower(): values[0] for name, values in nginx_headers().items() if name in SECURITY_HEADERS}

    def with_headers(route):
        # The policy a page runs under comes with its document; scripts, styles and images are
        # left alone (fetching every one through the test's route reset connections under load).
        if route.request.resource_type != "document":
            route.continue_()
            return
        response = route.fetch()  # its body comes decoded: its encoding and length no longer hold
        kept = {k: v for k, v in response.headers.items() if k not in ("content-encoding", "content-length")}
        route.fulfill(response=response, headers={**kept, **added})

    # A page whose responses the test wrote counts as public for Chrome, which then blocks its
    # websocket to 127.0.0.1 ("local network access"): that check is off for this browser.
    rewritten = browser.browser_type.launch(executable_path=CHROMIUM, args=[
        *CHROMIUM_ARGS, "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests"])
    context = rewritten.new_context(viewport={"width": 1400, "height": 1000})
    context.route("**/*", with_headers)
    page = context.new_page()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(server.url + "/?tab=Map", wait_until="commit")
    page.locator('[data-testid="stMetricValue"]').nth(9).wait_for(timeout=60_000)
    page.locator(".vega-embed canvas, .vega-embed svg").first.wait_for(timeout=60_000)
    page.goto(server.url + "/room", wait_until="commit")
    page.get_by_label("Title", exact=True).fill("Under the policy")
    page.get_by_role("button", name="Open a room").click()
    qr_code = page.locator('[data-testid="stImage"] img').first  # the join link's QR code, from /media
    qr_code.wait_for(timeout=30_000)
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr_code.element_handle(), timeout=10_000)
    rewritten.close()
    assert violations == []
