"""Uncertainty: many runs at once, each drawing every assumption within its range.

What a draw varies (documented on the page):

- every rule's size: one quantile ``u ~ Uniform(0, 1)`` per rule and draw, each of its
  effects taking the triangular(low, central, high) value at that quantile — a rule is one
  assumption, so its effects move together; rules are independent of each other;
- every indicator's start, baseline and pull rate, each from its own triangular range;
- how far force deters: a weight between the two lenses' positions (0 = every rule at its
  reciprocity weight, 1 = at its coercive-deterrence weight), drawn from the chosen lens's
  range in data/parameters.yaml;
- events: a rule with a ``chance`` happens or not in each draw and month, so a tit-for-tat
  echo can die out or spiral by chance (Bendor 1991). The deterministic run uses their
  expected value instead.

The engine is the one in ``engine.py`` vectorised over draws with numpy: same rules, same
order, same saturation. Rules whose condition and sizes do not depend on the state are
laid out for every month in one pass; only the rest are evaluated month by month, one
numpy operation over all draws at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .conditions import compile_condition
from .engine import NO_SHOCKS, SOFT_ZONE, Inputs, lever_share, segments, shipped_parameters, shipped_rules
from .indicators import INDICATORS, RESPONSES
from .parameters import PARAMETER_KINDS, Parameters
from .rules import Range, RuleBook
from .scenario import LEVER_LEVELS, Scenario

INDEX = {name: i for i, name in enumerate(INDICATORS)}
PERCENTILES = (10, 50, 90)
DEFAULT_DRAWS, DEFAULT_SEED = 1000, 1
MAX_DRAWS = 5000
DETERRENCE = "deterrence"  # tornado label of the how-far-force-deters weight


def effect_ranges(rules: RuleBook) -> list[tuple[int, Range]]:
    """Every effect of every rule, in file order, as (rule position, size range)."""
    return [(r, e.size) for r, rule in enumerate(rules.rules) for e in rule.effects]


def triangular(u: np.ndarray, size: Range) -> np.ndarray:
    """The triangular(low, central, high) distribution's value at quantile ``u``."""
    a, c, b = size.low, size.central, size.high
    if b == a:
        return np.full_like(u, a, dtype=float)
    split = (c - a) / (b - a)
    return np.where(u < split, a + np.sqrt(u * (b - a) * (c - a)), b - np.sqrt((1 - u) * (b - a) * (b - c)))


@dataclass(frozen=True)
class Draws:
    """The assumptions of each run (one row per draw)."""

    sizes: np.ndarray  # (draws, effects), as effect_ranges
    start: np.ndarray  # (draws, indicators)
    baseline: np.ndarray  # (draws, indicators)
    pull: np.ndarray  # (draws, indicators)
    deterrence: np.ndarray | None = None  # (draws,) quantiles of the lens's range; None or NaN: its central value
    events: np.ndarray | None = None  # (draws, months, chance rules) uniforms; None: expected values

    @property
    def count(self) -> int:
        return self.sizes.shape[0]

    @staticmethod
    def stack(rows: list[Draws]) -> Draws:
        """Several expected-value Draws as one (for one vectorised run)."""
        def column(row: Draws) -> np.ndarray:
            return np.full(row.count, np.nan) if row.deterrence is None else row.deterrence
        sizes, start, baseline, pull = (np.vstack([getattr(r, kind) for r in rows])
                                        for kind in ("sizes", "start", "baseline", "pull"))
        return Draws(sizes, start, baseline, pull, deterrence=np.concatenate([column(r) for r in rows]))


def _parameter_values(parameters: Parameters, kind: str, pick: dict[str, str] | None = None) -> np.ndarray:
    pick = pick or {}
    return np.array([getattr(getattr(parameters.indicators[name], kind), pick.get(f"{kind}:{name}", "central"))
                     for name in INDICATORS])


def central_draws(rules: RuleBook, parameters: Parameters | None = None, picks: dict[str, str] | None = None) -> Draws:
    """One draw at central values, except those named in ``picks``: a rule id, ``kind:indicator``
    (kind = start, baseline or pull) or ``deterrence``, each -> "low" or "high"."""
    parameters = parameters or shipped_parameters()
    picks = picks or {}
    sizes = np.array([[getattr(size, picks.get(rules.rules[r].id, "central")) for r, size in effect_ranges(rules)]])
    deterrence = {"low": np.zeros(1), "high": np.ones(1)}.get(picks.get(DETERRENCE, ""))
    start, baseline, pull = (_parameter_values(parameters, kind, picks)[None, :] for kind in PARAMETER_KINDS)
    return Draws(sizes, start, baseline, pull, deterrence=deterrence)


def random_draws(rules: RuleBook, draws: int, seed: int, parameters: Parameters | None = None,
                 months: int = 36) -> Draws:
    """Seeded draws of every assumption; the same seed gives the same draws."""
    parameters = parameters or shipped_parameters()
    rng = np.random.default_rng(seed)
    quantiles = rng.random((draws, len(rules.rules)))
    sizes = np.column_stack([triangular(quantiles[:, r], size) for r, size in effect_ranges(rules)])
    kinds = []
    for kind in PARAMETER_KINDS:
        u = rng.random((draws, len(INDICATORS)))
        kinds.append(np.column_stack([triangular(u[:, i], getattr(parameters.indicators[name], kind))
                                      for i, name in enumerate(INDICATORS)]))
    deterrence = rng.random(draws)
    events = rng.random((draws, months, sum(rule.chance is not None for rule in rules.rules)))
    start, baseline, pull = kinds
    return Draws(sizes, start, baseline, pull, deterrence=deterrence, events=events)


def saturate(held: np.ndarray, push: np.ndarray) -> np.ndarray:
    """``engine.saturate`` over arrays."""
    up_room = 100.0 - held
    up = held - up_room * np.expm1(-np.maximum(push, 0.0) / np.maximum(up_room, SOFT_ZONE))
    down = held * np.exp(np.minimum(push, 0.0) / np.maximum(held, SOFT_ZONE))
    return np.where(push >= 0, up, down)


def lens_weights(rules: RuleBook, scenario: Scenario, draws: Draws, parameters: Parameters) -> list:
    """Each rule's weight: the lens's own, or per draw between the two lenses' weights."""
    if draws.deterrence is None:
        return [getattr(rule.lenses, scenario.lens) for rule in rules.rules]
    lens_range = parameters.deterrence[scenario.lens]
    u = draws.deterrence
    force = np.where(np.isnan(u), lens_range.central, triangular(np.nan_to_num(u), lens_range))
    return [rule.lenses.reciprocity + force * (rule.lenses.coercive_deterrence - rule.lenses.reciprocity)
            for rule in rules.rules]


def run_many(scenario: Scenario, draws: Draws, rules: RuleBook | None = None,
             parameters: Parameters | None = None) -> np.ndarray:
    """Simulate one scenario once per draw.

    Returns an array (draws, months + 1, indicators), month 0 first, indicators in the
    order of ``INDICATORS``.
    """
    return run_many_path([(scenario, NO_SHOCKS)] * scenario.months, draws, rules, parameters)


def _compile_vector(rules: RuleBook, inputs: Inputs, sizes: np.ndarray, weights: list) -> tuple[list, list, set[int]]:
    """As ``engine._compile`` over draws: (fixed, dynamic, silent rule positions)."""
    scenario, shocks = inputs
    fixed: list = []
    dynamic: list = []
    silent: set[int] = set()
    column, event = 0, 0
    for position, (rule, weight) in enumerate(zip(rules.rules, weights)):
        check = compile_condition(rule.when, scenario, vector=True, shocks=shocks)
        effects = []
        for effect in rule.effects:
            amount = sizes[:, column] * weight * lever_share(scenario, effect.also_scale_by, effect.also_reversed)
            column += 1
            scale = effect.scale_by
            if scale in LEVER_LEVELS:
                amount = amount * lever_share(scenario, scale, effect.reversed)
                scale = None
            effects.append((INDEX[effect.target], amount, effect.lag, effect.duration, effect.decay,
                            None if scale is None else (INDEX[scale], effect.reversed, effect.scale_from)))
        chance = None
        if rule.chance is not None:
            chance = (INDEX[rule.chance.by], rule.chance.times, event)
            event += 1
        if np.all(np.asarray(weight) == 0) or check is False:
            silent.add(position)
            continue
        entry = (position, check, rule.fires == "on_onset", effects, chance)
        static = check is True and chance is None and all(e[5] is None for e in effects)
        (fixed if static else dynamic).append(entry)
    return fixed, dynamic, silent


def run_many_path(path: list[Inputs], draws: Draws, rules: RuleBook | None = None,
                  parameters: Parameters | None = None, known_events: dict[str, list[float]] | None = None) -> np.ndarray:
    """``engine.run_path`` once per draw (the lens is the first month's; ``known_events`` as
    there): an array (draws, months + 1, indicators), month 0 (the drawn start) first."""
    rules = rules or shipped_rules()
    parameters = parameters or shipped_parameters()
    sizes = draws.sizes
    n, months, count = sizes.shape[0], len(path), len(INDICATORS)
    start, baseline, pull = (np.broadcast_to(a.T, (count, n)) for a in (draws.start, draws.baseline, draws.pull))
    weights = lens_weights(rules, path[0][0], draws, parameters)

    pending = np.zeros((months + 1, count, n))
    state = np.array(start, dtype=float)
    before = state
    held = {position: np.zeros(n, dtype=bool) for position in range(len(rules.rules))}
    out = np.empty((months + 1, count, n))
    out[0] = state
    compiled: dict[Inputs, tuple[list, list, set[int]]] = {}
    for first, last, inputs in segments(path):
        if inputs not in compiled:
            compiled[inputs] = _compile_vector(rules, inputs, sizes, weights)
        fixed, dynamic, silent = compiled[inputs]
        for position, _, onset, effects, _ in fixed:  # lay out every month of the segment now
            if onset and held[position].all():
                continue
            for target, amount, lag, duration, decay, _ in effects:
                if onset:  # only in the draws where it did not hold last month
                    amount = amount * ~held[position]
                for month in (first,) if onset else range(first, last + 1):
                    for k in range(duration):
                        if month + lag + k > months:
                            break
                        pending[month + lag + k, target] += amount * decay**k
        for position, *_ in fixed:
            held[position] = np.ones(n, dtype=bool)
        for position in silent:
            held[position] = np.zeros(n, dtype=bool)

        for month in range(first, last + 1):
            now = dict(zip(INDICATORS, state))
            last_month = dict(zip(INDICATORS, before))
            for position, check, onset, effects, chance in dynamic:
                fired = True if check is True else check(now, last_month)
                if onset:
                    holds = np.broadcast_to(fired, (n,))
                    fired, held[position] = holds & ~held[position], holds
                factor = fired
                if chance is not None:
                    p = np.minimum(1.0, state[chance[0]] / 100.0 * chance[1])
                    if known_events and INDICATORS[chance[0]] in known_events:
                        p = np.full(n, known_events[INDICATORS[chance[0]]][month - 1])
                    happened = p if draws.events is None else draws.events[:, month - 1, chance[2]] < p
                    factor = happened if fired is True else happened * fired
                for target, amount, lag, duration, decay, scale in effects:
                    if scale is not None:
                        index, reversed_, scale_start = scale
                        share = (np.maximum(state[index] - scale_start, 0.0) if scale_start else state[index]) / (100.0 - scale_start)
                        amount = amount * (1.0 - share if reversed_ else share)
                    if factor is not True:
                        amount = amount * factor
                    for k in range(duration):
                        if month + lag + k > months:
                            break
                        pending[month + lag + k, target] += amount * decay**k if k else amount
            before, state = state, saturate(state - pull * (state - baseline), pending[month])
            out[month] = state
    return out.transpose(2, 0, 1)


@dataclass(frozen=True)
class Band:
    """One response's spread over the draws at one month: the 10th, 50th and 90th percentiles."""

    indicator: str
    p10: float
    p50: float
    p90: float


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

    def table(self, month: int) -> tuple[Band, ...]:
        """Each response's band at ``month``, in the order of RESPONSES (the Uncertainty tab's table)."""
        at = np.percentile(self.runs[:, month, :], PERCENTILES, axis=0)  # (3, indicators)
        return tuple(Band(name, *(float(v) for v in at[:, INDEX[name]])) for name in RESPONSES)

    def tables(self) -> tuple[tuple[Band, ...], ...]:
        """``table(month)`` for every month 0..N, from one percentile pass (the fan chart's rows)."""
        b = self.bands()
        return tuple(tuple(Band(name, *(float(v) for v in b[m, INDEX[name]])) for name in RESPONSES)
                     for m in range(b.shape[0]))

    def share_above(self, indicator: str, threshold: float, by_month: int) -> float:
        """Share of draws in which the indicator passes ``threshold`` at some month up to ``by_month``."""
        series = self.runs[:, 1 : by_month + 1, INDEX[indicator]]
        return float((series > threshold).any(axis=1).mean())

    def share_echo_died(self, from_month: int, to_month: int | None = None) -> float:
        """Share of draws with no US retaliatory strike in months ``from_month``..``to_month``
        (default: to the end): the tit-for-tat echo died out by chance (a drawn strike adds
        tens of points to the flow)."""
        flow = self.runs[:, from_month:None if to_month is None else to_month + 1, INDEX["us_retaliation"]]
        return float((flow.max(axis=1) < 1.0).mean()) if flow.shape[1] else 1.0

    def share_higher(self, other: Ensemble, indicator: str, month: int) -> float:
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
             rules: RuleBook | None = None, parameters: Parameters | None = None) -> Ensemble:
    """Draws for a scenario; the shipped rules' results are cached (bounded) by scenario.
    ``parameters``: a past version's own (dashboard.model.versions), else the shipped ones."""
    if rules is None and parameters is None:
        return _cached_ensemble(scenario, draws, seed)
    rules = rules or shipped_rules()
    return Ensemble(scenario, draws, seed, run_many(
        scenario, random_draws(rules, draws, seed, parameters, months=scenario.months), rules, parameters))


@lru_cache(maxsize=16)
def _cached_ensemble(scenario: Scenario, draws: int, seed: int) -> Ensemble:
    runs = run_many(scenario, random_draws(shipped_rules(), draws, seed, months=scenario.months)).astype(np.float32)
    runs.flags.writeable = False  # shared between sessions: never mutated
    return Ensemble(scenario, draws, seed, runs)


@dataclass(frozen=True)
class Swing:
    rule: str  # a rule id, "kind:indicator" for a parameter (start, baseline, pull), or DETERRENCE
    low: float  # the outcome with this assumption at the low end of its range, the rest central
    high: float  # ... at its high end
    central: float

    @property
    def width(self) -> float:
        return abs(self.high - self.low)

    @property
    def straddles(self) -> bool:
        """Whether the central value lies between the two ends (it need not: see ``sensitivity``)."""
        return min(self.low, self.high) - 1e-9 <= self.central <= max(self.low, self.high) + 1e-9


def assumptions(rules: RuleBook, parameters: Parameters) -> list[str]:
    """Every assumption the tornado can move: rules, parameters with a range, the deterrence weight."""
    names = [rule.id for rule in rules.rules]
    for kind in PARAMETER_KINDS:
        names += [f"{kind}:{name}" for name in INDICATORS
                  if getattr(parameters.indicators[name], kind).low != getattr(parameters.indicators[name], kind).high]
    return [*names, DETERRENCE]


def sensitivity(scenario: Scenario, outcome: str, month: int, rules: RuleBook | None = None,
                parameters: Parameters | None = None) -> list[Swing]:
    """Tornado: each assumption at its low and at its high end, the rest central; widest first.

    A bar need not straddle the central value: a rule that fires only past a threshold, or
    a response bent near 0 or 100, answers its low and high ends unevenly, and an
    assumption can move an outcome the same way at both ends (a strike that comes earlier
    or later, say).
    """
    rules = rules or shipped_rules()
    parameters = parameters or shipped_parameters()
    names = assumptions(rules, parameters)
    rows = [central_draws(rules, parameters)]
    for name in names:
        rows += [central_draws(rules, parameters, {name: "low"}), central_draws(rules, parameters, {name: "high"})]
    values = run_many(scenario, Draws.stack(rows), rules, parameters)[:, month, INDEX[outcome]]
    swings = [Swing(name, float(values[1 + 2 * i]), float(values[2 + 2 * i]), float(values[0]))
              for i, name in enumerate(names)]
    return sorted((s for s in swings if s.width > 1e-9), key=lambda s: -s.width)


def sweep(scenario: Scenario, lever_x: str, lever_y: str, outcome: str, month: int, draws: int = 500,
          seed: int = DEFAULT_SEED, rules: RuleBook | None = None, parameters: Parameters | None = None) -> list[dict]:
    """The outcome at ``month`` over every combination of two levers' levels (the other
    levers as in ``scenario``): median and 10-90 % range over the same draws for each."""
    if lever_x == lever_y:
        raise ValueError("choose two different levers")
    rules = rules or shipped_rules()
    same = random_draws(rules, draws, seed, parameters, months=scenario.months)
    rows = []
    for x in LEVER_LEVELS[lever_x]:
        for y in LEVER_LEVELS[lever_y]:
            variant = Scenario(**{**scenario.model_dump(), lever_x: x, lever_y: y})
            values = run_many(variant, same, rules, parameters)[:, month, INDEX[outcome]]
            p10, p50, p90 = np.percentile(values, PERCENTILES)
            rows.append({lever_x: x, lever_y: y, "p10": float(p10), "p50": float(p50), "p90": float(p90)})
    return rows
