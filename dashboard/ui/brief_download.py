"""The Share menu's brief: this view as a one-page PDF or as Markdown, built on click.

The page only gathers what the brief depends on; ``dashboard.brief`` builds it, in its own
worker process (dashboard/brief/worker.py), so a brief never holds up another session's rerun.
"""

from __future__ import annotations

import streamlit as st

from dashboard.brief.build import Request
from dashboard.brief.content import Bands
from dashboard.brief.worker import build_elsewhere, warm
from dashboard.model import Scenario, shipped_rules
from dashboard.model.baselines import BASELINES
from dashboard.model.ensemble import ensemble

BANDS_RUN = "brief_bands_run"  # (scenario, draws, seed) of the Uncertainty tab's last run in this session
PAPERS = {"a4": "A4", "letter": "US Letter"}


def remember_bands(scenario: Scenario) -> None:
    """Called after the Uncertainty tab is drawn: the brief of this scenario then shows its bands."""
    draws, seed = st.session_state.get("draws"), st.session_state.get("seed")
    if draws is not None and seed is not None:
        st.session_state[BANDS_RUN] = (scenario, int(draws), int(seed))


def _bands(scenario: Scenario, book) -> tuple[int, int] | None:
    """The draws and seed of the bands to show: only where the Uncertainty tab ran for these
    options, and with the shipped rules (whose draws are cached, so the brief costs nothing more)."""
    run = st.session_state.get(BANDS_RUN)
    if run is None or run[0] != scenario or book is not shipped_rules():
        return None
    return run[1], run[2]


def buttons(scenario: Scenario, book, link: str, version: str) -> None:
    """A paper size and two downloads; nothing is built until one is clicked."""
    if st.runtime.exists():  # a server (not AppTest, where downloads are not built)
        warm()  # the menu is open: start the worker now, so the first brief does not wait for it
    month = min(int(st.session_state.get("month") or scenario.months), scenario.months)
    baseline = st.session_state.get("baseline") or next(iter(BASELINES))
    drawn = _bands(scenario, book)
    custom = None if book is shipped_rules() else book
    paper = st.segmented_control("Paper size of the brief", list(PAPERS), format_func=PAPERS.get, default="a4",
                                 key="brief_paper") or "a4"

    def make(form: str):
        def on_click() -> bytes | str:  # runs in a server thread when the button is clicked
            bands = None if drawn is None else Bands.of(ensemble(scenario, *drawn))  # cached: the tab ran it
            return build_elsewhere(Request(scenario, link, month, baseline, paper, form, custom, bands,
                                           version=version))
        return on_click

    st.download_button("Download a one-page brief (PDF)", make("pdf"), "brief.pdf", mime="application/pdf",
                       key="download_brief", width="stretch", icon=":material/picture_as_pdf:",
                       help="This view on one page to attach to a memo: the options, the sentence, the headline "
                            "figures, the charts, the rules that matter, the link and its QR code.")
    st.download_button("Brief as Markdown", make("md"), "brief.md", mime="text/markdown", key="download_brief_md",
                       width="stretch", help="The same brief as text, to paste into a document or an email.")
