"""The compute budget of a rerun: what the Uncertainty and Sweep tabs would cost, known before running.

The vectorised engine (``ensemble.run_many``) does, each month, about one numpy operation per
effect-month, rule and condition test, each over all its draws at once. Measured on the 2-core
reference machine (``bench/attack_links.py``): an operation costs ~3 µs, and as much again for
every ~1,500 draws it carries. So a run costs

    months × (effect-months + rules + condition tests) × (1 + draws / 1,500)   "steps" of ~3 µs,

and a tab asks for at most ``MAX_STEPS`` (about a second of CPU). The shipped rules fit at the
most costly settings (5,000 draws: a quarter of it; a 20-cell sweep: 60 %); a book at the
file limits can still draw its bands with fewer draws, and is told how many.
"""

from __future__ import annotations

from dataclasses import dataclass

from .rules import RuleBook, condition_tests

OP_DRAWS = 1_500  # one operation's fixed cost equals its arithmetic over this many draws
STEP_SECONDS = 3e-6
MAX_STEPS = 400_000  # ~1.2 s of CPU here
TORNADO_DRAWS_PER_ROW = 4  # a tornado row also builds its own sizes: counted as four draws


@dataclass(frozen=True)
class Cost:
    steps: float

    @property
    def seconds(self) -> float:
        return self.steps * STEP_SECONDS

    @property
    def affordable(self) -> bool:
        return self.steps <= MAX_STEPS


def operations(book: RuleBook, months: int) -> int:
    """Numpy operations of one run: months × (effect-months + rules + condition tests)."""
    effect_months = sum(effect.duration for rule in book.rules for effect in rule.effects)
    tests = sum(condition_tests(rule.when.model_dump(by_alias=True)) for rule in book.rules)
    return months * (effect_months + len(book.rules) + tests)


def runs_cost(book: RuleBook, months: int, draws: list[int]) -> Cost:
    """The cost of one run per entry of ``draws`` (its number of draws)."""
    return Cost(operations(book, months) * sum(1 + d / OP_DRAWS for d in draws))


def uncertainty_cost(book: RuleBook, months: int, draws: int, tornado_rows: int) -> Cost:
    """Bands for the scenario and its baseline, and a tornado of ``tornado_rows`` runs."""
    return runs_cost(book, months, [draws, draws, tornado_rows * TORNADO_DRAWS_PER_ROW])


def sweep_cost(book: RuleBook, months: int, cells: int, draws: int) -> Cost:
    return runs_cost(book, months, [draws] * cells)


def most_draws(book: RuleBook, months: int, tornado_rows: int) -> int:
    """The most draws the Uncertainty tab can afford for this book (0: none at all)."""
    per_run = operations(book, months)
    spare = MAX_STEPS / per_run - runs_cost(book, months, [tornado_rows * TORNADO_DRAWS_PER_ROW]).steps / per_run
    return max(0, int((spare / 2 - 1) * OP_DRAWS))
