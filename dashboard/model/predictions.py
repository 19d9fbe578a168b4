"""Predict, then reveal: which responses a set of options raises against a comparison.

Seminar mode and classroom rooms ask the same question: compared with another scenario
(no new US action, or the status quo), which responses will be higher after a year?
The model's answer is a change of more than RISE_POINTS at PREDICTION_MONTH.
"""

from __future__ import annotations

from .engine import simulate
from .indicators import RESPONSES
from .rules import RuleBook
from .scenario import Scenario

PREDICTION_MONTH = 12  # predictions are about the first year
RISE_POINTS = 0.5  # a smaller change (on the 0-100 index) counts as no change


def prediction_month(scenario: Scenario) -> int:
    """The month predictions are about: the first year, or the whole run if it is shorter."""
    return min(PREDICTION_MONTH, scenario.months)


def model_changes(scenario: Scenario, against: Scenario, rules: RuleBook | None = None) -> dict[str, float]:
    """Each response at the prediction month, ``scenario`` minus ``against`` (index points)."""
    month = prediction_month(scenario)
    now, then = simulate(scenario, rules).at(month), simulate(against, rules).at(month)
    return {name: now[name] - then[name] for name in RESPONSES}


def rises(changes: dict[str, float]) -> set[str]:
    """The responses the model says rise."""
    return {name for name, change in changes.items() if change > RISE_POINTS}
