"""The expert's checks on a fixed random sample of the lever grid (bench/bench_grid.py runs all
30,720 scenarios): no response pinned at a bound, every declared lever direction holds and
moves, and every response a lever's rules move has a direction or a stated reason."""

import random

import pytest

from dashboard.model import RESPONSES, shipped_rules, simulate
from dashboard.model.audit import (
    contexts_with_steps,
    evaluate,
    grid,
    load_directions,
    named_responses,
    pinned_indicators,
    step_breaks,
    undeclared,
)

SAMPLE = random.Random(17).sample(grid(), 70)


@pytest.fixture(scope="module")
def outcomes():
    return evaluate(contexts_with_steps(SAMPLE))


def test_no_indicator_is_pinned_at_a_bound(outcomes):
    pinned = {k: v for k, v in outcomes.pinned.items() if v}
    assert not pinned, f"{len(pinned)} scenarios pinned, e.g. {next(iter(pinned.items()))}"


def test_no_response_ends_exactly_at_0_or_100():
    finals = [simulate(s).final for s in SAMPLE]
    assert not [(name, f[name]) for f in finals for name in RESPONSES if f[name] in (0.0, 100.0)]


def test_every_declared_direction_holds_and_every_step_moves(outcomes):
    breaks = step_breaks(outcomes, load_directions())
    assert not breaks, f"{len(breaks)} breaks, e.g. {breaks[:3]}"


def test_every_response_a_lever_moves_has_a_direction_or_a_reason():
    assert undeclared(shipped_rules(), load_directions()) == []


def test_the_audit_catches_a_pinned_response_and_a_wrong_way_step():
    """The checks can fail: a run held at 0 is pinned, and a reversed claim breaks."""
    monthly = [dict.fromkeys(simulate(SAMPLE[0]).final, 0.0)] * 8
    assert "proxy_attacks" in pinned_indicators(monthly)
    reversed_claim = next(d for d in load_directions() if d.lever == "strikes_iraq" and d.lens == "reciprocity")
    flipped = type(reversed_claim)(reversed_claim.lever, reversed_claim.lens, up=(), down=reversed_claim.up)
    lines = contexts_with_steps([s for s in SAMPLE if s.lens == "reciprocity"][:5])
    assert step_breaks(evaluate(lines), [flipped])


def test_strikes_inside_iran_name_the_answers_through_partners():
    assert {"proxy_attacks", "saudi_attacks", "iran_direct_attacks"} <= named_responses(shipped_rules(), "strikes_iran", "reciprocity")
