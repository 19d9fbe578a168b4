"""The condition grammar of the rules: comparisons combined with all / any / not.

A condition is data, never code. In YAML::

    all:
      - {lever: sanctions, at_least: tightened}
      - {indicator: proxy_attacks, above: 40}
      - not: {lever: direct_talks, is: true}

Lever tests: ``is``, ``in``, ``at_least``, ``at_most`` (levels compare by their order).
Indicator tests: ``above``, ``below`` (the value last month), ``rising_by`` (how much it
rose over the month before). Shock tests: ``{shock: gaza_war}`` holds in the months the
history replay switches that outside shock on (never in a scenario of one's own).
``always: true`` is a condition that always holds.
Conditions are compiled once into small Python closures; nothing is ``eval``-ed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from .names import IndicatorName, LeverName, ShockName
from .scenario import LEVER_LEVELS, Scenario

Level = str | bool


def _level_name(value: Level) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class LeverTest(_Strict):
    lever: LeverName
    is_: Level | None = Field(None, alias="is")
    in_: tuple[Level, ...] | None = Field(None, alias="in")
    at_least: Level | None = None
    at_most: Level | None = None

    @model_validator(mode="after")
    def _one_known_level_test(self) -> LeverTest:
        tests = {k: v for k, v in (("is", self.is_), ("in", self.in_), ("at_least", self.at_least),
                                   ("at_most", self.at_most)) if v is not None}
        if len(tests) != 1:
            raise ValueError("a lever test needs exactly one of: is, in, at_least, at_most")
        levels = LEVER_LEVELS[self.lever]
        for value in self.in_ if self.in_ is not None else (self.is_, self.at_least, self.at_most):
            if value is not None and _level_name(value) not in levels:
                raise ValueError(f"{self.lever}: {value!r} is not a level; allowed: {', '.join(levels)}")
        return self

    def ranks(self) -> frozenset[int]:
        """The lever ranks for which this test holds."""
        levels = LEVER_LEVELS[self.lever]
        rank = {name: i for i, name in enumerate(levels)}
        if self.is_ is not None:
            return frozenset({rank[_level_name(self.is_)]})
        if self.in_ is not None:
            return frozenset(rank[_level_name(v)] for v in self.in_)
        if self.at_least is not None:
            return frozenset(range(rank[_level_name(self.at_least)], len(levels)))
        assert self.at_most is not None  # one test is set (checked on validation)
        return frozenset(range(rank[_level_name(self.at_most)] + 1))


class IndicatorTest(_Strict):
    indicator: IndicatorName
    above: float | None = Field(None, ge=0, le=100)
    below: float | None = Field(None, ge=0, le=100)
    rising_by: float | None = Field(None, gt=0, le=100)

    @model_validator(mode="after")
    def _one_test(self) -> IndicatorTest:
        if sum(v is not None for v in (self.above, self.below, self.rising_by)) != 1:
            raise ValueError("an indicator test needs exactly one of: above, below, rising_by")
        return self


class ShockTest(_Strict):
    shock: ShockName


class Always(_Strict):
    always: bool = True


class AllOf(_Strict):
    all: tuple[Condition, ...] = Field(min_length=1)


class AnyOf(_Strict):
    any: tuple[Condition, ...] = Field(min_length=1)


class Not(_Strict):
    not_: Condition = Field(alias="not")


def _kind(value: object) -> str | None:
    if isinstance(value, BaseModel):
        return type(value).__name__
    if isinstance(value, dict):
        for key, kind in (("lever", "LeverTest"), ("indicator", "IndicatorTest"), ("all", "AllOf"),
                          ("any", "AnyOf"), ("not", "Not"), ("always", "Always"), ("shock", "ShockTest")):
            if key in value:
                return kind
    return None


Condition = Annotated[
    Annotated[LeverTest, Tag("LeverTest")]
    | Annotated[IndicatorTest, Tag("IndicatorTest")]
    | Annotated[AllOf, Tag("AllOf")]
    | Annotated[AnyOf, Tag("AnyOf")]
    | Annotated[Not, Tag("Not")]
    | Annotated[Always, Tag("Always")]
    | Annotated[ShockTest, Tag("ShockTest")],
    Discriminator(
        _kind,
        custom_error_type="condition",
        custom_error_message="a condition starts with one of: lever, indicator, shock, all, any, not, always",
    ),
]
for _model in (AllOf, AnyOf, Not):
    _model.model_rebuild()

# A compiled condition reads (state last month, state the month before) -> bool.
State = dict[str, float]
Check = Callable[[State, State], Any]  # a bool, or a bool array over draws (vector=True)


def compile_condition(condition: Condition, scenario: Scenario, vector: bool = False,
                      shocks: frozenset[str] = frozenset()) -> Check | bool:
    """Fold the scenario's levers and the shocks that are on into the condition.

    Returns a plain bool when the answer does not depend on the state (lever-only
    conditions), else a closure over the state. With ``vector=True`` the state holds numpy
    arrays (one value per draw) and the closure returns a boolean array.
    """
    if isinstance(condition, Always):
        return condition.always
    if isinstance(condition, LeverTest):
        return scenario.rank(condition.lever) in condition.ranks()
    if isinstance(condition, ShockTest):
        return condition.shock in shocks
    if isinstance(condition, IndicatorTest):
        name = condition.indicator
        if condition.above is not None:
            limit = condition.above
            return lambda now, before: now[name] > limit
        if condition.below is not None:
            limit = condition.below
            return lambda now, before: now[name] < limit
        rise = condition.rising_by
        assert rise is not None  # one of above, below, rising_by (checked on validation)
        return lambda now, before: now[name] - before[name] >= rise
    if isinstance(condition, Not):
        inner = compile_condition(condition.not_, scenario, vector, shocks)
        if isinstance(inner, bool):
            return not inner
        return (lambda now, before: ~inner(now, before)) if vector else (lambda now, before: not inner(now, before))
    parts = [compile_condition(c, scenario, vector, shocks) for c in (condition.all if isinstance(condition, AllOf) else condition.any)]
    fixed = [p for p in parts if isinstance(p, bool)]
    live = [p for p in parts if not isinstance(p, bool)]
    is_all = isinstance(condition, AllOf)
    if (is_all and not all(fixed)) or (not is_all and any(fixed)):
        return not is_all  # a fixed False in an 'all', or a fixed True in an 'any', settles it
    if not live:
        return is_all
    if len(live) == 1:
        return live[0]
    if vector:
        combine = np.logical_and.reduce if is_all else np.logical_or.reduce
        return lambda now, before: combine([p(now, before) for p in live])
    if is_all:
        return lambda now, before: all(p(now, before) for p in live)
    return lambda now, before: any(p(now, before) for p in live)


def describe_condition(condition: Condition) -> str:
    """The condition in words, for the rules table."""
    if isinstance(condition, Always):
        return "always" if condition.always else "never"
    if isinstance(condition, LeverTest):
        for word, value in (("is", condition.is_), ("at least", condition.at_least), ("at most", condition.at_most)):
            if value is not None:
                return f"{condition.lever} {word} {_level_name(value)}"
        return f"{condition.lever} in ({', '.join(_level_name(v) for v in condition.in_ or ())})"
    if isinstance(condition, ShockTest):
        return f"during {condition.shock}"
    if isinstance(condition, IndicatorTest):
        if condition.above is not None:
            return f"{condition.indicator} > {condition.above:g}"
        if condition.below is not None:
            return f"{condition.indicator} < {condition.below:g}"
        return f"{condition.indicator} rose by ≥ {condition.rising_by:g} in a month"
    if isinstance(condition, Not):
        return f"not ({describe_condition(condition.not_)})"
    joiner, parts = (" and ", condition.all) if isinstance(condition, AllOf) else (" or ", condition.any)
    words = [describe_condition(c) for c in parts]
    return joiner.join(w if len(parts) == 1 or (" and " not in w and " or " not in w) else f"({w})" for w in words)
