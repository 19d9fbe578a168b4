"""Real units: a response's index (0-100) linked to a series of the public record.

Three forms, each with two numbers fitted to the observed series (see ``backtest.fit_link``):

- ``flow`` (events a month): ``units = scale × (index / 100) ^ power``. Zero at an index
  of 0; ``power`` > 1 when the heaviest months are many times the quiet ones.
- ``level`` (a price): ``units = offset + scale × index / 100``.
- ``stock`` (a quantity that builds up, e.g. kg of 60 % uranium): each month adds
  ``scale × max(0, index − threshold) / 100``, counted from the run's first month. The
  programme produces only while it is past ``threshold``; below it the stock stays put.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike
from pydantic import BaseModel, ConfigDict, Field


class UnitLink(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    series: str = Field(description="the observed series it is fitted to (a file of data/observed/)")
    unit: str = Field(description="e.g. 'attacks a month'")
    form: Literal["flow", "level", "stock"]
    scale: float = Field(ge=0)
    power: float = Field(1.0, gt=0, le=6)
    threshold: float = Field(0.0, ge=0, lt=100)
    offset: float = Field(0.0, description="level form: the units at an index of 0")
    fitted_on: str = Field(description="the months of the record the numbers were fitted on, YYYY-MM..YYYY-MM")

    def apply(self, index: ArrayLike) -> np.ndarray:
        """Units for an index series (months on the last axis, from the run's first month)."""
        index = np.asarray(index, dtype=float)
        if self.form == "flow":
            return self.scale * (np.clip(index, 0.0, 100.0) / 100.0) ** self.power
        if self.form == "level":
            return self.offset + self.scale * index / 100.0
        return np.cumsum(self.scale * np.maximum(index - self.threshold, 0.0) / 100.0, axis=-1)

    def describe(self) -> str:
        if self.form == "flow":
            return f"{self.unit} ≈ {self.scale:.3g} × (index / 100)^{self.power:.2g}"
        if self.form == "level":
            return f"{self.unit} ≈ {self.offset:.3g} + {self.scale:.3g} × index / 100"
        return (f"{self.unit}: each month adds {self.scale:.3g} × (index − {self.threshold:.3g}) / 100 "
                f"while the index is above {self.threshold:.3g}")
