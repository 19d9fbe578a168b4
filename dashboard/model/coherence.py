"""Option combinations that pull against each other (``data/contradictions.yaml``).

A contradictory combination is still simulated; the notice says what the model does with
it, so a confident-looking answer is never the only thing the user sees.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from .conditions import Condition, compile_condition
from .rules import DATA_DIR
from .scenario import LEVER_LEVELS, Scenario

CONTRADICTIONS_FILE = DATA_DIR / "contradictions.yaml"


class Contradiction(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    levers: tuple[str, ...] = Field(min_length=1)
    when: Condition
    message: str = Field(min_length=20)
    source: str

    @field_validator("levers")
    @classmethod
    def _known_levers(cls, levers: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [lever for lever in levers if lever not in LEVER_LEVELS]
        if unknown:
            raise ValueError(f"unknown levers {unknown}; allowed: {', '.join(LEVER_LEVELS)}")
        return levers

    def applies(self, scenario: Scenario) -> bool:
        holds = compile_condition(self.when, scenario)
        if not isinstance(holds, bool):
            raise ValueError(f"contradiction {self.id!r}: conditions may test levers only")
        return holds

    def as_warning(self) -> dict:
        return {"levers": list(self.levers), "message": self.message}


@lru_cache(maxsize=1)
def contradictions(path: Path = CONTRADICTIONS_FILE) -> tuple[Contradiction, ...]:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return tuple(Contradiction.model_validate(entry) for entry in raw["contradictions"])


def warnings(scenario: Scenario) -> list[dict]:
    """``[{"levers": [...], "message": "..."}]`` for each contradiction the options make (may be empty)."""
    return [c.as_warning() for c in contradictions() if c.applies(scenario)]
