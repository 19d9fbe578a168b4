"""The model checked against its own claims over the lever grid (bench/bench_grid.py, tests).

Three checks, on the deterministic run:

- **pinned**: a scenario where some indicator sits at a bound (shown as 0.0 or 100.0, i.e.
  within ``PINNED`` of it) for ``PINNED_MONTHS`` months in a row or more. Monthly flows that
  are 0 by design when nothing happens (``FLOWS``) are left out.
- **monotonicity**: for each ordered lever and lens, the directions declared in
  ``tests/claims.yaml`` (``monotone:``): every step up the lever, in every context of the
  other levers, moves the response's mean over the run the declared way.
- **strict responsiveness**: every such step moves it by more than ``RESPONSIVE`` points.

The outcome compared is the mean over months 1..N, so an event (a leadership strike that
fires once and decays) counts as much as a standing option.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .conditions import AllOf, AnyOf, LeverTest, Not
from .engine import simulate
from .indicators import INDICATORS, RESPONSES
from .rules import RuleBook
from .scenario import LEVER_LEVELS, Scenario

CLAIMS_FILE = Path(__file__).resolve().parents[2] / "tests" / "claims.yaml"
PINNED = 0.05  # index points: closer than this to 0 or 100 is shown as the bound itself
PINNED_MONTHS = 6
RESPONSIVE = 1e-4  # index points: a step that moves the mean less than this does nothing
FLOWS = ("us_retaliation", "us_casualties")  # 0 when nothing happens that month: not a dead zone
ORDERED_LEVERS = tuple(lever for lever in LEVER_LEVELS if lever != "lens")


@dataclass(frozen=True)
class Direction:
    lever: str
    lens: str
    up: tuple[str, ...] = ()
    down: tuple[str, ...] = ()
    exempt: dict[str, str] = field(default_factory=dict)  # response -> why it is not one-way


def load_directions(path: Path = CLAIMS_FILE) -> list[Direction]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["monotone"]
    return [Direction(e["lever"], e["lens"], tuple(e.get("up", ())), tuple(e.get("down", ())),
                      dict(e.get("exempt", {}))) for e in raw]


def _levers_in(condition) -> set[str]:
    if isinstance(condition, LeverTest):
        return {condition.lever}
    if isinstance(condition, (AllOf, AnyOf)):
        return set().union(*(_levers_in(c) for c in (condition.all if isinstance(condition, AllOf) else condition.any)))
    if isinstance(condition, Not):
        return _levers_in(condition.not_)
    return set()


def named_responses(rules: RuleBook, lever: str, lens: str) -> set[str]:
    """Responses that a rule on ``lever`` (in its condition or as a scale) moves under ``lens``."""
    named = set()
    for rule in rules.rules:
        if getattr(rule.lenses, lens) == 0:
            continue
        on_condition = lever in _levers_in(rule.when)
        named |= {e.target for e in rule.effects if on_condition or lever in (e.scale_by, e.also_scale_by)}
    return named & set(RESPONSES)


def grid(months: int = 24) -> list[Scenario]:
    """Every combination of the levers' levels, both lenses (30,720 scenarios)."""
    names = list(LEVER_LEVELS)
    values = [[v == "true" if levels == ("false", "true") else v for v in levels] for levels in LEVER_LEVELS.values()]
    return [Scenario(**dict(zip(names, combo)), months=months) for combo in itertools.product(*values)]


@dataclass
class Outcomes:
    """Per scenario: the mean of each response over the run, and whether any indicator is pinned."""

    means: dict[tuple, dict[str, float]] = field(default_factory=dict)
    pinned: dict[tuple, list[str]] = field(default_factory=dict)


def key(scenario: Scenario) -> tuple:
    return tuple(scenario.level(lever) for lever in LEVER_LEVELS)


def pinned_indicators(monthly: Sequence[Mapping[str, float]]) -> list[str]:
    found = []
    for name in INDICATORS:
        if name in FLOWS:
            continue
        run = longest = 0
        for row in monthly[1:]:
            run = run + 1 if row[name] < PINNED or row[name] > 100 - PINNED else 0
            longest = max(longest, run)
        if longest >= PINNED_MONTHS:
            found.append(name)
    return found


def evaluate(scenarios: list[Scenario], rules: RuleBook | None = None) -> Outcomes:
    outcomes = Outcomes()
    for scenario in scenarios:
        monthly = simulate(scenario, rules).monthly
        outcomes.means[key(scenario)] = {r: sum(row[r] for row in monthly[1:]) / (len(monthly) - 1) for r in RESPONSES}
        outcomes.pinned[key(scenario)] = pinned_indicators(monthly)
    return outcomes


@dataclass(frozen=True)
class Break:
    lever: str
    lens: str
    response: str
    context: tuple  # the scenario key at the lower level
    change: float  # the step's change in the response's mean
    kind: str  # "wrong way" or "no response"


def step_breaks(outcomes: Outcomes, directions: list[Direction]) -> list[Break]:
    """Every declared step that moves the wrong way or not at all, among the evaluated contexts."""
    position = {lever: i for i, lever in enumerate(LEVER_LEVELS)}
    breaks = []
    for d in directions:
        i, levels = position[d.lever], LEVER_LEVELS[d.lever]
        for context in outcomes.means:
            if context[position["lens"]] != d.lens or context[i] == levels[-1]:
                continue
            higher = list(context)
            higher[i] = levels[levels.index(context[i]) + 1]
            after = outcomes.means.get(tuple(higher))
            if after is None:
                continue
            before = outcomes.means[context]
            for sign, responses in ((1, d.up), (-1, d.down)):
                for response in responses:
                    change = after[response] - before[response]
                    if sign * change < -1e-9:
                        breaks.append(Break(d.lever, d.lens, response, context, change, "wrong way"))
                    elif sign * change <= RESPONSIVE:
                        breaks.append(Break(d.lever, d.lens, response, context, change, "no response"))
    return breaks


def undeclared(rules: RuleBook, directions: list[Direction]) -> list[str]:
    """Responses a lever's rules move that the claims neither give a direction nor explain."""
    declared = {(d.lever, d.lens): set(d.up) | set(d.down) | set(d.exempt) for d in directions}
    problems = []
    for lever in ORDERED_LEVERS:
        for lens in LEVER_LEVELS["lens"]:
            missing = named_responses(rules, lever, lens) - declared.get((lever, lens), set())
            if missing:
                problems.append(f"{lever} under {lens}: {', '.join(sorted(missing))}")
    return problems


def contexts_with_steps(scenarios: list[Scenario]) -> list[Scenario]:
    """The scenarios plus, for each, every one-step-up neighbour along each ordered lever."""
    out = {}
    for scenario in scenarios:
        out[key(scenario)] = scenario
        for lever in ORDERED_LEVERS:
            levels = LEVER_LEVELS[lever]
            if scenario.level(lever) != levels[-1]:
                value = levels[levels.index(scenario.level(lever)) + 1]
                higher = scenario.model_copy(update={lever: value == "true" if levels == ("false", "true") else value})
                out[key(higher)] = higher
    return list(out.values())
