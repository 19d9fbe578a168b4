"""Uncertainty: many runs at once, each drawing every rule's size within its range.

Distribution (documented on the page): each rule gets one quantile ``u ~ Uniform(0, 1)``
per draw, and each of its effects takes the value of a triangular(low, central, high)
distribution at that quantile — a rule is one assumption, so its effects move together;
rules are independent of each other. Parameters (starting values, baselines, pull rates)
stay at their central values. Draws are seeded: the same seed gives the same bands.

The engine is the one in ``engine.py`` vectorised over draws with numpy: same rules, same
order, same clamp. Rules whose condition and sizes do not depend on the state (most of
them: they read only the levers) are laid out for every month in one pass; only the rest
are evaluated month by month, one numpy operation over all draws at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .conditions import compile_condition
from .engine import shipped_parameters, shipped_rules
from .indicators import INDICATORS
from .parameters import Parameters
from .rules import Range, RuleBook
from .scenario import LEVER_LEVELS, Scenario

INDEX = {name: i for i, name in enumerate(INDICATORS)}
PERCENTILES = (10, 50, 90)
DEFAULT_DRAWS, DEFAULT_SEED = 1000, 1
MAX_DRAWS = 5000


def effect_ranges(rules: RuleBook) -> list[tuple[int, Range]]:
    """Every effect of every rule, in file order, as (rule position, size range)."""
    return [(r, e.size) for r, rule in enumerate(rules.rules) for e in rule.effects]


def triangular(u: np.ndarray, size: Range) -> np.ndarray:
    """The triangular(low, central, high) distribution's value at quantile ``u``."""
    a, c, b = size.low, size.central, size.high
    if b == a:
        return np.full_like(u, a)
    split = (c - a) / (b - a)
    return np.where(u < split, a + np.sqrt(u * (b - a) * (c - a)), b - np.sqrt((1 - u) * (b - a) * (b - c)))


def draw_sizes(rules: RuleBook, draws: int, seed: int) -> np.ndarray:
    """Sizes of every effect (columns, as ``effect_ranges``) for each draw (rows)."""
    quantiles = np.random.default_rng(seed).random((draws, len(rules.rules)))
    return np.column_stack([triangular(quantiles[:, r], size) for r, size in effect_ranges(rules)])


def fixed_sizes(rules: RuleBook, picks: dict[str, str] | None = None) -> np.ndarray:
    """One row of sizes: central, except the rules named in ``picks`` (rule id -> low/high)."""
    picks = picks or {}
    return np.array([[getattr(size, picks.get(rules.rules[r].id, "central")) for r, size in effect_ranges(rules)]])


def run_many(scenario: Scenario, sizes: np.ndarray, rules: RuleBook | None = None,
             parameters: Parameters | None = None) -> np.ndarray:
    """Simulate one scenario once per row of ``sizes``.

    Returns an array (draws, months + 1, indicators), month 0 first, indicators in the
    order of ``INDICATORS``.
    """
    rules = rules or shipped_rules()
    params = (parameters or shipped_parameters()).indicators
    n, months, count = sizes.shape[0], scenario.months, len(INDICATORS)
    start = np.array([params[k].start.central for k in INDICATORS])
    baseline = np.array([params[k].baseline.central for k in INDICATORS])[:, None]
    pull = np.array([params[k].pull.central for k in INDICATORS])[:, None]

    pending = np.zeros((months + 1, count, n))
    dynamic = []  # rules evaluated month by month
    column = 0
    for rule in rules.rules:
        weight = getattr(rule.lenses, scenario.lens)
        check = compile_condition(rule.when, scenario, vector=True)
        effects = []
        for effect in rule.effects:
            amount = sizes[:, column] * weight
            column += 1
            scale = effect.scale_by
            if scale in LEVER_LEVELS:
                share = scenario.intensity(scale)
                amount = amount * (1.0 - share if effect.reversed else share)
                scale = None
            effects.append((INDEX[effect.target], amount, effect.lag, effect.duration, effect.decay,
                            None if scale is None else (INDEX[scale], effect.reversed)))
        if weight == 0 or check is False:
            continue
        onset = rule.fires == "on_onset"
        if check is True and all(e[5] is None for e in effects):
            for target, amount, lag, duration, decay, _ in effects:  # lay out every month now
                for month in (1,) if onset else range(1, months + 1):
                    for k in range(duration):
                        if month + lag + k > months:
                            break
                        pending[month + lag + k, target] += amount * decay**k
        else:
            dynamic.append((check, onset, effects))

    state = np.repeat(start[:, None], n, axis=1)
    before = state
    held = [np.zeros(n, dtype=bool) for _ in dynamic]
    out = np.empty((months + 1, count, n))
    out[0] = state
    for month in range(1, months + 1):
        now = dict(zip(INDICATORS, state))
        last = dict(zip(INDICATORS, before))
        for position, (check, onset, effects) in enumerate(dynamic):
            fired = True if check is True else check(now, last)
            if onset:
                holds = np.broadcast_to(fired, (n,))
                fired, held[position] = holds & ~held[position], holds
            for target, amount, lag, duration, decay, scale in effects:
                if scale is not None:
                    share = state[scale[0]] / 100.0
                    amount = amount * (1.0 - share if scale[1] else share)
                if fired is not True:
                    amount = amount * fired
                for k in range(duration):
                    if month + lag + k > months:
                        break
                    pending[month + lag + k, target] += amount * decay**k if k else amount
        before, state = state, np.clip(state - pull * (state - baseline) + pending[month], 0.0, 100.0)
        out[month] = state
    return out.transpose(2, 0, 1)


@dataclass(frozen=True)
class Ensemble:
    """The runs of one scenario under drawn sizes."""

    scenario: Scenario
    draws: int
    seed: int
    runs: np.ndarray  # (draws, months + 1, indicators), read-only

    def bands(self) -> np.ndarray:
        """Percentiles 10 / 50 / 90: array (months + 1, indicators, 3)."""
        return np.percentile(self.runs, PERCENTILES, axis=0).transpose(1, 2, 0)

    def share_above(self, indicator: str, threshold: float, by_month: int) -> float:
        """Share of draws in which the indicator passes ``threshold`` at some month up to ``by_month``."""
        series = self.runs[:, 1 : by_month + 1, INDEX[indicator]]
        return float((series > threshold).any(axis=1).mean())

    def share_higher(self, other: "Ensemble", indicator: str, month: int) -> float:
        """Share of draws (paired: same seed) in which this scenario is higher than ``other``."""
        return float((self.runs[:, month, INDEX[indicator]] > other.runs[:, month, INDEX[indicator]] + 1e-9).mean())

    def bands_json(self, digits: int = 2) -> dict[str, list[dict]]:
        """{indicator: [{month, p10, p50, p90}, ...]} for months 1..N (the CLI's shape)."""
        b = self.bands()
        return {
            name: [{"month": m, **{f"p{p}": round(float(b[m, i, j]), digits) for j, p in enumerate(PERCENTILES)}}
                   for m in range(1, b.shape[0])]
            for i, name in enumerate(INDICATORS)
        }


def ensemble(scenario: Scenario, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED,
             rules: RuleBook | None = None) -> Ensemble:
    """Draws for a scenario; the shipped rules' results are cached (bounded) by scenario."""
    if rules is None:
        return _cached_ensemble(scenario, draws, seed)
    return Ensemble(scenario, draws, seed, run_many(scenario, draw_sizes(rules, draws, seed), rules))


@lru_cache(maxsize=16)
def _cached_ensemble(scenario: Scenario, draws: int, seed: int) -> Ensemble:
    runs = run_many(scenario, draw_sizes(shipped_rules(), draws, seed)).astype(np.float32)
    runs.flags.writeable = False  # shared between sessions: never mutated
    return Ensemble(scenario, draws, seed, runs)


@dataclass(frozen=True)
class Swing:
    rule: str
    low: float  # the outcome with this rule's sizes at their low ends, the rest central
    high: float  # ... at their high ends
    central: float

    @property
    def width(self) -> float:
        return abs(self.high - self.low)


def sensitivity(scenario: Scenario, outcome: str, month: int, rules: RuleBook | None = None) -> list[Swing]:
    """Tornado: each rule at its low and at its high size, the rest central; widest first."""
    rules = rules or shipped_rules()
    ids = [rule.id for rule in rules.rules]
    rows = [fixed_sizes(rules)]
    for rule_id in ids:
        rows += [fixed_sizes(rules, {rule_id: "low"}), fixed_sizes(rules, {rule_id: "high"})]
    values = run_many(scenario, np.vstack(rows), rules)[:, month, INDEX[outcome]]
    swings = [Swing(rule_id, float(values[1 + 2 * i]), float(values[2 + 2 * i]), float(values[0]))
              for i, rule_id in enumerate(ids)]
    return sorted((s for s in swings if s.width > 1e-9), key=lambda s: -s.width)


def sweep(scenario: Scenario, lever_x: str, lever_y: str, outcome: str, month: int, draws: int = 500,
          seed: int = DEFAULT_SEED, rules: RuleBook | None = None) -> list[dict]:
    """The outcome at ``month`` over every combination of two levers' levels (the other
    levers as in ``scenario``): median and 10-90 % range over the same draws for each."""
    if lever_x == lever_y:
        raise ValueError("choose two different levers")
    rules = rules or shipped_rules()
    sizes = draw_sizes(rules, draws, seed)
    rows = []
    for x in LEVER_LEVELS[lever_x]:
        for y in LEVER_LEVELS[lever_y]:
            variant = Scenario(**{**scenario.model_dump(), lever_x: x, lever_y: y})
            values = run_many(variant, sizes, rules)[:, month, INDEX[outcome]]
            p10, p50, p90 = np.percentile(values, PERCENTILES)
            rows.append({lever_x: x, lever_y: y, "p10": float(p10), "p50": float(p50), "p90": float(p90)})
    return rows
