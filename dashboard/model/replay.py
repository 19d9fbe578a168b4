"""History replay: the model run month by month under the real US choices, and branches from it.

The replay follows ``data/timeline.yaml``: each month the levers in force then and the
outside shocks that were on. It always starts at the timeline's start (January 2016), from
the state the model settles in after ``WARM_UP_MONTHS`` under that month's inputs (begun at
every indicator's baseline), so a month's state never depends on which months are shown.
The scenarios' month 0 (data/parameters.yaml ``start``) is this replay's February 2021.

A branch ("what if the US had not…") changes the levers a scenario names from the branch
month on; the levers it does not name follow the timeline, and the shocks still happen.
Before the branch month a branch is the replay, exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from .engine import Inputs, run_path, shipped_parameters, shipped_rules
from .ensemble import random_draws, run_many_path
from .errors import InputError
from .parameters import Parameters
from .rules import RuleBook
from .scenario import LEVER_LEVELS, Scenario, parse_scenario
from .timeline import MONTH_PATTERN, Timeline, month_number, shipped_timeline

WARM_UP_MONTHS = 60  # months under the first month's inputs before the replay starts


@dataclass(frozen=True)
class Branch:
    month: str  # YYYY-MM: the first month under the branch's levers
    levers: dict[str, str | bool]  # the levers the scenario names (not the lens)

    def to_dict(self) -> dict:
        """As JSON spells it: the yes/no levers as booleans."""
        return {"month": self.month,
                "scenario": {k: v == "true" if v in ("true", "false") else v for k, v in self.levers.items()}}


def check_month(name: str, value: object, timeline: Timeline) -> str:
    """``value`` if it is a month of the timeline, else InputError naming ``name``."""
    allowed = f"a month YYYY-MM from {timeline.start} to {timeline.end}"
    if not isinstance(value, str) or not MONTH_PATTERN.match(value):
        raise InputError([f"{name}: {value!r} is not a month; allowed: {allowed}"])
    if not month_number(timeline.start) <= month_number(value) <= month_number(timeline.end):
        raise InputError([f"{name}: {value} is outside the timeline; allowed: {allowed}"])
    return value


def parse_branch(month: object, scenario: object, timeline: Timeline | None = None) -> tuple[Branch, str | None]:
    """A Branch from a month and a scenario mapping, and the lens the scenario names (or None).

    The scenario is checked as any scenario is (names and levels); ``months`` is ignored.
    """
    timeline = timeline or shipped_timeline()
    month = check_month("branch", month, timeline)
    parsed = parse_scenario(scenario)
    assert isinstance(scenario, dict)  # parse_scenario refused anything else
    named = [lever for lever in scenario if lever in LEVER_LEVELS and lever != "lens"]  # parse_scenario checked it
    levers: dict[str, str | bool] = {lever: parsed.level(lever) for lever in named}
    return Branch(month, levers), (parsed.lens if "lens" in scenario else None)


def replay_path(lens: str, timeline: Timeline, last: str | None = None, branch: Branch | None = None) -> list[Inputs]:
    """The inputs of each month: the warm-up, then the timeline's months up to ``last``."""
    months = timeline.months()
    count = len(months) if last is None else months.index(last) + 1
    branch_from = months.index(branch.month) if branch else count
    scenarios: dict[tuple, Scenario] = {}
    path: list[Inputs] = []
    for position, (levers, shocks) in enumerate(zip(timeline.levers_by_month()[:count], timeline.shocks_by_month())):
        if branch is not None and position >= branch_from:
            levers = {**levers, **branch.levers}
        key = tuple(sorted(levers.items()))
        if key not in scenarios:  # one Scenario object per setting, so equal inputs compare fast
            scenarios[key] = Scenario(**{k: v == "true" if v in ("true", "false") else v for k, v in levers.items()},
                                      lens=lens)
        path.append((scenarios[key], shocks))
    return [path[0]] * WARM_UP_MONTHS + path


def known_events(timeline: Timeline, months: int) -> dict[str, list[float]]:
    """What the record says of the model's chance events, for each month of the path: US deaths
    happened in the timeline's ``us_deaths`` months and in no other (none in the warm-up)."""
    deaths = [0.0] * WARM_UP_MONTHS + timeline.deaths_by_month()
    return {"us_casualties": deaths[:months]}


@dataclass(frozen=True)
class Replay:
    """The model's months from the timeline's start to ``months[-1]``; month i is ``months[i]``."""

    lens: str
    months: tuple[str, ...]
    monthly: list[dict[str, float]] = field(repr=False)  # one state per month, no month 0
    trace: list[tuple[int, str, str, float]] = field(repr=False)  # month counted from 1 = months[0]
    branch: Branch | None = None

    def series(self, indicator: str) -> np.ndarray:
        return np.array([row[indicator] for row in self.monthly])

    def between(self, first: str, last: str) -> list[int]:
        """Positions of the months first..last."""
        return list(range(self.months.index(first), self.months.index(last) + 1))


def replay(lens: str = "reciprocity", last: str | None = None, branch: Branch | None = None,
           rules: RuleBook | None = None, parameters: Parameters | None = None,
           timeline: Timeline | None = None, with_trace: bool = False) -> Replay:
    """The deterministic replay (central assumptions; chance events at their expected values,
    US deaths as on record); ``with_trace`` also keeps why each month moved."""
    timeline = timeline or shipped_timeline()
    parameters = parameters or shipped_parameters()
    path = replay_path(lens, timeline, last, branch)
    baselines = {name: p.baseline.central for name, p in parameters.indicators.items()}
    monthly, trace, _ = run_path(path, rules or shipped_rules(), parameters, start=baselines,
                                 known_events=known_events(timeline, len(path)), with_trace=with_trace)
    shown = monthly[WARM_UP_MONTHS + 1:]
    trace = [(m - WARM_UP_MONTHS, name, rule, change) for m, name, rule, change in trace if m > WARM_UP_MONTHS]
    return Replay(lens, tuple(timeline.months()[:len(shown)]), shown, trace, branch)


def replay_draws(lens: str, draws: int, seed: int, last: str | None = None, branch: Branch | None = None,
                 rules: RuleBook | None = None, parameters: Parameters | None = None,
                 timeline: Timeline | None = None) -> np.ndarray:
    """The replay once per seeded draw of every assumption: (draws, months, indicators), no month 0.

    The same seed draws the same assumptions and events for a replay and its branches.
    """
    timeline = timeline or shipped_timeline()
    rules = rules or shipped_rules()
    parameters = parameters or shipped_parameters()
    path = replay_path(lens, timeline, last, branch)
    drawn = random_draws(rules, draws, seed, parameters, months=len(path))
    drawn = replace(drawn, start=drawn.baseline)  # the warm-up starts at rest: the replay never reads `start`
    runs = run_many_path(path, drawn, rules, parameters, known_events(timeline, len(path)))
    return runs[:, WARM_UP_MONTHS + 1:, :]

