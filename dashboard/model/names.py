"""Names checked where they are read: an indicator, a lever or a shock, the allowed ones in the error."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator

from .indicators import INDICATORS
from .scenario import LEVER_LEVELS
from .shocks import SHOCKS


def _indicator(name: str) -> str:
    if name not in INDICATORS:
        raise ValueError(f"unknown indicator {name!r}; allowed: {', '.join(INDICATORS)}")
    return name


def _lever(name: str) -> str:
    if name not in LEVER_LEVELS:
        raise ValueError(f"unknown lever {name!r}; allowed: {', '.join(LEVER_LEVELS)}")
    return name


def _shock(name: str) -> str:
    if name not in SHOCKS:
        raise ValueError(f"unknown shock {name!r}; allowed: {', '.join(SHOCKS)}")
    return name


IndicatorName = Annotated[str, AfterValidator(_indicator)]
LeverName = Annotated[str, AfterValidator(_lever)]
ShockName = Annotated[str, AfterValidator(_shock)]
