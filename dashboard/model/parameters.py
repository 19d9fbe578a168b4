"""Per-indicator assumptions: where each starts, the baseline it relaxes to, and how fast.

This is the Richardson part of the model (``richardson1960`` in data/sources.yaml): each
month an indicator moves by the pushes of the rules that fire, minus a pull of
``pull × (value − baseline)`` back toward its baseline (fatigue, restraint, attrition).
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import InputError
from .indicators import INDICATORS
from .rules import DATA_DIR, Range

PARAMETERS_FILE = DATA_DIR / "parameters.yaml"


class IndicatorParameters(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    short: str = Field(max_length=26, description="label for small spaces (metric cards)")
    meaning: str = Field(description="what 0 and 100 stand for")
    start: Range = Field(description="value in month 0 (early 2021)")
    baseline: Range = Field(description="level the indicator relaxes to when no rule pushes it")
    pull: Range = Field(description="share of the gap to the baseline closed each month (0..1)")
    source: str

    @model_validator(mode="after")
    def _in_bounds(self) -> "IndicatorParameters":
        for name in ("start", "baseline"):
            size = getattr(self, name)
            if not 0 <= size.low and size.high <= 100:
                raise ValueError(f"{name} must lie within 0..100")
        if not 0 <= self.pull.low and self.pull.high <= 1:
            raise ValueError("pull must lie within 0..1")
        return self


class Parameters(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    indicators: dict[str, IndicatorParameters]

    @model_validator(mode="after")
    def _every_indicator(self) -> "Parameters":
        missing = [name for name in INDICATORS if name not in self.indicators]
        unknown = [name for name in self.indicators if name not in INDICATORS]
        if missing or unknown:
            raise ValueError(f"parameters must cover exactly {', '.join(INDICATORS)}; missing {missing}, unknown {unknown}")
        return self


def load_parameters(path: Path = PARAMETERS_FILE) -> Parameters:
    try:
        return Parameters.model_validate(yaml.safe_load(Path(path).read_text(encoding="utf-8")))
    except ValidationError as exc:
        raise InputError([f"{Path(path).name}: {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]) from None
