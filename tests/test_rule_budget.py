"""One budget for a rule book wherever it comes from: a file, an upload or a link."""

from __future__ import annotations

import json

import pytest

from dashboard.model import LEVER_LEVELS, InputError, parse_rules_text, shipped_rules
from dashboard.model.budget import most_draws, needs_a_shock, sweep_cost, uncertainty_cost
from dashboard.model.custom_rules import encode, from_token
from dashboard.model.ensemble import MAX_DRAWS, assumptions
from dashboard.model.parameters import load_parameters
from dashboard.model.rules import MAX_CONDITION_TESTS, MAX_EFFECT_MONTHS, MAX_EFFECTS_PER_RULE, MAX_RULES

SHIPPED = shipped_rules()


def rule(i: int, effects: int = 1, duration: int = 1, when: object = None) -> dict:
    return {"id": f"added_{i}", "title": "An added rule", "when": when or {"always": True},
            "effects": [{"target": "proxy_attacks", "size": {"low": 0, "central": 0.1, "high": 0.2},
                         "duration": duration}] * effects,
            "rationale": "Added to test the limits.", "source": "article [1]",
            "lenses": {"reciprocity": 1, "coercive_deterrence": 1}, "confidence": "low"}


def as_file(rules: list[dict]) -> str:
    return json.dumps({"rules": rules})  # JSON is YAML


def refusal(make) -> str:
    with pytest.raises(InputError) as caught:
        make()
    return str(caught.value)


@pytest.mark.parametrize("rules, words", [
    ([rule(i) for i in range(MAX_RULES + 1)], f"allowed: at most {MAX_RULES}"),
    ([rule(0, effects=MAX_EFFECTS_PER_RULE + 1)], f"rule 'added_0': effects: {MAX_EFFECTS_PER_RULE + 1} effects; allowed"),
    ([rule(i, effects=4, duration=24) for i in range(16)], f"allowed: at most {MAX_EFFECT_MONTHS:,}"),
    ([rule(0, when={"any": [{"lever": "sanctions", "is": "maximum"}] * MAX_CONDITION_TESTS})],
     f"allowed: at most {MAX_CONDITION_TESTS:,}"),
])
def test_a_file_and_a_link_meet_the_same_limits(rules, words):
    assert words in refusal(lambda: parse_rules_text(as_file(rules), "mine.yaml"))
    assert words in refusal(lambda: from_token(encode({"add": rules}), SHIPPED))


@pytest.mark.parametrize("effects, words", [(1600, "expand beyond 256,000 bytes"), (400, "400 effects; allowed: at most 12")])
def test_the_42_second_link_of_the_issue_is_refused_before_it_runs(effects, words):
    """4 rules × 1,600 effects lasting 24 months each, in a 3 kB link (one open took 42 s of CPU)."""
    token = encode({"add": [rule(i, effects=effects, duration=24) for i in range(4)]})
    assert len(token) < 4_000
    assert words in refusal(lambda: from_token(token, SHIPPED))


def test_edits_in_the_page_meet_the_limits_too():
    from dashboard.model.custom_rules import with_edits

    assert "between -100 and 100" in refusal(lambda: with_edits(
        SHIPPED, {(SHIPPED.rules[0].id, 0): {"low": 0, "central": 1e308, "high": 1e308}}, set()))


def test_the_shipped_rules_always_fit_the_budget():
    rows = 1 + 2 * len(assumptions(SHIPPED, load_parameters()))
    assert uncertainty_cost(SHIPPED, 36, MAX_DRAWS, rows).affordable
    for x in LEVER_LEVELS:
        for y in LEVER_LEVELS:
            assert sweep_cost(SHIPPED, 36, len(LEVER_LEVELS[x]) * len(LEVER_LEVELS[y]), 500).affordable


def test_a_book_at_the_limits_is_too_costly_for_the_tabs_but_loads():
    book = costly_book()
    rows = 1 + 2 * len(assumptions(book, load_parameters()))
    assert not uncertainty_cost(book, 36, 1, rows).affordable  # its tornado alone is too costly
    assert uncertainty_cost(book, 30, 1000, rows).affordable  # a shorter run fits, with fewer draws
    assert not uncertainty_cost(book, 30, MAX_DRAWS, rows).affordable
    assert 1000 < most_draws(book, 30, rows) < MAX_DRAWS and most_draws(book, 36, rows) == 0
    assert not sweep_cost(book, 24, 20, 500).affordable


def test_a_file_at_every_limit_at_once_is_within_the_yaml_values():
    """300 rules (109 with 12 effects), 1,499 effect-months and 1,500 condition tests in under
    256 kB of compact JSON: some 32,000 YAML values, well within the 60,000 allowed."""
    rules = [rule(i, effects=MAX_EFFECTS_PER_RULE, when={"all": [{"lever": "sanctions", "is": "maximum"}] * 4})
             for i in range((MAX_EFFECT_MONTHS - MAX_RULES) // (MAX_EFFECTS_PER_RULE - 1))]  # 12 effects a rule
    rules += [rule(i + len(rules), when={"any": [{"lever": "jcpoa", "is": "outside"}] * 4})
              for i in range(MAX_RULES - len(rules))]
    dense = json.dumps({"rules": rules}, separators=(",", ":"))  # compact JSON: the most values a byte
    assert len(dense) < 256_000 and len(parse_rules_text(dense).rules) == MAX_RULES


def costly_book():
    """The shipped rules a scenario can fire (the history's shock rules removed: they cost a
    scenario nothing) plus as many five-effect rules as the limits allow."""
    removed = [r.id for r in SHIPPED.rules if needs_a_shock(r)]
    added = MAX_RULES - len(SHIPPED.rules) + len(removed)
    return from_token(encode({"remove": removed, "add": [rule(i, effects=5) for i in range(added)]}), SHIPPED)


@pytest.mark.parametrize("text, words", [
    ("rules:\n- id: a\n  id: b\n", "rule 'b': id: given twice (lines 2 and 3); give each field once"),
    ("[" * 100_000, "nested more than 24 levels"),
    ("- " * 100_000 + "x", "nested more than 24 levels"),
    ("a: &x [1]\nb: *x\n", "anchors and aliases"),
    ("? [a]\n: b\n", "a key must be plain text"),
    ("rules:\n- id: a\n  junk: [" + "1," * 127_000 + "1]\n", "more than 60,000 values"),
], ids=["duplicate", "deep_flow", "deep_block", "alias", "complex_key", "many_values"])
def test_hostile_yaml_is_refused_before_it_is_built(text, words):
    assert words in refusal(lambda: parse_rules_text(text, "mine.yaml"))


def test_a_size_beyond_100_points_is_refused_and_json_out_is_finite():
    text = as_file([rule(0)]).replace('"central": 0.1', '"central": 1e308')
    assert "rule 'added_0': effects.0.size: sizes must lie between -100 and 100" in refusal(
        lambda: parse_rules_text(text, "mine.yaml"))
    with pytest.raises(ValueError):
        encode({"add": [{"x": float("nan")}]})  # a link never carries NaN
