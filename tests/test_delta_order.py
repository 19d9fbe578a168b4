"""Which is drawn first, the results or the levers (issue #13).

Streamlit's browser shows the messages it receives in 10-ms batches, so what is drawn first
is painted first. On each run after a session's first, every lever widget already holds its
value in the session state: the dashboard reads the scenario from there
(`sidebar.levers_in_state`) and draws the results before the sidebar. The first run, and the
run after "Reset", draw the levers first. These tests record the order through the two
drawing functions and check the cards against the model either way.
"""

from __future__ import annotations

import pytest

from dashboard.model import Scenario
from dashboard.ui import app as page
from dashboard.ui import sidebar
from tests.app_support import expected, open_app, shown


@pytest.fixture
def order(monkeypatch) -> list[str]:
    """The names of the drawing steps of each run, in the order they ran."""
    steps: list[str] = []
    draw_levers, draw_results = sidebar.render_levers, page.results

    def levers():
        steps.append("levers")
        return draw_levers()

    def results(scenario):
        steps.append("results")
        return draw_results(scenario)

    monkeypatch.setattr(page, "render_levers", levers)
    monkeypatch.setattr(page, "results", results)
    return steps


def test_the_first_run_draws_the_levers_first_then_the_results_come_first(order):
    at = open_app()
    assert order == ["levers", "results"]
    order.clear()
    at.sidebar.select_slider(key="sanctions").set_value("lifted")
    at.run()
    assert order == ["results", "levers"], "a run after the first should send the cards before the sidebar"
    assert shown(at) == pytest.approx(expected(Scenario(sanctions="lifted")), abs=0.051)
    assert at.sidebar.select_slider(key="sanctions").value == "lifted"


def test_after_a_reset_the_levers_come_first_and_the_figures_follow_them(order):
    at = open_app(sanctions="lifted")
    assert shown(at) == pytest.approx(expected(Scenario(sanctions="lifted")), abs=0.051)
    order.clear()
    at.sidebar.button(key="reset").click()
    at.run()
    assert order == ["levers", "results"]  # the reset emptied the levers' session state
    assert shown(at) == pytest.approx(expected(Scenario()), abs=0.051)
    order.clear()
    at.sidebar.toggle(key="direct_talks").set_value(True)
    at.run()
    assert order == ["results", "levers"]  # the widgets hold their values again
    assert shown(at) == pytest.approx(expected(Scenario(direct_talks=True)), abs=0.051)
