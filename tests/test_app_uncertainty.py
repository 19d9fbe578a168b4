"""The Uncertainty and Sweep tabs under AppTest: the page shows what the ensemble computes."""

from __future__ import annotations


import pytest

from dashboard.model import INDICATORS, RESPONSES, Scenario
from dashboard.model.ensemble import ensemble
from tests.app_support import open_app

def test_draws_and_seed_come_from_the_link_and_set_the_bands():
    at = open_app(tab="Uncertainty", draws="300", seed="5", strikes_iraq="repeated", month="6")
    assert at.number_input(key="draws").value == 300 and at.number_input(key="seed").value == 5
    table = at.dataframe[0].value
    bands = ensemble(Scenario(strikes_iraq="repeated"), 300, 5).bands()
    i = INDICATORS.index("iraqi_backlash")
    row = table.iloc[RESPONSES.index("iraqi_backlash")]
    assert row["p50"] == pytest.approx(round(float(bands[6, i, 1]), 1))
    assert row["p10"] <= row["p50"] <= row["p90"]
    assert any("300 draws, seed 5" in c.value for c in at.caption)


def test_plain_language_share_of_draws():
    at = open_app(tab="Uncertainty", draws="200", seed="2", strikes_iran="sustained", risk_at="40", month="9")
    runs = ensemble(Scenario(strikes_iran="sustained"), 200, 2)
    share = runs.share_above("escalation_risk", 40, 9)
    assert any(f"In {round(share * 10)} of 10 draws** escalation risk passes 40 by month 9" in m.value for m in at.markdown)


def test_fan_chart_and_tornado_are_drawn():
    at = open_app(tab="Uncertainty", draws="100")
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2  # bands over time, tornado


def test_sweep_tab_draws_the_heatmap_and_names_the_best_cell():
    at = open_app(tab="Sweep", sweep_x="strikes_syria", sweep_y="response_doctrine", sweep_of="proxy_attacks")
    assert at.selectbox(key="sweep_x").value == "strikes_syria"
    assert any("Lowest: **strikes_syria=" in m.value for m in at.markdown)
    assert len(at.get("vega_lite_chart")) == 1


def test_same_levers_chosen_twice_is_refused_politely():
    at = open_app(tab="Sweep", sweep_x="jcpoa", sweep_y="jcpoa")
    assert any("two different levers" in w.value for w in at.warning)
