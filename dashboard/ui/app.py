"""The dashboard page: levers in the sidebar, the model's answer in the main area.

The page holds no model logic: it reads the widgets, calls the model and the chart
functions, and draws what they return. Every setting lives in the address bar.
"""

from __future__ import annotations

import html

import streamlit as st

from dashboard.charts.trajectories import approx
from dashboard.model import DEFAULT_SCENARIO, RESPONSES, Scenario, shipped_parameters
from dashboard.model.baselines import BASELINES, IN_A_SENTENCE, baseline_for
from dashboard.model.explain import exchanges, in_a_sentence
from dashboard.model.links import share_query, whole_number
from dashboard.model.observed import load_series
from dashboard.model.registry import rise_is_good
from dashboard.model.scenario import MONTHS_MAX, MONTHS_MIN
from dashboard.ui import address, brief_download, link_params, notices, panels, rules_session, uncertainty, version_link
from dashboard.ui.content import labels, run_model
from dashboard.ui.failsafe import guarded
from dashboard.ui.sidebar import levers_in_state, render_levers

TABS = link_params.TABS
DEFAULT_MONTH = link_params.BY_NAME["month"].default
DEFAULT_BASELINE = link_params.BY_NAME["baseline"].default
# A bordered box in one element (a bordered container and its text would be two, and every
# element is sent on every rerun); the colours follow the light and dark themes.
SENTENCE_BOX = ("border: 1px solid rgba(128, 128, 128, 0.3); border-radius: 0.5rem; padding: 0.9rem 1rem; "
                "margin-bottom: 0.5rem; line-height: 1.6")

# Static CSS (no user text). The headline cards wrap: a fifth of the row each, but never
# narrower than a value, its label and its unit line need (two to a row on a 390 px phone);
# labels and the unit line (the delta's description, under the change) wrap, not cut off.
LAYOUT_CSS = """<style>
.st-key-headline { align-items: stretch; }
.st-key-headline > div { flex: 1 1 calc(20% - 1rem); min-width: 9.5rem; }
.st-key-headline [data-testid=stMetric] { height: 100%; }
.st-key-headline div:has(> [data-testid=stMetricDelta]) { flex-wrap: wrap; row-gap: 0.25rem; }
.st-key-headline [data-testid=stMetricDelta] + div { flex: 1 1 100%; margin-left: 0; }
.st-key-headline [data-testid=stMetricLabel] :is(.stMarkdownEllipsis, p),
.st-key-headline [data-testid=stMetricDelta] + div :is(.stMarkdownEllipsis, p) { white-space: normal; overflow: visible; }
[data-testid=stFileUploaderDropzoneInstructions] small { display: none; }
.st-key-tab [role=radio][aria-checked=true] :is(p, span, div) { color: #a32532; }
</style>"""
# The file-uploader rule hides the uploaders' own "Limit 1MB per file" line: Streamlit counts in
# whole megabytes, the app's limits are 20 kB (scenarios) and 256 kB (rules), and each label says
# so. The last rule darkens the open tab's name: the theme's red on its tint is 3.8:1, below
# WCAG AA's 4.5:1 (this red is 5.4:1 on the tint).


def page_choices(months: int) -> dict:
    """The page's own link parameters and their allowed values (levers are checked apart)."""
    return link_params.page_choices(months)


def article_citation() -> str:
    """The seed article as data/sources.yaml cites it, without the repository path."""
    from dashboard.ui.content import sources

    return sources()["article"]["cite"].split(";")[0].replace("The seed", "the seed").replace("US-Iran", "US–Iran")


def horizon_in_link() -> int:
    months = whole_number(st.query_params.get("months", ""))
    return months if months is not None and MONTHS_MIN <= months <= MONTHS_MAX else DEFAULT_SCENARIO.months


def run() -> None:
    """The app: the dashboard, seminar mode (``/seminar``), the history replay (``/history``) and
    classroom rooms (``/room``)."""
    from dashboard.ui import memory, seminar

    memory.start_trimming()
    st.set_page_config(page_title="US–Iran policy options", page_icon="🧭", layout="wide")
    st.navigation([
        st.Page(guarded(main), title="Dashboard", icon=":material/dashboard:", default=True),
        st.Page(guarded(seminar.main), title="Seminar", icon=":material/school:", url_path="seminar"),
        st.Page(guarded(history_main), title="History", icon=":material/history:", url_path="history"),
        st.Page(guarded(rooms_main), title="Room", icon=":material/groups:", url_path="room"),
    ], position="top").run()


def history_main() -> None:
    from dashboard.ui import history_page  # imported on first use: a cold start draws the dashboard sooner

    history_page.main()


def rooms_main() -> None:
    from dashboard.ui import rooms  # SQLAlchemy and the store: ~0.5 s of a cold start, for the Room page only

    rooms.main()


def main() -> None:
    """The dashboard page."""
    address.check_once("dashboard", page_choices(horizon_in_link()), with_levers=True)
    # Once every lever widget holds its value in the session state (each run after the first),
    # the results are drawn before the sidebar: the browser shows the messages in 10-ms batches
    # as they arrive, and the cards then come before the sidebar's two or three batches of
    # widgets (bench/bench_browser.py, docs/benchmarks.md).
    known = levers_in_state()
    scenario = known if known is not None else render_levers()

    st.html(LAYOUT_CSS)
    st.title("US–Iran policy options")
    st.caption(f"**A model of one argument, not a forecast.** It encodes {article_citation()}, paragraph by "
               "paragraph (the paragraphs are quoted in the **Why** tab). Move the US options in the sidebar (**»** "
               "at the top left on a phone); the model shows how Iran, its partners and the region respond, month "
               "by month. Each card is an index from 0 to 100 (100 = the most of it the model allows), with the real "
               "unit beside it where one is fitted; every number comes from a rule you can read in the **Rules** tab.")
    results(scenario)
    if known is not None and render_levers() != known:  # not expected: draw again with the widgets' values
        st.rerun()


@st.fragment
@guarded
def results(scenario: Scenario) -> None:
    """Everything below the title. A fragment: moving the month or the baseline, opening a
    tab or using a tab's own controls reruns this part only, not the sidebar's levers."""
    address.show_problems("dashboard")
    version_link.notice()
    rules_session.banner()

    # One horizontal container, not columns: every block is a message on every rerun.
    controls = st.container(horizontal=True, vertical_alignment="bottom", gap="medium")
    if st.session_state.get("month", 0) > scenario.months:  # the horizon shrank under the marker
        st.session_state["month"] = scenario.months
    if scenario.months > 1:
        month = controls.slider("Month shown", 1, scenario.months, value=min(DEFAULT_MONTH, scenario.months),
                                key="month", bind="query-params", width="stretch",
                                help="The month the headline figures, map and 'why' panel read; the marker on the charts.")
    else:  # a slider from 1 to 1 is refused by Streamlit
        month = 1
        controls.caption("Month shown: 1 (the run lasts one month)")
    address.read("baseline", list(BASELINES))
    baseline_kind = controls.radio("Compare with", list(BASELINES), format_func=BASELINES.get, key="baseline",
                                   horizontal=True, width="content",
                                   help="The baseline keeps your lens and horizon; only the options differ.")
    address.write("baseline", baseline_kind, DEFAULT_BASELINE)

    book = version_link.book_in_use()
    result = run_model(scenario, book)
    baseline = run_model(baseline_for(scenario, baseline_kind), book)
    # Filled last (it reads every setting), and only while open.
    share = controls.popover("Share", icon=":material/link:", key="share_open", on_change="rerun")

    sentence = html.escape(in_a_sentence(result, baseline, month, IN_A_SENTENCE[baseline_kind]), quote=False)
    st.markdown(f'<div style="{SENTENCE_BOX}"><b>In a sentence.</b> {sentence}</div>', unsafe_allow_html=True)
    notices.contradictions(scenario)

    headline(result, baseline, month)

    # Only the open tab is computed.
    names = labels()
    draw = {
        "Over time": lambda: panels.responses_over_time(result, baseline, month, names),
        "Escalation": lambda: panels.escalation(result, baseline, month, exchanges(result), names),
        "Map": lambda: panels.regional(result, month),
        "Why": lambda: panels.why(result, month, names, book),
        "Uncertainty": lambda: uncertainty.uncertainty(scenario, baseline.scenario, IN_A_SENTENCE[baseline_kind],
                                                       month, book),
        "Sweep": lambda: uncertainty.lever_sweep(scenario, month, book),
        "Compare": lambda: panels.compare(scenario, month, names, book),
        "Rules": lambda: panels.rules_table(book),
        "About": panels.about,
    }
    # The tabs are one control bound to the link (tab=), with the chosen tab drawn below it.
    # st.tabs cost the browser about a third of each lever move's page update (its tab bar and
    # nine panels are drawn again with every update; bench/bench_browser.py, docs/benchmarks.md).
    name = st.segmented_control("Section", TABS, default=TABS[0], required=True, key="tab", bind="query-params",
                                label_visibility="collapsed") or TABS[0]
    draw[name]()
    if name == "Uncertainty":
        brief_download.remember_bands(scenario)
    if share.open:
        with share:
            share_panel(scenario, book)
    rules_session.keep_link_in_step()


def share_panel(scenario, book) -> None:
    """The link to this exact view, and the results as a file."""
    page_state = {k: st.session_state[k] for k in link_params.widget_names() if st.session_state.get(k) is not None}
    query = share_query(scenario, page_state, link_params.defaults())
    if rules_session.is_custom():
        query = "&".join(filter(None, [query, f"{link_params.RULES_TOKEN}={rules_session.link_token()}"]))
    # Every link says which rules made its figures, so it can warn (and reopen) after a change.
    query = "&".join(filter(None, [query, f"{link_params.VERSION}={version_link.version_in_use(book)}"]))
    base = (st.context.url or "").split("?")[0]
    st.markdown("**Share this exact view.** Copy the link below (select it, or use the copy button that appears "
                "at its right when you point at it or tap it); opening it shows the same options, lens, month, "
                "baseline and tab, and it names the rules version, so anyone opening it after the rules change is told.")
    st.code(f"{base}?{query}" if query else base, language=None, wrap_lines=True)
    st.download_button("Download results (CSV)", lambda: panels.results_csv_for_people(scenario, book), "results.csv",
                       mime="text/csv", key="download_results", width="stretch",
                       help="Every indicator by month for these options, headed in words.")
    st.download_button("Download results for scripts (CSV)", lambda: panels.results_csv(scenario, book),
                       "results_machine.csv", mime="text/csv", key="download_results_machine", width="stretch",
                       help="The same numbers headed by the contract names that scenario files and the CLI use.")
    brief_download.buttons(scenario, book, f"{base}?{query}" if query else base, version_link.version_in_use(book))


def headline(result, baseline, month: int) -> None:
    """One card per response: its value at the chosen month, what the number is (the index, and
    the real unit where one exists), and the change against the baseline. The cards wrap: five
    to a row on a desktop, two on a phone (LAYOUT_CSS)."""
    indicators = shipped_parameters().indicators
    now, then = result.at(month), baseline.at(month)
    cards = st.container(horizontal=True, wrap=True, key="headline", gap="small")
    for name in RESPONSES:
        words = approx(result, name)[month]  # the real unit at this month, "" where none is fitted
        change = now[name] - then[name]
        flat = abs(change) < 0.05  # shown as 0.0: no arrow, no colour
        cards.metric(
            indicators[name].short, f"{now[name]:.1f}", delta=f"{0:.1f}" if flat else f"{change:+.1f}",
            delta_color="off" if flat else "normal" if rise_is_good(name) else "inverse",
            delta_arrow="off" if flat else "auto", delta_description=what_it_is(words),
            border=True,
            help=f"**{indicators[name].label}** at month {month}, against the baseline. "
                 f"Index 0–100: {indicators[name].meaning}.{units_help(result, name, words)}",
        )


def what_it_is(words: str) -> str:
    """A card's small line: the index, and the real unit (``words``) where one exists."""
    return f"Index 0–100 · {words.removesuffix(' (month 0)')}" if words else "Index 0–100"


def units_help(result, name: str, words: str) -> str:
    link = shipped_parameters().indicators[name].link(result.scenario.lens)
    return f" In real units {words} (fitted to {series_label(link.series)}: {link.describe()})." if words else ""


def series_label(file: str) -> str:
    """An observed series in words (its label in data/observed/series.yaml)."""
    return next((s.label for s in load_series() if s.file == file), "the public record")
