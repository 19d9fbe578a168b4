"""The compute budget of a rerun: what the Uncertainty and Sweep tabs would cost, known before running.

The vectorised engine (``ensemble.run_many``) does, each month, about one numpy operation per
effect-month, rule and condition test ("operations" below), each over all its draws at once,
plus some work per draw and month whatever the rules (drawn parameters, chance events).
Measured on the 2-core reference machine (``bench/attack_links.py``, a book at the limits and
the shipped rules): an operation costs ~4.2 µs, and as much again for every ~8,700 draws it
carries; a draw-month ~1 µs; a tornado costs one more run for every ~300 of its rows. A tab
may ask for ``MAX_SECONDS`` of that estimate. The shipped rules fit at the most costly
settings (5,000 draws: ~0.5 s; a 20-cell sweep: ~1.2 s); a book at the file limits is told to
lower its draws, or to switch rules off.
"""

from __future__ import annotations

from dataclasses import dataclass

from .conditions import AllOf, ShockTest
from .rules import Rule, RuleBook, condition_tests

OP_SECONDS = 4.2e-6
DRAWS_PER_OP = 8_700
DRAW_MONTH_SECONDS = 1e-6
TORNADO_ROWS_PER_RUN = 300
MAX_SECONDS = 1.5


@dataclass(frozen=True)
class Cost:
    seconds: float  # estimated CPU seconds on the reference machine

    @property
    def affordable(self) -> bool:
        return self.seconds <= MAX_SECONDS


def needs_a_shock(rule: Rule) -> bool:
    """A rule that only an outside shock of the history replay can fire (silent in a scenario run)."""
    when = rule.when
    return isinstance(when, ShockTest) or (isinstance(when, AllOf) and any(isinstance(c, ShockTest) for c in when.all))


def operations(book: RuleBook, months: int) -> int:
    """Numpy operations of one scenario run: months × (effect-months + rules + condition tests),
    over the rules that can fire in one (a scenario switches no shock on)."""
    rules = [rule for rule in book.rules if not needs_a_shock(rule)]
    effect_months = sum(effect.duration for rule in rules for effect in rule.effects)
    tests = sum(condition_tests(rule.when.model_dump(by_alias=True)) for rule in rules)
    return months * (effect_months + len(rules) + tests)


def run_seconds(book: RuleBook, months: int, draws: int) -> float:
    return operations(book, months) * OP_SECONDS * (1 + draws / DRAWS_PER_OP) + months * draws * DRAW_MONTH_SECONDS


def tornado_seconds(book: RuleBook, months: int, rows: int) -> float:
    return operations(book, months) * OP_SECONDS * (1 + rows / TORNADO_ROWS_PER_RUN)


def uncertainty_cost(book: RuleBook, months: int, draws: int, tornado_rows: int) -> Cost:
    """Bands for the scenario and its baseline, and a tornado of ``tornado_rows`` runs."""
    return Cost(2 * run_seconds(book, months, draws) + tornado_seconds(book, months, tornado_rows))


def sweep_cost(book: RuleBook, months: int, cells: int, draws: int) -> Cost:
    return Cost(cells * run_seconds(book, months, draws))


def most_draws(book: RuleBook, months: int, tornado_rows: int) -> int:
    """The most draws the Uncertainty tab can afford for this book (0: none at all)."""
    fixed = 2 * run_seconds(book, months, 0) + tornado_seconds(book, months, tornado_rows)
    per_draw = 2 * (operations(book, months) * OP_SECONDS / DRAWS_PER_OP + months * DRAW_MONTH_SECONDS)
    return max(0, int((MAX_SECONDS - fixed) / per_draw))
