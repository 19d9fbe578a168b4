"""Monte Carlo bands, the tornado and the sweep: the vectorised engine against the plain one."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.model import INDICATORS, LEVER_LEVELS, Scenario, parse_rules, shipped_rules, simulate
from dashboard.model.engine import shipped_parameters
from dashboard.model.ensemble import (
    Range,
    central_draws,
    ensemble,
    random_draws,
    run_many,
    sensitivity,
    sweep,
    triangular,
)
from dashboard.model.parameters import Parameters

scenarios = st.builds(
    lambda levels, months: Scenario(**levels, months=months),
    st.fixed_dictionaries({k: st.sampled_from(v) for k, v in LEVER_LEVELS.items()}),
    st.integers(1, 36),
)


def as_array(result) -> np.ndarray:
    return np.array([[row[k] for k in INDICATORS] for row in result.monthly])


@settings(max_examples=60, deadline=None)
@given(scenarios)
def test_vectorised_engine_at_central_sizes_equals_the_plain_engine(scenario):
    vector = run_many(scenario, central_draws(shipped_rules()))[0]
    assert np.allclose(vector, as_array(simulate(scenario)), atol=1e-9)


@settings(max_examples=25, deadline=None)
@given(scenarios, st.integers(0, 2**31))
def test_bands_are_ordered_and_bounded(scenario, seed):
    bands = ensemble(scenario, draws=64, seed=seed).bands()
    assert bands.shape == (scenario.months + 1, len(INDICATORS), 3)
    assert np.all(bands[..., 0] <= bands[..., 1] + 1e-6) and np.all(bands[..., 1] <= bands[..., 2] + 1e-6)
    assert np.all(bands >= 0) and np.all(bands <= 100) and not np.isnan(bands).any()


def test_same_seed_same_bands_other_seed_other_bands():
    scenario = Scenario(strikes_iraq="repeated", months=12)
    first = ensemble(scenario, 300, 7, rules=shipped_rules()).bands()
    again = ensemble(scenario, 300, 7, rules=shipped_rules()).bands()
    other = ensemble(scenario, 300, 8, rules=shipped_rules()).bands()
    assert np.array_equal(first, again) and not np.array_equal(first, other)


def collapsed(book):
    raw = json.loads(json.dumps(book.records()))
    for rule in raw:
        rule.pop("when_text")
        for effect in rule["effects"]:
            c = effect["size"]["central"]
            effect["size"] = {"low": c, "central": c, "high": c}
    return parse_rules({"rules": raw})


def collapsed_parameters():
    raw = shipped_parameters().model_dump()
    for ranges in [*raw["indicators"].values(), raw["deterrence"]]:
        for key, value in ranges.items():
            if isinstance(value, dict) and "central" in value:
                ranges[key] = {"low": value["central"], "central": value["central"], "high": value["central"]}
    return Parameters.model_validate(raw)


@pytest.mark.parametrize("levers", [{}, {"strikes_iran": "repeated", "leadership_targeting": True},
                                    {"sanctions": "lifted", "jcpoa": "full_return", "lens": "coercive_deterrence"}])
def test_with_every_range_collapsed_and_expected_events_every_draw_is_the_deterministic_run(levers):
    rules, parameters = collapsed(shipped_rules()), collapsed_parameters()
    scenario = Scenario(**levers, months=18)
    draws = replace(random_draws(rules, 50, 3, parameters, months=18), events=None)
    runs = run_many(scenario, draws, rules, parameters)
    assert np.allclose(runs, as_array(simulate(scenario, rules, parameters))[None], atol=1e-9)


def test_drawn_events_make_the_echo_lumpy_but_centre_on_the_expected_run():
    """Each draw's US strikes happen or not (0 or a full strike), yet their mean is near the expected flow."""
    rules, parameters = collapsed(shipped_rules()), collapsed_parameters()
    scenario = Scenario(months=12)
    runs = run_many(scenario, random_draws(rules, 2000, 5, parameters, months=12), rules, parameters)
    flow = runs[:, 1:, INDICATORS.index("us_retaliation")]
    assert ((flow < 1) | (flow > 20)).mean() > 0.95  # a strike happens or it does not
    expected = as_array(simulate(scenario, rules, parameters))[1:, INDICATORS.index("us_retaliation")]
    assert abs(flow.mean() - expected.mean()) < 0.25 * expected.mean()


def test_parameters_and_the_deterrence_weight_are_drawn_within_their_ranges():
    draws = random_draws(shipped_rules(), 3000, 2)
    for kind, values in (("start", draws.start), ("baseline", draws.baseline), ("pull", draws.pull)):
        for i, name in enumerate(INDICATORS):
            size = getattr(shipped_parameters().indicators[name], kind)
            assert size.low - 1e-9 <= values[:, i].min() and values[:, i].max() <= size.high + 1e-9
    assert draws.start[:, INDICATORS.index("proxy_attacks")].std() > 1  # they do vary
    assert draws.deterrence.min() >= 0 and draws.deterrence.max() <= 1


def test_draws_stay_within_each_range_and_centre_on_the_triangle():
    sizes = random_draws(shipped_rules(), 4000, 11).sizes
    ranges = [e.size for r in shipped_rules().rules for e in r.effects]
    assert sizes.shape == (4000, len(ranges))
    for column, size in enumerate(ranges):
        assert size.low - 1e-9 <= sizes[:, column].min() and sizes[:, column].max() <= size.high + 1e-9
    u = np.random.default_rng(0).random(200_000)
    values = triangular(u, Range(low=0, central=2, high=10))
    assert abs(values.mean() - 4.0) < 0.05  # the triangle's mean is (low + central + high) / 3


def widened(book, wide: str, narrow: str):
    raw = json.loads(json.dumps(book.records()))
    for rule in raw:
        rule.pop("when_text")
        for effect in rule["effects"]:
            c = effect["size"]["central"]
            if rule["id"] == wide:
                effect["size"] = {"low": c - 3 * abs(c) - 5, "central": c, "high": c + 3 * abs(c) + 5}
            if rule["id"] == narrow:
                effect["size"] = {"low": c - 0.01, "central": c, "high": c + 0.01}
    return parse_rules({"rules": raw})


@pytest.mark.parametrize("wide, narrow", [("sanctions_as_grievance", "syria_strikes_draw_rockets_in_iraq"),
                                          ("syria_strikes_draw_rockets_in_iraq", "sanctions_as_grievance")])
def test_tornado_ranks_a_widened_rule_above_a_narrowed_one(wide, narrow):
    rules = widened(shipped_rules(), wide, narrow)
    order = [s.rule for s in sensitivity(Scenario(months=12), "proxy_attacks", 12, rules)]
    assert wide in order and (narrow not in order or order.index(wide) < order.index(narrow))


def test_tornado_low_and_high_match_single_rule_runs():
    scenario = Scenario(months=9)
    swing = sensitivity(scenario, "escalation_risk", 9)[0]
    low = run_many(scenario, central_draws(shipped_rules(), picks={swing.rule: "low"}))[0, 9, INDICATORS.index("escalation_risk")]
    assert swing.low == pytest.approx(low)
    assert swing.central == pytest.approx(simulate(scenario).at(9)["escalation_risk"])


def test_sweep_covers_every_combination_with_ordered_percentiles():
    rows = sweep(Scenario(months=12), "sanctions", "jcpoa", "nuclear_advance", 12, draws=100)
    assert len(rows) == len(LEVER_LEVELS["sanctions"]) * len(LEVER_LEVELS["jcpoa"])
    assert all(r["p10"] <= r["p50"] <= r["p90"] for r in rows)
    cell = {(r["sanctions"], r["jcpoa"]): r["p50"] for r in rows}
    assert cell[("lifted", "full_return")] < cell[("maximum", "outside")]  # the rules' claim, in the sweep


def test_cached_ensembles_cannot_be_mutated():
    runs = ensemble(Scenario(months=6), 50, 1).runs
    with pytest.raises(ValueError):
        runs[0, 0, 0] = 1.0


def test_cli_adds_bands():
    done = subprocess.run([sys.executable, "-m", "dashboard", "simulate", "--draws", "150", "--seed", "4", "--no-trace"],
                          input="", capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1], check=False, timeout=60)
    out = json.loads(done.stdout)
    assert out["draws"] == 150 and out["seed"] == 4
    expected = ensemble(Scenario(), 150, 4).bands()
    row = out["bands"]["proxy_attacks"][11]
    assert row["month"] == 12
    assert row["p50"] == pytest.approx(expected[12, 0, 1], abs=0.01)
    assert all(r["p10"] <= r["p50"] <= r["p90"] for rows in out["bands"].values() for r in rows)


def test_the_echo_dies_out_by_chance_in_some_draws_never_under_restraint_and_less_often_when_escalating():
    months = 24
    tit_for_tat = ensemble(Scenario(months=months), 600, 3, rules=shipped_rules()).share_echo_died(16)
    escalate = ensemble(Scenario(months=months, response_doctrine="escalate", strikes_iraq="repeated"), 600, 3,
                        rules=shipped_rules()).share_echo_died(16)
    restraint = ensemble(Scenario(months=months, response_doctrine="restraint"), 600, 3, rules=shipped_rules()).share_echo_died(1)
    assert 0.02 < tit_for_tat < 0.98  # by chance: sometimes it dies out, sometimes not
    assert escalate < tit_for_tat
    assert restraint == 1.0  # restraint: no retaliatory strike in any draw


def test_the_table_at_a_month_is_each_responses_band_in_order():
    from dashboard.model import RESPONSES
    from dashboard.model.ensemble import INDEX

    runs = ensemble(Scenario(strikes_iraq="repeated", months=12), 60, 3)
    table = runs.table(6)
    assert [band.indicator for band in table] == list(RESPONSES)
    bands = runs.bands()
    for band in table:
        assert (band.p10, band.p50, band.p90) == pytest.approx(tuple(bands[6, INDEX[band.indicator]]), abs=1e-4)
        assert band.p10 <= band.p50 <= band.p90
    assert len(runs.tables()) == 13
    assert [b.p50 for b in runs.tables()[6]] == pytest.approx([b.p50 for b in table], abs=1e-4)


def test_the_fan_charts_rows_carry_each_responses_theatre_from_the_registry():
    from dashboard.charts.uncertainty import bands_frame
    from dashboard.model.labels import response_labels
    from dashboard.model.registry import theatre_of

    frame = bands_frame(ensemble(Scenario(months=4), 40, 1), response_labels(), 2)
    assert len(frame) == 5 * 10 and frame["shown"].sum() == 10
    assert all(frame["theatre"] == frame["indicator"].map(theatre_of))
