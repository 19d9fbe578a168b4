"""Rules are data: the schema of ``data/rules.yaml`` and its loader.

A rule says: when this condition holds, these indicators move by this much, after this
lag, for this long. Each rule cites its source, explains itself in a sentence, and says
how much weight it carries under each assumption lens.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator

from .conditions import Condition, describe_condition
from .errors import InputError, check_size, field_name
from .indicators import INDICATORS
from .names import IndicatorName, LeverName
from .safe_yaml import load_yaml
from .scenario import LEVER_LEVELS

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
RULES_FILE = DATA_DIR / "rules.yaml"
SOURCES_FILE = DATA_DIR / "sources.yaml"
SOURCE_PATTERN = re.compile(r"^article \[(\d+)(?:\]\s*,\s*\[\d+)*\]$|^[a-z][a-z0-9_]*$")
ARTICLE_PARAGRAPHS = range(1, 12)
# Limits for rules from users (files, uploads, links, the CLI): one budget wherever they come from.
MAX_RULES_BYTES = 256_000
MAX_RULES = 300
MAX_NESTING = 24
MAX_EFFECTS_PER_RULE = 12  # the shipped rules have at most 4
# A run visits every effect for each month it lasts, every month: the sum of the effects'
# durations sets a run's cost (shipped rules: 81; 1,500 runs 36 months in ~70 ms).
MAX_EFFECT_MONTHS = 1_500
MAX_CONDITION_TESTS = 1_500  # tests and all/any/not in every condition (shipped rules: 47)
MAX_SIZE = 100.0  # |low|, |central|, |high| of a rule's size: one push can move an index end to end
# YAML values (keys, items, numbers) in a rules file. Within the limits above a book needs at
# most ~51,000: 1,500 effects of ~24, 1,500 condition tests of ~6, 300 rules of ~20.
MAX_YAML_VALUES = 60_000


@lru_cache(maxsize=1)
def source_keys() -> frozenset[str]:
    """The citation keys of data/sources.yaml."""
    return frozenset(yaml.safe_load(SOURCES_FILE.read_text(encoding="utf-8")))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Range(_Strict):
    """An assumed size: the central value the model uses, and the plausible range."""

    low: float
    central: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if not all(abs(x) <= MAX_SIZE for x in (self.low, self.central, self.high)):  # also refuses NaN
            raise ValueError(f"sizes must lie between -{MAX_SIZE:g} and {MAX_SIZE:g} index points "
                             f"(got {self.low:g}, {self.central:g}, {self.high:g})")
        if not self.low <= self.central <= self.high:
            raise ValueError(f"needs low <= central <= high (got {self.low:g}, {self.central:g}, {self.high:g})")
        return self


class Effect(_Strict):
    """One push on one indicator, in index points per month."""

    target: IndicatorName
    size: Range
    lag: int = Field(0, ge=0, le=12, description="months between the cause and the first push")
    duration: int = Field(1, ge=1, le=24, description="months the push lasts")
    decay: float = Field(1.0, ge=0, le=1, description="share of the push kept each further month")
    scale_by: str | None = Field(
        None, description="a lever (its level scaled 0..1) or an indicator (its value / 100) that multiplies the size"
    )
    reversed: bool = Field(False, description="scale by 1 minus that share instead")
    scale_from: float = Field(0.0, ge=0, lt=100, description=(
        "for an indicator scale, the level it counts from: the share is (value - from) / (100 - from), "
        "0 below, so a rule that starts to bite at a level grows from zero there instead of jumping"))
    also_scale_by: LeverName | None = Field(None, description="a second lever (its level scaled 0..1) that multiplies the size")
    also_reversed: bool = Field(False, description="scale by 1 minus the second lever's share instead")

    @field_validator("scale_by")
    @classmethod
    def _known_scale(cls, name: str | None) -> str | None:
        if name is not None and name not in INDICATORS and name not in LEVER_LEVELS:
            raise ValueError(f"unknown lever or indicator {name!r}; allowed: {', '.join([*LEVER_LEVELS, *INDICATORS])}")
        return name

    @model_validator(mode="after")
    def _scale_from_an_indicator(self) -> Effect:
        if self.scale_from and self.scale_by not in INDICATORS:
            raise ValueError("scale_from needs scale_by to name an indicator")
        return self


def describe_effect(effect: Effect) -> str:
    """An effect in words, e.g. ``proxy_attacks +6 (range 3 to 9) × strikes_syria after 1 mo``."""
    size = effect.size
    text = f"{effect.target} {size.central:+g} (range {size.low:g} to {size.high:g})"
    if effect.scale_by:
        share = f"({effect.scale_by} − {effect.scale_from:g}) / {100 - effect.scale_from:g}" if effect.scale_from else effect.scale_by
        text += f" × {'1 − ' if effect.reversed else ''}{share}"
    if effect.also_scale_by:
        text += f" × {'1 − ' if effect.also_reversed else ''}{effect.also_scale_by}"
    if effect.lag:
        text += f" after {effect.lag} mo"
    if effect.duration > 1:
        text += f" for {effect.duration} mo"
    return text


class Chance(_Strict):
    """A rule that is an event with a chance each month: ``by``'s value / 100 × ``times``.

    The deterministic run applies its effects times that chance (their expected value);
    the ensemble draws whether the event happens in each draw and month.
    """

    by: IndicatorName = Field(description="the indicator whose value / 100 is the chance")
    times: float = Field(1.0, gt=0, le=1, description="a factor on that chance")


def describe_chance(chance: Chance | None) -> str:
    """A rule's chance in words ("" for a rule that is not an event)."""
    if chance is None:
        return ""
    times = f" × {chance.times:g}" if chance.times != 1 else ""
    return f" (an event: chance {chance.by} / 100{times} a month)"


class LensWeights(_Strict):
    """How much of the rule's effect applies under each assumption lens (0 = none)."""

    reciprocity: float = Field(ge=0, le=2)
    coercive_deterrence: float = Field(ge=0, le=2)


class Rule(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(min_length=3)
    when: Condition
    fires: Literal["every_month", "on_onset"] = Field(
        "every_month", description="on_onset: only in the month the condition becomes true"
    )
    chance: Chance | None = Field(None, description="an event with this chance a month, not a certainty")
    effects: tuple[Effect, ...] = Field(min_length=1)
    rationale: str = Field(min_length=10)
    source: str
    lenses: LensWeights
    confidence: Literal["low", "medium", "high"]

    @field_validator("source")
    @classmethod
    def _citable(cls, source: str) -> str:
        match = SOURCE_PATTERN.match(source)
        if not match:
            raise ValueError("cite 'article [N]' (paragraphs 1-11) or a key of data/sources.yaml")
        for number in re.findall(r"\[(\d+)\]", source):
            if int(number) not in ARTICLE_PARAGRAPHS:
                raise ValueError(f"the article has paragraphs 1-11, not [{number}]")
        if not source.startswith("article") and source not in source_keys():
            raise ValueError(f"{source!r} is not a key of data/sources.yaml; cite 'article [N]' or one of: "
                             f"{', '.join(sorted(source_keys()))}")
        return source


class RuleBook(_Strict):
    rules: tuple[Rule, ...] = Field(min_length=1)
    _hash: int | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _unique_ids(self) -> RuleBook:
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise ValueError(f"rule id {rule.id!r} is used twice")
            seen.add(rule.id)
        return self

    def __hash__(self) -> int:
        # A rule book is a cache key on every rerun (run_model); hashing its 50-odd nested
        # rules each time was ~2 % of a rerun. It is frozen, so the hash is kept.
        if self._hash is None:
            self._hash = hash(self.rules)
        return self._hash

    def __eq__(self, other: object) -> bool:  # the kept hash is not part of a book's value
        return isinstance(other, RuleBook) and self.rules == other.rules

    def by_id(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.rules}

    def records(self) -> list[dict]:
        """Every rule as plain JSON data, plus its condition in words (``when_text``)."""
        return [
            {**rule.model_dump(mode="json", by_alias=True, exclude_none=True), "when_text": describe_condition(rule.when)}
            for rule in self.rules
        ]


_TAGS = {"LeverTest", "IndicatorTest", "ShockTest", "AllOf", "AnyOf", "Not", "Always"}


def _rule_problem(error: Mapping[str, Any], raw: object, origin: str) -> str:
    """``origin: rule 'id': field.path: message`` for one validation error."""
    loc = [part for part in error["loc"] if part not in _TAGS]
    where = origin
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        rules = raw.get("rules") if isinstance(raw, dict) else None
        entry = rules[loc[1]] if isinstance(rules, list) and loc[1] < len(rules) else None
        name = entry.get("id") if isinstance(entry, dict) else None
        where += f": rule {name!r}" if isinstance(name, str) else f": rule #{loc[1] + 1}"
        loc = loc[2:]
    field = ".".join(field_name(part) for part in loc)
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        message = "unknown field (check its spelling and indentation)"
    elif error["type"] == "missing":
        message = "required field is missing"
    return f"{where}: {field}: {message}" if field else f"{where}: {message}"


def parse_rules(raw: object, origin: str = "rules") -> RuleBook:
    """Validate already-parsed YAML (a mapping with a ``rules`` list) into a RuleBook.

    Raises InputError listing every problem with the rule id and the field.
    """
    if isinstance(raw, list):
        raw = {"rules": raw}
    if not isinstance(raw, dict):
        raise InputError([f"{origin}: expected a mapping with a 'rules:' list"])
    try:
        return RuleBook.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors()
        # pydantic also reports "too short" for a list whose only item failed: drop that echo.
        errors = [e for e in errors if not (e["type"] == "too_short" and any(
            o is not e and o["loc"][: len(e["loc"])] == e["loc"] for o in errors))]
        raise InputError([_rule_problem(error, raw, origin) for error in errors]) from None


def condition_tests(condition: object) -> int:
    """How many mappings a condition holds (tests, and all / any / not); its depth is bounded."""
    if isinstance(condition, dict):
        return 1 + sum(condition_tests(value) for value in condition.values())
    if isinstance(condition, list):
        return sum(condition_tests(value) for value in condition)
    return 0


def _months(effect: object) -> int:
    duration = effect.get("duration", 1) if isinstance(effect, dict) else 1
    return int(duration) if isinstance(duration, int) and 1 <= duration <= 24 else 1  # else validation names it


def _over_budget(rules: list, origin: str) -> list[str]:
    """What makes a book too big to run: counted on the raw data, before any validation."""
    if len(rules) > MAX_RULES:
        return [f"{origin}: {len(rules):,} rules is too many; allowed: at most {MAX_RULES}"]
    problems: list[str] = []
    effect_months, tests = 0, 0
    for position, rule in enumerate(rules):
        rule = rule if isinstance(rule, dict) else {}
        effects: list = rule["effects"] if isinstance(rule.get("effects"), list) else []
        if len(effects) > MAX_EFFECTS_PER_RULE:
            name = repr(rule["id"]) if isinstance(rule.get("id"), str) else f"#{position + 1}"
            problems.append(f"{origin}: rule {name}: effects: {len(effects)} effects; allowed: at most "
                            f"{MAX_EFFECTS_PER_RULE} a rule")
        effect_months += sum(_months(effect) for effect in effects)
        tests += condition_tests(rule.get("when"))
    if effect_months > MAX_EFFECT_MONTHS:
        problems.append(f"{origin}: the effects last {effect_months:,} months in all (each effect's duration, "
                        f"added up); allowed: at most {MAX_EFFECT_MONTHS:,}")
    if tests > MAX_CONDITION_TESTS:
        problems.append(f"{origin}: the conditions hold {tests:,} tests in all; allowed: at most {MAX_CONDITION_TESTS:,}")
    return problems


def _depth(value: object, limit: int) -> int:
    """Nesting depth of parsed data, stopping once past ``limit``."""
    if limit < 0:
        return 0
    if isinstance(value, dict):
        return 1 + max((_depth(v, limit - 1) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v, limit - 1) for v in value), default=0)
    return 0


def parse_user_rules(raw: object, origin: str = "rules") -> RuleBook:
    """Rules from a user — a file, an upload, a link, an edit — validated within one budget,
    wherever they come from: nesting, rules, effects per rule, effect-months, condition tests."""
    if _depth(raw, MAX_NESTING) > MAX_NESTING:
        raise InputError([f"{origin}: nested more than {MAX_NESTING} levels deep; simplify the conditions"])
    rules = raw.get("rules") if isinstance(raw, dict) else raw
    problems = _over_budget(rules, origin) if isinstance(rules, list) else []
    if problems:
        raise InputError(problems)
    return parse_rules(raw, origin)


def parse_rules_text(data: str | bytes, origin: str = "rules") -> RuleBook:
    """The one reader of rules files (CLI, upload, shipped file): YAML text or UTF-8 bytes,
    parsed safely and validated within the limits of ``parse_user_rules`` and of size; a key
    given twice is refused, naming the rule and the field."""
    check_size(len(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data), origin, MAX_RULES_BYTES)
    try:
        text = data if isinstance(data, str) else data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError([f"{origin}: not UTF-8 text (save it as UTF-8 YAML)"]) from None
    raw, duplicates = load_yaml(text, origin, MAX_NESTING, MAX_YAML_VALUES)
    if duplicates:
        wrapped = {"rules": raw} if isinstance(raw, list) else raw
        raise InputError([_rule_problem(
            {"loc": ("rules", *d.path) if isinstance(raw, list) else d.path, "type": "duplicate",
             "msg": f"given twice (lines {d.first_line} and {d.line}); give each field once"}, wrapped, origin)
            for d in duplicates])
    return parse_user_rules(raw, origin)


def load_rules(path: Path = RULES_FILE) -> RuleBook:
    return parse_rules_text(Path(path).read_text(encoding="utf-8"), origin=Path(path).name)
