"""Per-indicator assumptions: where each starts, the baseline it relaxes to, and how fast.

This is the Richardson part of the model (``richardson1960`` in data/sources.yaml): each
month an indicator moves by the pushes of the rules that fire, minus a pull of
``pull × (value − baseline)`` back toward its baseline (fatigue, restraint, attrition).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .errors import InputError, load_data_file
from .indicators import INDICATORS
from .registry_schema import Presentation, Reading, Theatre, registry_problems
from .rules import DATA_DIR, Range
from .scenario import LEVER_LEVELS
from .units import UnitLink

PARAMETERS_FILE = DATA_DIR / "parameters.yaml"
PARAMETER_KINDS = ("start", "baseline", "pull")  # the per-indicator assumptions, each a range


class IndicatorParameters(Presentation):
    """One entry of the indicator registry: its words, its assumptions, and (``Presentation``)
    how it is shown and read."""

    label: str
    short: str = Field(max_length=26, description="label for small spaces (metric cards)")
    meaning: str = Field(description="what 0 and 100 stand for")
    start: Range = Field(description="value in month 0 (early 2021)")
    baseline: Range = Field(description="level the indicator relaxes to when no rule pushes it")
    pull: Range = Field(description="share of the gap to the baseline closed each month (0..1)")
    source: str
    units: dict[Literal["reciprocity", "coercive_deterrence"], UnitLink] | None = Field(
        None, description="per lens, the index in real units (`python -m dashboard backtest --store-links`)")

    def link(self, lens: str) -> UnitLink | None:
        """The link to real units under a lens (each lens's index is fitted to the record on its own)."""
        return None if self.units is None else self.units.get(lens)  # type: ignore[call-overload]  # any str: None

    @model_validator(mode="after")
    def _in_bounds(self) -> IndicatorParameters:
        for name in ("start", "baseline"):
            size = getattr(self, name)
            if not (0 <= size.low and size.high <= 100):
                raise ValueError(f"{name} must lie within 0..100 (got {size.low:g} to {size.high:g})")
        if not (0 <= self.pull.low and self.pull.high <= 1):
            raise ValueError(f"pull must lie within 0..1 (got {self.pull.low:g} to {self.pull.high:g})")
        return self


class Parameters(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    indicators: dict[str, IndicatorParameters]
    deterrence: dict[str, Range] = Field(
        description="how far force deters, per lens: 0 = every rule at its reciprocity weight, 1 = at its "
                    "coercive-deterrence weight; the ensemble draws it from the chosen lens's range")
    deterrence_source: str
    theatres: tuple[Theatre, ...] = Field(min_length=1, description="the charts' theatre panels, in order")
    reading: Reading

    @model_validator(mode="after")
    def _every_indicator(self) -> Parameters:
        missing = [name for name in INDICATORS if name not in self.indicators]
        unknown = [name for name in self.indicators if name not in INDICATORS]
        if missing or unknown:
            raise ValueError(f"parameters must cover exactly {', '.join(INDICATORS)}; missing {missing}, unknown {unknown}")
        if set(self.deterrence) != set(LEVER_LEVELS["lens"]):
            raise ValueError(f"deterrence needs exactly the lenses {', '.join(LEVER_LEVELS['lens'])}")
        for lens, weight in self.deterrence.items():
            if not (0 <= weight.low and weight.high <= 1):
                raise ValueError(f"deterrence.{lens} must lie within 0..1 (got {weight.low:g} to {weight.high:g})")
        if self.deterrence["reciprocity"].central != 0 or self.deterrence["coercive_deterrence"].central != 1:
            raise ValueError("deterrence: the central weight is 0 for reciprocity and 1 for coercive_deterrence "
                             "(each lens's own rule weights); the ranges around them may vary")
        return self


def load_parameters(path: Path = PARAMETERS_FILE) -> Parameters:
    """The parameters file, checked field by field and then as a registry (every response
    with its words, theatre and colour: ``registry_problems``), or InputError, one problem
    a line as ``parameters.yaml: where: what is wrong; how to fix it``."""
    parameters = load_data_file(path, Parameters)
    problems = registry_problems(dict(parameters.indicators), parameters.theatres, file=Path(path).name)
    if problems:
        raise InputError(problems)
    return parameters
