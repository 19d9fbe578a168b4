"""Browser speed (issue #13): the dashboard against the bare app, in Chromium, in one run.

Both apps are served at once (`streamlit run`) and driven alternately, one move of the
Sanctions slider (keyboard) at a time. Timings are taken inside the page, from the keydown
to the next animation frame after the change (the frame that paints it):

- slider -> first metric updated: the first headline card's text changes;
- slider -> trajectory chart redrawn (dashboard only): the first chart of the page (the
  responses over time) first shows its final picture; a canvas (a small copy) is read after each draw,
  an SVG after each change of its DOM, and the time is that of the first draw whose
  picture equals the one the chart settles on (no draw for 0.6 s);
- warm first visit: a fresh browser context opening a server that has served a visit,
  from the request to the first figure on screen (as bench/bench_first_visit.py).

Each figure is printed with its ratio to the bare app's (the chart's against the bare app's
slider -> metric). Targets: metric <= 1.5x, chart <= 2x, warm first visit <= 1.5x.

Run from the repository root: python bench/bench_browser.py [--moves 36] [--visits 9]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving import APPS, METRIC, VIEWPORT, launch, median_p90, start, stop, visit

SANCTIONS = '[data-testid="stSlider"]:has-text("Sanctions") input[type="range"]'
SETTLED_MS = 600  # the chart is final when it has not been drawn for this long

# Installed before the page's own scripts. Records the keydown, the first metric's change and
# every draw of the page's first Vega chart (with a hash of its picture), each at the next frame.
PROBE = """
(() => {
  const B = window.__bench = {armed: false, t0: null, metricAt: null, draws: [], last: 0};
  const chart = () => document.querySelector('[data-testid=stMain] [data-testid=stVegaLiteChart]');
  const fnv = (h, x) => Math.imul(h ^ x, 16777619);
  function picture() {
    const el = chart();
    if (!el) return null;
    const canvas = el.querySelector('canvas');
    if (canvas && canvas.width && canvas.height) {
      // A 320 x 240 copy, not the chart's own pixels: reading a full canvas took ~8 ms a draw,
      // inside the frame being measured (and only the dashboard has a chart).
      const thumb = B.thumb || (B.thumb = Object.assign(document.createElement('canvas'), {width: 320, height: 240}));
      const context = thumb.getContext('2d', {willReadFrequently: true});
      context.clearRect(0, 0, 320, 240);
      context.drawImage(canvas, 0, 0, 320, 240);
      const pixels = new Uint32Array(context.getImageData(0, 0, 320, 240).data.buffer);
      let h = 2166136261;
      for (let i = 0; i < pixels.length; i++) h = fnv(h, pixels[i]);
      return 'canvas:' + (h >>> 0);
    }
    const svg = el.querySelector('svg');
    if (!svg) return null;
    let text = svg.textContent;  // the texts and every path's geometry: cheaper than the markup
    for (const path of svg.querySelectorAll('path')) text += (path.getAttribute('d') || '') + (path.getAttribute('transform') || '');
    let h = 2166136261;
    for (let i = 0; i < text.length; i++) h = fnv(h, text.charCodeAt(i));
    return 'svg:' + (h >>> 0) + ':' + text.length;
  }
  B.picture = picture;
  let pending = false;
  function drawn() {  // after a draw: hash the picture now, stamp it at the frame that paints it
    if (!B.armed || pending) return;
    pending = true;
    queueMicrotask(() => {
      pending = false;
      const h = picture();
      requestAnimationFrame(() => { const t = performance.now(); B.draws.push({t, h}); B.last = t; });
    });
  }
  const clearRect = CanvasRenderingContext2D.prototype.clearRect;  // Vega's canvas renderer clears first
  CanvasRenderingContext2D.prototype.clearRect = function (...args) {
    const el = chart();
    if (B.armed && el && el.contains(this.canvas)) drawn();
    return clearRect.apply(this, args);
  };
  // The first card's text: watched through the page's tree (no attributes), read with
  // textContent (innerText would lay the page out on every change).
  const metricText = () => { const m = document.querySelector('[data-testid=stMetricValue]'); return m ? m.textContent.trim() : null; };
  let watched = null;
  const chartObserver = new MutationObserver(() => { if (B.armed) drawn(); });  // an SVG's marks changed
  function watchChart() {
    const el = chart();
    if (el === watched) return false;
    chartObserver.disconnect();
    if (el) chartObserver.observe(el, {subtree: true, childList: true, attributes: true});
    watched = el;
    return true;
  }
  const pageObserver = new MutationObserver(() => {
    if (!B.armed) return;
    if (B.metricAt === null && metricText() !== B.old) {
      B.metricAt = -1;
      requestAnimationFrame(() => { B.metricAt = performance.now(); });
    }
    if (watchChart() && watched) drawn();  // the chart element itself was replaced
  });
  document.addEventListener('keydown', () => { if (B.armed && B.t0 === null) B.t0 = performance.now(); }, true);
  B.arm = () => {
    pageObserver.disconnect();
    pageObserver.observe(document.body, {subtree: true, childList: true, characterData: true});
    watched = null;
    watchChart();
    Object.assign(B, {armed: true, t0: null, metricAt: null, draws: [], last: performance.now(),
                      old: metricText(), before: picture()});
  };
  B.result = () => {
    B.armed = false;
    pageObserver.disconnect();
    chartObserver.disconnect();
    const final = picture();
    const first = B.draws.find(d => d.h === final);
    return {metric: B.metricAt - B.t0, chart: final !== null && final !== B.before && first ? first.t - B.t0 : null,
            draws: B.draws.length, kind: final && final.split(':')[0]};
  };
})();
"""


class Driver:
    """One app in one browser page, its Sanctions slider moved with the keyboard."""

    def __init__(self, browser, name: str, url: str, has_chart: bool) -> None:
        self.name, self.has_chart = name, has_chart
        self.context = browser.new_context(viewport=VIEWPORT)
        self.context.add_init_script(PROBE)
        self.page = self.context.new_page()
        self.page.goto(url, wait_until="commit")
        self.page.wait_for_selector(METRIC, timeout=90_000)
        if has_chart:
            self.page.wait_for_selector(".vega-embed canvas, .vega-embed svg", timeout=90_000)
        self.page.wait_for_timeout(1500)  # the page settles (charts sized, scripts idle)
        self.slider = self.page.locator(SANCTIONS)
        self.metric, self.chart, self.renderer = [], [], None

    def move(self, key: str) -> None:
        self.slider.focus()
        self.page.evaluate("window.__bench.arm()")
        self.slider.press(key)
        self.page.wait_for_function("window.__bench.metricAt > 0", timeout=30_000, polling=50)
        if self.has_chart:  # until the chart has changed and then stayed unchanged for SETTLED_MS
            self.page.wait_for_function(
                f"(() => {{ const B = window.__bench; return B.draws.length > 0 && performance.now() - B.last > {SETTLED_MS}"
                " && B.draws[B.draws.length - 1].h !== B.before; })()", timeout=30_000, polling=100)
        else:
            self.page.wait_for_timeout(SETTLED_MS)
        result = self.page.evaluate("window.__bench.result()")
        self.metric.append(result["metric"])
        if self.has_chart:
            if result["chart"] is None:
                raise RuntimeError(f"{self.name}: the chart did not change after a move ({json.dumps(result)})")
            self.chart.append(result["chart"])
            self.renderer = result["kind"]

    def close(self) -> None:
        self.context.close()


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--moves", type=int, default=36, help="slider moves per app (default 36)")
    parser.add_argument("--visits", type=int, default=9, help="warm first visits per app (default 9)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    servers = {name: start(script) for name, script in APPS.items()}
    try:
        with sync_playwright() as p:
            browser = launch(p)
            for _, url in servers.values():  # each server's first (cold) visit, not measured
                visit(browser, url, time.perf_counter())
            drivers = {name: Driver(browser, name, url, has_chart=name == "dashboard")
                       for name, (_, url) in servers.items()}
            for i in range(args.moves):  # maximum -> lifted and back, alternating the apps
                key = "ArrowLeft" if (i // 4) % 2 == 0 else "ArrowRight"
                order = list(drivers.values()) if i % 2 == 0 else list(drivers.values())[::-1]
                for driver in order:
                    driver.move(key)
                    time.sleep(0.2)
            for driver in drivers.values():
                driver.close()
            visits: dict[str, list[float]] = {name: [] for name in servers}
            for i in range(args.visits):
                for name in (list(servers) if i % 2 == 0 else list(servers)[::-1]):
                    visits[name].append(1000 * visit(browser, servers[name][1], time.perf_counter())[1])
            browser.close()
    finally:
        for process, _ in servers.values():
            stop(process)

    dash, bare = drivers["dashboard"], drivers["bare app"]
    (dm, dm90), (bm, bm90) = median_p90(dash.metric), median_p90(bare.metric)
    (dc, dc90) = median_p90(dash.chart)
    (dv, dv90), (bv, bv90) = median_p90(visits["dashboard"]), median_p90(visits["bare app"])
    print(f"Browser speed, dashboard against the bare app, {args.moves} Sanctions moves each and {args.visits} warm first "
          f"visits each, alternating, Chromium {VIEWPORT['width']}x{VIEWPORT['height']} (chart drawn as {dash.renderer}):")
    print(f"  slider -> first metric updated: median {dm:.0f} ms (p90 {dm90:.0f}), bare app {bm:.0f} ms (p90 {bm90:.0f}): "
          f"{ratio(dm, bm)} (target <= 1.5x)")
    print(f"  slider -> trajectory chart redrawn: median {dc:.0f} ms (p90 {dc90:.0f}), against the bare app's slider -> "
          f"metric {bm:.0f} ms: {ratio(dc, bm)} (target <= 2x)")
    print(f"  warm first visit -> first metric: median {dv:.0f} ms (p90 {dv90:.0f}), bare app {bv:.0f} ms (p90 {bv90:.0f}): "
          f"{ratio(dv, bv)} (target <= 1.5x)")
    # The load of a shared machine drifts during a run; the moves of the two apps taken side by
    # side (move i of each, a second apart) cancel most of it.
    paired = [d / b for d, b in zip(dash.metric, bare.metric, strict=True)]
    paired_chart = [d / b for d, b in zip(dash.chart, bare.metric, strict=True)]
    print(f"  paired, move by move (median of the ratios): metric {statistics.median(paired):.2f}x, "
          f"chart {statistics.median(paired_chart):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
