"""The page's wiring, under AppTest: what it shows equals a direct call of the model."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest
import yaml

from dashboard.model import RESPONSES, Scenario, shipped_rules, simulate
from dashboard.model.baselines import baseline_for
from dashboard.model.explain import in_a_sentence, rule_shares
from dashboard.model.history import load_episodes
from dashboard.model.labels import response_label
from tests.app_support import SHORT, failures, open_app, shown

CLAIMS = yaml.safe_load((Path(__file__).parent / "claims.yaml").read_text())["cases"]


@pytest.fixture
def app():
    return open_app()


def set_levers(at, levers: dict) -> None:
    for lever, value in levers.items():
        if isinstance(value, bool):
            at.sidebar.toggle(key=lever).set_value(value)
        elif lever == "lens":
            at.sidebar.radio(key=lever).set_value(value)
        else:
            at.sidebar.select_slider(key=lever).set_value(value)
    at.run()
    assert not at.exception


def test_default_page_shows_the_model_for_the_status_quo(app):
    expected = simulate(Scenario()).at(12)
    assert shown(app) == {name: round(expected[name], 1) for name in RESPONSES}
    assert len(app.metric) == len(RESPONSES)
    base = simulate(baseline_for(Scenario(), "no_new_action"))
    sentence = in_a_sentence(simulate(Scenario()), base, 12, "no new US action")
    assert any(sentence in m.value for m in app.markdown)


def test_responses_chart_carries_both_runs(app):
    chart = app.get("vega_lite_chart")[0].proto
    arrow = chart.data.data if chart.HasField("data") else chart.datasets[0].data.data
    data = pa.ipc.open_stream(arrow).read_pandas()
    assert set(data["run"]) == {"your options", "baseline"}
    chosen = data[(data.run == "your options") & (data.indicator == "proxy_attacks")].sort_values("month")
    # Sent as 32-bit floats of the values rounded to 2 decimals (the chart shows one).
    expected = [round(r["proxy_attacks"], 2) for r in simulate(Scenario()).monthly]
    assert list(chosen["value"]) == pytest.approx(expected, abs=1e-4)
    assert data[data.shown]["month"].unique().tolist() == [12]


@pytest.mark.parametrize("case", [c for c in CLAIMS if "compared_with" not in c], ids=lambda c: c["name"][:60])
def test_each_lever_moves_the_figures_the_way_the_rules_claim(app, case):
    set_levers(app, {"lens": case["lens"]})
    app.slider(key="month").set_value(case["month"]).run()
    before = shown(app)
    set_levers(app, case["change"])
    after = shown(app)
    for indicator, direction in case["expect"].items():
        diff = after[indicator] - before[indicator]
        assert diff > 0.4 if direction == "up" else diff < -0.4, f"{indicator}: {before[indicator]} -> {after[indicator]}"


def test_deltas_follow_the_chosen_baseline(app):
    set_levers(app, {"sanctions": "lifted"})
    deltas = {m.label: float(m.delta) for m in app.metric}
    scenario = Scenario(sanctions="lifted")
    for kind in ("no_new_action", "status_quo"):
        app.radio(key="baseline").set_value(kind).run()
        deltas = {m.label: float(m.delta) for m in app.metric}
        now, then = simulate(scenario).at(12), simulate(baseline_for(scenario, kind)).at(12)
        for name in RESPONSES:
            assert deltas[SHORT[name]] == pytest.approx(round(now[name] - then[name], 1), abs=0.051)


def test_reset_restores_the_status_quo(app):
    default = shown(app)
    set_levers(app, {"strikes_iran": "sustained", "direct_talks": True})
    assert shown(app) != default
    app.sidebar.button(key="reset").click().run()
    assert shown(app) == default
    assert app.sidebar.select_slider(key="strikes_iran").value == "none"


def test_month_marker_follows_a_shorter_horizon(app):
    app.slider(key="month").set_value(20).run()
    app.sidebar.slider(key="months").set_value(6).run()
    assert not app.exception
    assert app.slider(key="month").value == 6
    assert shown(app) == {name: round(simulate(Scenario(months=6)).at(6)[name], 1) for name in RESPONSES}


def open_tab(at, name: str) -> None:
    at.session_state["tab"] = name
    at.run()
    assert not at.exception


def test_why_panel_lists_the_rules_that_moved_the_response(app):
    open_tab(app, "Why")
    app.selectbox(key="why").set_value("iraqi_backlash").run()
    set_levers(app, {"strikes_iraq": "repeated"})
    titles = [e.label for e in app.main.get("expander")]
    shares = rule_shares(simulate(Scenario(strikes_iraq="repeated")), "iraqi_backlash", 12)
    rules = shipped_rules().by_id()
    top = shares[0] if shares[0].rule in rules else shares[1]
    assert any(rules[top.rule].title in t for t in titles)
    assert any(rules["iraq_strikes_inflame_iraqi_politics"].title in t for t in titles)
    assert len(titles) == len(shares)


def rules_listing(at):
    return next(d.value for d in at.dataframe if "id" in d.value.columns)


def test_rules_table_lists_every_rule_and_filters(app):
    open_tab(app, "Rules")
    table = rules_listing(app)
    assert sorted(table["id"]) == sorted(r.id for r in shipped_rules().rules)
    assert {"when", "effects (points a month)", "lag (months)", "rationale", "source"} <= set(table.columns)
    app.text_input(key="rules_query").set_value("Soleimani").run()
    filtered = rules_listing(app)
    assert 0 < len(filtered) < len(table)
    assert all("soleimani" in " ".join(map(str, row)).lower() for row in filtered.itertuples())


def test_map_tab_shows_the_models_figures_by_theatre(app):
    open_tab(app, "Map")
    assert len(app.get("vega_lite_chart")) == 1 and not failures(app)
    table = app.dataframe[0].value
    month = simulate(Scenario()).at(12)
    by_label = {response_label(name): round(month[name], 1) for name in RESPONSES}
    assert len(table) > 0 and all(by_label[row.response] == row[-1] for row in table.itertuples(index=False))


def test_compare_tab_shows_both_runs_and_their_difference(app):
    open_tab(app, "Compare")
    assert not failures(app)
    table = app.dataframe[0].value
    assert list(table.columns) == ["response", "A: month 12", "B: month 12", "B − A"]
    assert (table["B − A"] - (table["B: month 12"] - table["A: month 12"])).abs().max() <= 0.11  # each rounded to 0.1
    a = {response_label(name): round(value, 1) for name, value in simulate(Scenario()).at(12).items() if name in RESPONSES}
    assert {row.response: row[1] for row in table.itertuples(index=False)} == a


def test_about_tab_lists_every_episode_the_history_replays(app):
    open_tab(app, "About")
    table = app.table[0].value
    assert len(table) == len(load_episodes()) and {"Reciprocity", "Coercive deterrence"} <= set(table.columns)


def test_escalation_tab_shows_the_exchanges(app):
    open_tab(app, "Escalation")
    set_levers(app, {"response_doctrine": "escalate", "strikes_iraq": "repeated"})
    charts = app.get("vega_lite_chart")
    assert len(charts) == 2  # the risk over time and the exchanges timeline
    assert any("are the likeliest" in m.value and "chance of one" in m.value for m in app.markdown)
