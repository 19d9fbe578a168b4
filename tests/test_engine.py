"""The simulation: invariants, the trace, and the mechanics of lag, duration and onset."""

import math
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.model import INDICATORS, LEVER_LEVELS, RESPONSES, Scenario, parse_rules, simulate
from dashboard.model.engine import BOUNDS, PULL, saturate, shipped_parameters, shipped_rules

scenarios = st.builds(
    lambda levels, months: Scenario(**levels, months=months),
    st.fixed_dictionaries({k: st.sampled_from(v) for k, v in LEVER_LEVELS.items()}),
    st.integers(1, 36),
)


@settings(max_examples=150, deadline=None)
@given(scenarios)
def test_state_stays_in_bounds_without_nan(scenario):
    result = simulate(scenario)
    assert len(result.monthly) == scenario.months + 1
    for row in result.monthly:
        assert set(row) == set(INDICATORS)
        assert all(0.0 <= v <= 100.0 and not math.isnan(v) for v in row.values())


@settings(max_examples=60, deadline=None)
@given(scenarios)
def test_trace_explains_every_change_exactly(scenario):
    result = simulate(scenario)
    explained = defaultdict(float)
    for month, indicator, _rule, change in result.trace:
        explained[month, indicator] += change
    for month in range(1, scenario.months + 1):
        for name in INDICATORS:
            actual = result.monthly[month][name] - result.monthly[month - 1][name]
            assert explained[month, name] == pytest.approx(actual, abs=1e-9)


@settings(deadline=None)  # timing is noisy on a shared machine; the property is what is tested
@given(scenarios)
def test_deterministic(scenario):
    assert simulate(scenario).monthly == simulate(scenario).monthly


def test_summary_is_the_last_month_of_every_response():
    result = simulate(Scenario(months=7))
    assert result.summary() == {r: result.monthly[7][r] for r in RESPONSES}


def test_trace_names_real_rules():
    ids = {r.id for r in shipped_rules().rules} | {PULL, BOUNDS}
    assert {rule for _, _, rule, _ in simulate(Scenario()).trace} <= ids


# --- mechanics, on small hand-made rule books ---------------------------------------

def book(*rules):
    base = {"title": "test rule", "rationale": "a rule used only by the tests", "source": "article [1]",
            "lenses": {"reciprocity": 1, "coercive_deterrence": 0}, "confidence": "low"}
    return parse_rules({"rules": [{**base, **r} for r in rules]})


def push(target: str, points: float) -> dict:
    """An effect of a fixed size (low = central = high), a month at a time."""
    return {"target": target, "size": {"low": points, "central": points, "high": points}}


def pushes(result, rule_id, indicator):
    return {m: c for m, name, rule, c in result.trace if rule == rule_id and name == indicator}


def test_lag_duration_and_decay():
    rules = book({"id": "pulse", "when": {"lever": "leadership_targeting", "is": True}, "fires": "on_onset",
                  "effects": [{"target": "escalation_risk", "size": {"low": 8, "central": 10, "high": 12},
                               "lag": 2, "duration": 3, "decay": 0.5}]})
    result = simulate(Scenario(leadership_targeting=True, months=8), rules)
    assert pushes(result, "pulse", "escalation_risk") == {3: 10, 4: 5, 5: 2.5}


def test_every_month_rule_fires_each_month_and_onset_rule_once():
    rules = book(
        {"id": "steady", "when": {"always": True}, "effects": [{"target": "gulf_alignment", "size": {"low": 1, "central": 1, "high": 1}}]},
        {"id": "once", "when": {"always": True}, "fires": "on_onset", "effects": [push("gulf_alignment", 1)]},
    )
    result = simulate(Scenario(months=5), rules)
    assert sorted(pushes(result, "steady", "gulf_alignment")) == [1, 2, 3, 4, 5]
    assert sorted(pushes(result, "once", "gulf_alignment")) == [1]


def test_onset_fires_again_after_the_condition_lapses():
    rules = book({"id": "spike", "when": {"indicator": "us_retaliation", "above": 2}, "fires": "on_onset",
                  "effects": [{"target": "escalation_risk", "size": {"low": 1, "central": 1, "high": 1}}]})
    result = simulate(Scenario(months=4), rules)
    # us_retaliation starts at 3 and, with no rule pushing it, drops to 0 and stays there
    assert sorted(pushes(result, "spike", "escalation_risk")) == [1]


def test_lens_weight_scales_and_zero_weight_removes_a_rule():
    rules = book({"id": "r", "when": {"always": True}, "lenses": {"reciprocity": 0.5, "coercive_deterrence": 0},
                  "effects": [{"target": "proxy_attacks", "size": {"low": 4, "central": 4, "high": 4}}]})
    assert pushes(simulate(Scenario(months=2), rules), "r", "proxy_attacks") == {1: 2.0, 2: 2.0}
    assert pushes(simulate(Scenario(months=2, lens="coercive_deterrence"), rules), "r", "proxy_attacks") == {}


@pytest.mark.parametrize("level, share", [("none", 0), ("limited", 1 / 3), ("repeated", 2 / 3), ("sustained", 1)])
def test_scale_by_lever_uses_its_rank(level, share):
    rules = book({"id": "r", "when": {"always": True},
                  "effects": [{"target": "proxy_attacks", "size": {"low": 6, "central": 6, "high": 6}, "scale_by": "strikes_iraq"}]})
    got = pushes(simulate(Scenario(strikes_iraq=level, months=1), rules), "r", "proxy_attacks")
    assert got.get(1, 0.0) == pytest.approx(6 * share)


def test_scale_by_indicator_reads_last_months_value_and_can_be_reversed():
    rules = book({"id": "r", "when": {"always": True},
                  "effects": [{"target": "gulf_alignment", "size": {"low": 10, "central": 10, "high": 10},
                               "scale_by": "saudi_attacks", "reversed": True}]})
    start = shipped_parameters().indicators["saudi_attacks"].start.central
    assert pushes(simulate(Scenario(months=1), rules), "r", "gulf_alignment")[1] == pytest.approx(10 * (1 - start / 100))


def test_without_rules_every_indicator_relaxes_toward_its_baseline():
    rules = book({"id": "noop", "when": {"always": False}, "effects": [push("proxy_attacks", 1)]})
    result = simulate(Scenario(months=36), rules)
    for name, p in shipped_parameters().indicators.items():
        gap_start = abs(p.start.central - p.baseline.central)
        gap_end = abs(result.final[name] - p.baseline.central)
        assert gap_end <= gap_start


def test_a_flood_of_pushes_approaches_the_bound_without_reaching_it_and_is_traced():
    rules = book({"id": "flood", "when": {"always": True}, "effects": [push("proxy_attacks", 90)]})
    result = simulate(Scenario(months=3), rules)
    assert 99 < result.final["proxy_attacks"] < 100
    assert any(rule == BOUNDS and name == "proxy_attacks" for _, name, rule, _ in result.trace)


@given(st.floats(0, 100), st.floats(-150, 150), st.floats(0.001, 50))
def test_saturation_stays_inside_and_every_extra_push_still_counts(held, push, extra):
    # (a month's pushes stay well within ±150 points: sizes are at most 100; beyond ~30 times the
    # soft zone, the room left falls under a double's precision at 100)
    value = saturate(held, push)
    assert 0 <= value <= 100
    if 1e-6 < held < 100 - 1e-6:
        assert 0 < value < 100
        assert saturate(held, push + extra) > value  # strictly increasing: no dead zone near a bound
    if abs(push) < 1e-3 and 10 <= held <= 90:
        assert value == pytest.approx(held + push, abs=1e-6)  # small pushes land as they are


def test_near_a_bound_a_lever_still_moves_the_response():
    """A response held low by strong pushes still answers a small push the other way, and a further push down."""
    down = book({"id": "down", "when": {"always": True}, "effects": [push("gulf_alignment", -40)]})
    both = book({"id": "down", "when": {"always": True}, "effects": [push("gulf_alignment", -40)]},
                {"id": "up", "when": {"always": True}, "effects": [push("gulf_alignment", 2)]})
    low, higher = simulate(Scenario(months=24), down).final["gulf_alignment"], simulate(Scenario(months=24), both).final["gulf_alignment"]
    assert 0 < low < higher and higher - low > 0.01


def test_a_chance_rule_applies_its_expected_effect_and_records_the_chance():
    rules = book({"id": "event", "when": {"always": True}, "chance": {"by": "saudi_attacks", "times": 0.5},
                  "effects": [{"target": "gulf_alignment", "size": {"low": 10, "central": 10, "high": 10}}]})
    result = simulate(Scenario(months=1), rules)
    chance = shipped_parameters().indicators["saudi_attacks"].start.central / 100 * 0.5
    assert pushes(result, "event", "gulf_alignment")[1] == pytest.approx(10 * chance)
    assert list(result.chances) == [(1, "event", pytest.approx(chance))]


def test_status_quo_keeps_an_expected_tit_for_tat_going_and_escalate_strikes_more():
    """Under the article's defaults the US keeps striking back now and then (expected strikes each month);
    escalating answers strike harder; there is no fixed every-N-months oscillation."""
    status_quo, escalate = simulate(Scenario()), simulate(Scenario(response_doctrine="escalate"))
    flows = [row["us_retaliation"] for row in status_quo.monthly[1:]]
    assert all(1 < f < 30 for f in flows)
    assert max(flows[6:]) - min(flows[6:]) < 3  # smooth: no threshold oscillator
    assert sum(r["us_retaliation"] for r in escalate.monthly[1:]) > sum(flows)


def test_restraint_lets_the_cycle_die_out():
    result = simulate(Scenario(response_doctrine="restraint", strikes_syria="none"))
    assert all(row["us_retaliation"] == 0 for row in result.monthly[1:])


def test_scale_from_makes_a_ramp_that_grows_from_zero_at_its_level():
    rules = book({"id": "ramp", "when": {"always": True},
                  "effects": [{"target": "energy_disruption", "size": {"low": 20, "central": 20, "high": 20},
                               "scale_by": "gulf_alignment", "scale_from": 50}]})
    start = shipped_parameters().indicators["gulf_alignment"].start.central  # 60
    assert pushes(simulate(Scenario(months=1), rules), "ramp", "energy_disruption")[1] == pytest.approx(20 * (start - 50) / 50)


def test_scale_from_needs_an_indicator_scale():
    with pytest.raises(Exception, match="scale_from needs scale_by to name an indicator"):
        book({"id": "bad", "when": {"always": True},
              "effects": [{"target": "proxy_attacks", "size": {"low": 1, "central": 1, "high": 1},
                           "scale_by": "sanctions", "scale_from": 20}]})


def test_a_result_is_read_only_so_a_cached_one_can_be_shared():
    result = simulate(Scenario(months=3))
    with pytest.raises(TypeError):
        result.at(1)["proxy_attacks"] = 0.0  # type: ignore[index]
    with pytest.raises((TypeError, AttributeError)):
        result.monthly.append({})  # type: ignore[attr-defined]
