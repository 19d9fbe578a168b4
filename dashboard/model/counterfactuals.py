"""The classic counterfactuals of the History page (``data/counterfactuals.yaml``).

Each is a branch of the replay: from its month on, the levers it names replace the record;
everything else follows the timeline. Loaded once and checked as a branch, so a bad month or
level in the file is an error naming the preset, not a page that breaks later.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from .replay import parse_branch
from .rules import DATA_DIR
from .safe_yaml import load_yaml

COUNTERFACTUALS_FILE = DATA_DIR / "counterfactuals.yaml"


class Counterfactual(BaseModel):
    """A classic "what if" of ``data/counterfactuals.yaml``: a branch month and the levers it changes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    branch: str
    levers: dict[str, str | bool] = Field(min_length=1)
    note: str
    question: str
    source: str

    def link_levers(self) -> dict[str, str]:
        """The levers as the link spells them (booleans as true/false)."""
        return {k: str(v).lower() if isinstance(v, bool) else v for k, v in self.levers.items()}


class CounterfactualsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    counterfactuals: list[Counterfactual] = Field(min_length=1)


@lru_cache(maxsize=1)
def counterfactuals() -> dict[str, Counterfactual]:
    """The presets by id, each checked as a branch (a bad month or level raises InputError)."""
    text = COUNTERFACTUALS_FILE.read_text(encoding="utf-8")
    data, _ = load_yaml(text, "counterfactuals.yaml", max_depth=6, max_values=2_000)
    found = CounterfactualsFile.model_validate(data).counterfactuals
    for one in found:
        parse_branch(one.branch, one.levers)
    return {one.id: one for one in found}
