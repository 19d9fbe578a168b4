"""The record the replay follows: the US levers month by month, and the outside shocks.

``data/timeline.yaml`` lists lever *changes* (each lever keeps its level until the next
change that names it) and shocks with the months they cover; both cite a source. The
first change sets every lever; the lens is not in the timeline: the user chooses it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import InputError
from .names import LeverName, ShockName
from .rules import DATA_DIR, source_keys
from .safe_yaml import load_yaml
from .scenario import LEVER_LEVELS

TIMELINE_FILE = DATA_DIR / "timeline.yaml"
MONTH_PATTERN = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
TIMELINE_LEVERS = tuple(lever for lever in LEVER_LEVELS if lever != "lens")


def _month(value: str) -> str:
    if not isinstance(value, str) or not MONTH_PATTERN.match(value):
        raise ValueError(f"expected a month as YYYY-MM (e.g. 2020-01), got {value!r}")
    return value


Month = Annotated[str, AfterValidator(_month)]


def month_number(month: str) -> int:
    """Months since year 0: consecutive months differ by 1."""
    year, number = _month(month).split("-")
    return int(year) * 12 + int(number) - 1


def month_name(number: int) -> str:
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def month_range(first: str, last: str) -> list[str]:
    return [month_name(n) for n in range(month_number(first), month_number(last) + 1)]


def _level(value: str | bool) -> str:
    return str(value).lower() if isinstance(value, bool) else value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _cited(source: str) -> str:
    unknown = [key for key in source.split() if key not in source_keys()]
    if unknown:
        raise ValueError(f"not keys of data/sources.yaml: {', '.join(unknown)}")
    return source


class LeverChange(_Strict):
    month: Month
    set: dict[LeverName, str | bool] = Field(min_length=1)
    event: str = Field(min_length=3, description="what happened, in plain words")
    source: str = Field(description="keys of data/sources.yaml, separated by spaces")

    _source = field_validator("source")(classmethod(lambda cls, v: _cited(v)))

    @field_validator("set")
    @classmethod
    def _levels(cls, levers: dict) -> dict:
        for lever, value in levers.items():
            if lever == "lens":
                raise ValueError("the lens is the user's choice, not part of the timeline")
            if _level(value) not in LEVER_LEVELS[lever]:
                raise ValueError(f"{lever}: {value!r} is not a level; allowed: {', '.join(LEVER_LEVELS[lever])}")
        return {lever: _level(value) for lever, value in levers.items()}


class Shock(_Strict):
    shock: ShockName
    first: Month = Field(alias="from")
    last: Month | None = Field(None, alias="to", description="inclusive; none: to the end of the timeline")
    label: str = Field(min_length=3)
    source: str

    _source = field_validator("source")(classmethod(lambda cls, v: _cited(v)))


class Death(_Strict):
    month: Month
    label: str = Field(min_length=3)
    source: str

    _source = field_validator("source")(classmethod(lambda cls, v: _cited(v)))


class Timeline(_Strict):
    start: Month
    end: Month
    levers: tuple[LeverChange, ...] = Field(min_length=1)
    shocks: tuple[Shock, ...] = ()
    us_deaths: tuple[Death, ...] = Field((), description="months in which attacks killed Americans")

    @model_validator(mode="after")
    def _ordered(self) -> Timeline:
        first, last = month_number(self.start), month_number(self.end)
        if last < first:
            raise ValueError("end comes before start")
        if self.levers[0].month != self.start or set(self.levers[0].set) != set(TIMELINE_LEVERS):
            raise ValueError(f"the first lever change is at start ({self.start}) and sets every lever: "
                             f"{', '.join(TIMELINE_LEVERS)}")
        months = [month_number(change.month) for change in self.levers]
        if months != sorted(months) or not first <= months[-1] <= last:
            raise ValueError("lever changes must be in date order, between start and end")
        for death in self.us_deaths:
            if not first <= month_number(death.month) <= last:
                raise ValueError(f"us_deaths: {death.month} lies outside {self.start}..{self.end}")
        for shock in self.shocks:
            shock_last = month_number(shock.last) if shock.last else last
            if not first <= month_number(shock.first) <= shock_last <= last:
                raise ValueError(f"shock {shock.shock} ({shock.first}..{shock.last}) lies outside {self.start}..{self.end}")
        return self

    def months(self) -> list[str]:
        return month_range(self.start, self.end)

    def levers_by_month(self) -> list[dict[str, str | bool]]:
        """Every lever's level in each month from start to end."""
        changes: dict[str, list[LeverChange]] = {}
        for change in self.levers:
            changes.setdefault(change.month, []).append(change)
        levels: dict[str, str | bool] = {}
        out = []
        for month in self.months():
            for change in changes.get(month, ()):
                levels.update(change.set)
            out.append(dict(levels))
        return out

    def shocks_by_month(self) -> list[frozenset[str]]:
        """The shocks on in each month from start to end."""
        first = month_number(self.start)
        on: list[set[str]] = [set() for _ in self.months()]
        for shock in self.shocks:
            last = month_number(shock.last or self.end)
            for number in range(month_number(shock.first), last + 1):
                on[number - first].add(shock.shock)
        return [frozenset(names) for names in on]

    def deaths_by_month(self) -> list[float]:
        """1.0 in the months attacks killed Americans, else 0.0."""
        months = {death.month for death in self.us_deaths}
        return [1.0 if month in months else 0.0 for month in self.months()]

    def events(self) -> list[dict[str, str]]:
        """Dated events for a chart or a reader: lever changes, shock onsets and US deaths, in date order."""
        rows = [{"month": c.month, "label": c.event, "source": c.source} for c in self.levers[1:]]
        rows += [{"month": s.first, "label": s.label, "source": s.source} for s in self.shocks]
        rows += [{"month": d.month, "label": d.label, "source": d.source} for d in self.us_deaths]
        return sorted(rows, key=lambda row: row["month"])


@lru_cache(maxsize=1)
def shipped_timeline() -> Timeline:
    return load_timeline(TIMELINE_FILE)


def load_timeline(path: Path) -> Timeline:
    text = Path(path).read_text(encoding="utf-8")
    data, _ = load_yaml(text, Path(path).name, max_depth=12, max_values=50_000)
    try:
        return Timeline.model_validate(data)
    except ValidationError as exc:
        raise InputError([f"{Path(path).name}: {'.'.join(map(str, e['loc']))}: {e['msg'].removeprefix('Value error, ')}"
                          for e in exc.errors()]) from None
