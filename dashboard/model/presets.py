"""Named scenarios (data/presets.yaml): starting points, comparison cases and seminar cases."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from .rules import DATA_DIR
from .scenario import LEVERS, Scenario

PRESETS_FILE = DATA_DIR / "presets.yaml"


class Preset(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    description: str
    source: str
    levers: dict[str, str | bool]
    questions: tuple[str, ...] = ()

    @field_validator("levers")
    @classmethod
    def _only_options(cls, levers: dict) -> dict:
        wrong = set(levers) - set(LEVERS) | ({"lens"} & set(levers))
        if wrong:
            raise ValueError(f"a preset sets US options only, not {sorted(wrong)}")
        Scenario(**levers)  # every level must be valid
        return levers

    def scenario(self, lens: str = "reciprocity", months: int = 24) -> Scenario:
        return Scenario(**self.levers, lens=lens, months=months)


@lru_cache(maxsize=1)
def presets(path: Path = PRESETS_FILE) -> dict[str, Preset]:
    """Presets by id, in file order."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return {p.id: p for p in (Preset.model_validate(entry) for entry in raw["presets"])}
