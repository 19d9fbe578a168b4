"""The vectorised engine equals the plain one at central sizes for any rule book the
grammar allows, not only the shipped rules.

Hypothesis writes rule books from the whole grammar: conditions built from ``all``,
``any``, ``not``, lever tests (``is``, ``in``, ``at_least``, ``at_most``), indicator tests
(``above``, ``below``, ``rising_by``) and ``always``; effects with lag, duration, decay and
a scale by a lever or an indicator (reversed or not, and a second lever where the schema
has one); rules that fire every month or on onset, with any lens weights, and events with
a ``chance``. ``run_many`` at central values must give ``simulate``'s months exactly.
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.model import INDICATORS, LEVER_LEVELS, Scenario, parse_rules, simulate
from dashboard.model.ensemble import central_draws, run_many
from dashboard.model.rules import Effect

LEVERS = [lever for lever in LEVER_LEVELS if lever != "lens"]
SOURCES = ["article [1]", "article [4]", "article [8]", "article [10]"]
SECOND_LEVER = "also_scale_by" in Effect.model_fields  # a second lever scale, where the schema has one


def as_array(result) -> np.ndarray:
    return np.array([[row[k] for k in INDICATORS] for row in result.monthly])


def numbers(low: float, high: float) -> st.SearchStrategy[float]:
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


@st.composite
def lever_tests(draw) -> dict:
    lever = draw(st.sampled_from(LEVERS))
    levels = list(LEVER_LEVELS[lever])
    test = draw(st.sampled_from(["is", "in", "at_least", "at_most"]))
    if test == "in":
        return {"lever": lever, "in": draw(st.lists(st.sampled_from(levels), min_size=1, max_size=len(levels), unique=True))}
    return {"lever": lever, test: draw(st.sampled_from(levels))}


indicator_tests = st.one_of(
    st.builds(lambda name, v: {"indicator": name, "above": v}, st.sampled_from(INDICATORS), numbers(0, 100)),
    st.builds(lambda name, v: {"indicator": name, "below": v}, st.sampled_from(INDICATORS), numbers(0, 100)),
    st.builds(lambda name, v: {"indicator": name, "rising_by": v}, st.sampled_from(INDICATORS), numbers(0.01, 20)),
)

conditions = st.recursive(
    st.one_of(lever_tests(), indicator_tests, st.builds(lambda v: {"always": v}, st.booleans())),
    lambda inner: st.one_of(
        st.builds(lambda cs: {"all": cs}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda cs: {"any": cs}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda c: {"not": c}, inner),
    ),
    max_leaves=6,
)


@st.composite
def effects(draw) -> dict:
    low, central, high = sorted(draw(st.lists(numbers(-60, 60), min_size=3, max_size=3)))
    effect = {"target": draw(st.sampled_from(INDICATORS)), "size": {"low": low, "central": central, "high": high},
              "lag": draw(st.integers(0, 4)), "duration": draw(st.integers(1, 6)), "decay": draw(numbers(0, 1))}
    scale = draw(st.one_of(st.none(), st.sampled_from(LEVERS), st.sampled_from(INDICATORS)))
    if scale is not None:
        effect |= {"scale_by": scale, "reversed": draw(st.booleans())}
        if scale in INDICATORS and draw(st.booleans()):
            effect["scale_from"] = draw(numbers(0, 90))  # a ramp from a level
    if SECOND_LEVER and draw(st.booleans()):
        effect |= {"also_scale_by": draw(st.sampled_from(LEVERS)), "also_reversed": draw(st.booleans())}
    return effect


@st.composite
def rule_books(draw):
    rules = []
    for i in range(draw(st.integers(1, 6))):
        rule = {"id": f"rule_{i}", "title": f"Generated rule {i}", "when": draw(conditions),
                "fires": draw(st.sampled_from(["every_month", "on_onset"])),
                "effects": draw(st.lists(effects(), min_size=1, max_size=3)),
                "rationale": "Generated to test the engines against each other.",
                "source": draw(st.sampled_from(SOURCES)),
                "lenses": {"reciprocity": draw(st.sampled_from([0.0, 0.2, 1.0, draw(numbers(0, 2))])),
                           "coercive_deterrence": draw(st.sampled_from([0.0, 1.0, draw(numbers(0, 2))]))},
                "confidence": draw(st.sampled_from(["low", "medium", "high"]))}
        if draw(st.booleans()):
            rule["chance"] = {"by": draw(st.sampled_from(INDICATORS)), "times": draw(numbers(0.01, 1))}
        rules.append(rule)
    return parse_rules({"rules": rules})


scenarios = st.builds(
    lambda levels, months: Scenario(**levels, months=months),
    st.fixed_dictionaries({k: st.sampled_from(v) for k, v in LEVER_LEVELS.items()}),
    st.integers(1, 24),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios, rule_books())
def test_vectorised_engine_equals_the_plain_one_for_any_rule_book(scenario, book):
    vector = run_many(scenario, central_draws(book), book)[0]
    np.testing.assert_allclose(vector, as_array(simulate(scenario, book)), rtol=0, atol=1e-9)


def test_the_generator_reaches_the_whole_grammar():
    """A guard on the strategy itself: every construct shows up in a sample of books."""
    seen: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, dict):
            seen.update(value)
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    @settings(max_examples=60, deadline=None, database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
    @given(rule_books())
    def collect(book):
        walk(book.records())
        seen.update(rule["fires"] for rule in book.records())

    collect()
    wanted = {"all", "any", "not", "is", "in", "at_least", "at_most", "above", "below", "rising_by", "always",
              "lag", "duration", "decay", "scale_by", "reversed", "scale_from", "chance", "times", "on_onset",
              "every_month"}
    assert wanted <= seen, wanted - seen
