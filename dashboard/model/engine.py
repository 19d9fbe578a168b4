"""The month-by-month simulation.

Each month (Richardson's action-reaction model with restraint):

    held     = value[m-1] − pull × (value[m-1] − baseline)        what would happen anyway
    value[m] = saturate(held, Σ pushes of the rules that fired, landing in month m)

``saturate`` adds the pushes as they are while there is room, and bends them as the value
nears 0 or 100 (see its docstring), so a response near a bound still answers every lever
that has a rule on it: it may approach 0 or 100, never stick there.

Rules read the levers and last month's state, so state feeds back: attacks raise the US
pressure to retaliate, the response doctrine turns pressure into US strikes, and strikes
draw answers in other theatres a month or more later. Whether that tit-for-tat echo dies
out or takes off depends on the other levers and the lens. Central sizes make a run
deterministic; the trace records, per month and indicator, every rule's share.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

from .coherence import warnings
from .conditions import compile_condition
from .indicators import INDICATORS, RESPONSES
from .parameters import Parameters, load_parameters
from .rules import Effect, Range, RuleBook, load_rules
from .scenario import LEVER_LEVELS, Scenario

PULL = "pull_to_baseline"  # trace label of the Richardson pull
BOUNDS = "room_to_bounds"  # trace label of the bending of pushes near 0 or 100
SOFT_ZONE = 10.0  # index points: within this of a bound, pushes toward it shrink in proportion

# Chooses the size of one effect: (rule id, effect index, its range) -> points per month.
SizePicker = Callable[[str, int, Range], float]


def saturate(held: float, push: float) -> float:
    """``held`` moved by ``push``, bent so that it stays strictly inside 0..100.

    A push toward a bound takes the room left (r) like ``r × (1 − exp(−push / max(r, SOFT_ZONE)))``:
    about the push itself while it is small against the room, ever less as the room runs
    out, never all of it. Strictly increasing in the push, so every rule still counts, and
    the identity at a zero push. From exactly 0 (a monthly flow reset by its pull) a push
    down stays at 0: there is nothing below.
    """
    if push >= 0:
        room = 100.0 - held
        return held - room * math.expm1(-push / max(room, SOFT_ZONE))
    return held * math.exp(push / max(held, SOFT_ZONE))


def central_size(rule_id: str, index: int, size: Range) -> float:
    return size.central


@lru_cache(maxsize=1)
def shipped_rules() -> RuleBook:
    """The rules in data/rules.yaml, loaded once (frozen, so safe to share)."""
    return load_rules()


@lru_cache(maxsize=1)
def shipped_parameters() -> Parameters:
    return load_parameters()


@dataclass(frozen=True)
class Result:
    """A run: the state each month and why it moved.

    ``monthly[0]`` is month 0 (the start); ``monthly[m]`` is month m.
    ``trace`` holds ``(month, indicator, rule id, change in points)`` rows; for each month
    and indicator they add up exactly to the month's change. ``chances`` holds
    ``(month, rule id, chance)`` for the rules that are events with a chance (0..1).
    """

    scenario: Scenario
    monthly: Sequence[Mapping[str, float]]
    trace: Sequence[tuple[int, str, str, float]] = field(repr=False)
    chances: Sequence[tuple[int, str, float]] = field(default_factory=tuple, repr=False)

    @property
    def final(self) -> Mapping[str, float]:
        return self.monthly[-1]

    def summary(self) -> dict[str, float]:
        """Each response at the last month."""
        return {name: self.final[name] for name in RESPONSES}

    def at(self, month: int) -> Mapping[str, float]:
        """The state at ``month``, read-only."""
        return self.monthly[month]

    def in_units(self, name: str, parameters: Parameters | None = None) -> list[float] | None:
        """The indicator in real units month by month (month 0 first), where a link to the
        record exists (data/parameters.yaml ``units``), else None. A stock counts what was
        added since month 0."""
        link = (parameters or shipped_parameters()).indicators[name].link(self.scenario.lens)
        if link is None:
            return None
        series = [row[name] for row in self.monthly]
        if link.form == "stock":
            return [0.0, *link.apply(series[1:]).tolist()]
        return link.apply(series).tolist()

    def to_dict(self, digits: int = 2) -> dict:
        """The JSON shape the CLI prints."""
        return {
            "scenario": self.scenario.levels(),
            "summary": {k: round(v, digits) for k, v in self.summary().items()},
            "warnings": warnings(self.scenario),
            "monthly": [
                {"month": m, **{k: round(v, digits) for k, v in row.items()}}
                for m, row in enumerate(self.monthly) if m > 0
            ],
            "trace": [
                {"month": m, "indicator": name, "rule": rule, "change": round(change, digits + 2)}
                for m, name, rule, change in self.trace
            ],
        }


def lever_share(scenario: Scenario, lever: str | None, reversed_: bool) -> float:
    """A lever's level as a share 0..1 (1 minus it when reversed; 1 for no lever)."""
    if lever is None:
        return 1.0
    share = scenario.intensity(lever)
    return 1.0 - share if reversed_ else share


def _scale(effect: Effect, scenario: Scenario) -> Callable[[dict], float] | float:
    """The effect's multiplier: fixed for levers, read from the state for an indicator."""
    name, fixed = effect.scale_by, lever_share(scenario, effect.also_scale_by, effect.also_reversed)
    if name is None or name in LEVER_LEVELS:
        return fixed * lever_share(scenario, name, effect.reversed)
    start, span = effect.scale_from, 100.0 - effect.scale_from
    if effect.reversed:
        return lambda state: fixed * (1.0 - max(0.0, state[name] - start) / span)
    return lambda state: fixed * max(0.0, state[name] - start) / span


# What a month's rules read besides the state: the levers in force and the outside shocks that are on.
Inputs = tuple[Scenario, frozenset[str]]
NO_SHOCKS: frozenset[str] = frozenset()


def simulate(
    scenario: Scenario,
    rules: RuleBook | None = None,
    parameters: Parameters | None = None,
    pick_size: SizePicker = central_size,
) -> Result:
    """Run the scenario month by month with the given (default: shipped) rules."""
    monthly, trace, chances = run_path([(scenario, NO_SHOCKS)] * scenario.months, rules, parameters, pick_size)
    # Read-only rows and tuples: a cached Result is shared by every session, so no caller may
    # change another's figures by writing to what ``at()`` returns.
    return Result(scenario=scenario, monthly=tuple(MappingProxyType(row) for row in monthly), trace=tuple(trace),
                  chances=tuple(chances))


@lru_cache(maxsize=512)
def _compile_central(rules: RuleBook, inputs: Inputs) -> tuple[list, list, set[str]]:
    """``_compile`` at central sizes, kept: a replay meets the same few dozen inputs every run."""
    return _compile(rules, inputs, central_size)


def _compile(rules: RuleBook, inputs: Inputs, pick_size: SizePicker) -> tuple[list, list, set[str]]:
    """The rules that can fire under these inputs, split into those that read only the inputs
    (``fixed``: they fire the same way every month) and those that read the state
    (``dynamic``); and the ids of those that cannot fire at all."""
    scenario, shocks = inputs
    fixed: list = []
    dynamic: list = []
    silent: set[str] = set()
    for rule in rules.rules:
        weight = getattr(rule.lenses, scenario.lens)
        check = compile_condition(rule.when, scenario, shocks=shocks)
        if weight == 0 or check is False:
            silent.add(rule.id)
            continue
        effects = [
            (e.target, pick_size(rule.id, i, e.size) * weight, e.lag, e.duration, e.decay, _scale(e, scenario))
            for i, e in enumerate(rule.effects)
        ]
        entry = (rule.id, check, rule.fires == "on_onset", effects, rule.chance)
        static = check is True and rule.chance is None and all(e[5].__class__ is float for e in effects)
        (fixed if static else dynamic).append(entry)
    return fixed, dynamic, silent


def segments(path: list[Inputs]) -> list[tuple[int, int, Inputs]]:
    """Runs of months with the same inputs: (first month, last month, inputs), months from 1."""
    out: list[tuple[int, int, Inputs]] = []
    for month, inputs in enumerate(path, start=1):
        if out and out[-1][2] == inputs:
            out[-1] = (out[-1][0], month, inputs)
        else:
            out.append((month, month, inputs))
    return out


def run_path(
    path: list[Inputs],
    rules: RuleBook | None = None,
    parameters: Parameters | None = None,
    pick_size: SizePicker = central_size,
    start: dict[str, float] | None = None,
    known_events: dict[str, list[float]] | None = None,
    with_trace: bool = True,
) -> tuple[list[dict[str, float]], list[tuple[int, str, str, float]], list[tuple[int, str, float]]]:
    """Run month by month, month m under the inputs ``path[m - 1]`` (levers and shocks may
    change from month to month; the lens should not). Returns (monthly, trace, chances) as
    in ``Result``; ``start`` is month 0 (default: every indicator's central start).

    ``known_events`` maps an indicator that sets events' chances (``chance: {by: ...}``) to a
    chance for each month, used instead: the replay passes 1 in the months the record shows
    the event happened and 0 in the others. ``with_trace=False`` leaves the trace empty (faster)."""
    rules = rules or shipped_rules()
    indicators = (parameters or shipped_parameters()).indicators
    months = len(path)

    relaxation = [(name, indicators[name].pull.central, indicators[name].baseline.central) for name in INDICATORS]
    state = dict(start) if start else {name: indicators[name].start.central for name in INDICATORS}
    before = dict(state)
    held_last_month: dict[str, bool] = {}
    # pending[m][indicator][rule id] = points landing in month m
    pending: list[dict[str, dict[str, float]]] = [{name: {} for name in INDICATORS} for _ in range(months + 1)]
    monthly = [dict(state)]
    trace: list[tuple[int, str, str, float]] = []
    chances: list[tuple[int, str, float]] = []
    compiled: dict[Inputs, tuple[list, list, set[str]]] = {}

    def add_pushes(rule_id: str, month: int, effects: list, factor: float, state: dict) -> None:
        """Add the pushes of a rule that fired in ``month`` to the months they land in."""
        for target, size, lag, duration, decay, scale in effects:
            amount = factor * size * (scale if scale.__class__ is float else scale(state))
            if amount == 0:
                continue
            for k in range(min(duration, months - month - lag + 1)):
                bucket = pending[month + lag + k][target]
                bucket[rule_id] = bucket.get(rule_id, 0.0) + (amount * decay**k if k else amount)

    for first, last, inputs in segments(path):
        if inputs not in compiled:
            compiled[inputs] = (_compile_central(rules, inputs) if pick_size is central_size
                                else _compile(rules, inputs, pick_size))
        fixed, dynamic, silent = compiled[inputs]
        # Rules that read only the inputs fire the same way every month of the segment: lay them out once.
        for rule_id, _, onset_only, effects, _ in fixed:
            if onset_only or any(e[3] > 1 for e in effects):
                if onset_only and held_last_month.get(rule_id, False):
                    continue
                for month in (first,) if onset_only else range(first, last + 1):
                    add_pushes(rule_id, month, effects, 1.0, state)
                continue
            for target, size, lag, _, _, scale in effects:  # one push a month, from first + lag on
                amount = size * scale
                if amount:
                    for landing in range(first + lag, min(last + lag, months) + 1):
                        bucket = pending[landing][target]
                        bucket[rule_id] = bucket.get(rule_id, 0.0) + amount
        for rule_id, *_ in fixed:
            held_last_month[rule_id] = True
        for rule_id in silent:
            held_last_month[rule_id] = False

        for month in range(first, last + 1):
            for rule_id, check, onset_only, effects, chance in dynamic:
                holds = check if check is True else check(state, before)
                if onset_only:
                    fired = holds and not held_last_month.get(rule_id, False)
                    held_last_month[rule_id] = holds
                else:
                    fired = holds
                if not fired:
                    continue
                expected = 1.0
                if chance is not None:  # an event: its expected effect, or what the record says
                    if known_events and chance.by in known_events:
                        expected = known_events[chance.by][month - 1]
                    else:
                        expected = min(1.0, state[chance.by] / 100.0 * chance.times)
                    chances.append((month, rule_id, expected))
                for target, size, lag, duration, decay, scale in effects:
                    amount = expected * size * (scale if scale.__class__ is float else scale(state))
                    if duration == 1 and amount and month + lag <= months:  # most effects: one push
                        bucket = pending[month + lag][target]
                        bucket[rule_id] = bucket.get(rule_id, 0.0) + amount
                    elif duration > 1:
                        add_pushes(rule_id, month, [(target, size, lag, duration, decay, scale)], expected, state)

            new_state = {}
            landed = pending[month]
            for name, pull_rate, baseline in relaxation:
                old = state[name]
                pushes = landed[name]
                pull = -pull_rate * (old - baseline)
                push = sum(pushes.values())
                value = saturate(old + pull, push)
                new_state[name] = value
                if not with_trace:
                    continue
                for rule_id, amount in pushes.items():
                    trace.append((month, name, rule_id, amount))
                if pull:
                    trace.append((month, name, PULL, pull))
                if value != old + pull + push:
                    trace.append((month, name, BOUNDS, value - (old + pull + push)))
            before, state = state, new_state
            monthly.append(dict(state))

    return monthly, trace, chances
