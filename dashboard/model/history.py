"""History as the first test: do the model's directions match what happened?

Each episode in ``data/history.yaml`` is a scenario and what it is compared with. Both are
run on the history replay as branches from the episode's month: from the state the replay
reaches then, with the outside shocks of the record, the episode's levers against the
comparison's (each on top of the early-2021 status quo). The model reproduces the episode
under a lens when every observed response moves the observed way: the episode's mean over
its window, minus the comparison's, is above ``+TOLERANCE`` for "up" and below
``-TOLERANCE`` for "down".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from .indicators import RESPONSES
from .replay import Branch, replay
from .rules import DATA_DIR, RuleBook
from .scenario import DEFAULT_SCENARIO, LEVER_LEVELS, Scenario
from .timeline import TIMELINE_LEVERS, month_name, month_number, shipped_timeline

HISTORY_FILE = DATA_DIR / "history.yaml"
TOLERANCE = 0.5  # index points: smaller differences count as "no change"
Lens = Literal["reciprocity", "coercive_deterrence"]


class Episode(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    date: datetime.date = Field(description="when the episode began")
    title: str
    summary: str
    scenario: dict[str, str | bool]
    compared_with: dict[str, str | bool] = Field(default_factory=dict, description="default: the status quo")
    window_months: int = Field(ge=1, le=36)
    observed: dict[str, Literal["up", "down"]]
    source: str
    expected_under: tuple[Lens, ...]

    @field_validator("observed")
    @classmethod
    def _responses(cls, observed: dict) -> dict:
        unknown = set(observed) - set(RESPONSES)
        if unknown:
            raise ValueError(f"unknown responses {sorted(unknown)}; allowed: {', '.join(RESPONSES)}")
        return observed

    @field_validator("scenario", "compared_with")
    @classmethod
    def _levers(cls, levers: dict) -> dict:
        unknown = set(levers) - set(LEVER_LEVELS) | ({"lens"} & set(levers))
        if unknown:
            raise ValueError(f"not levers an episode may set: {sorted(unknown)} (the lens is chosen by the check)")
        return levers

    def scenarios(self, lens: str) -> tuple[Scenario, Scenario]:
        common = {"lens": lens, "months": self.window_months}
        return Scenario(**self.scenario, **common), Scenario(**self.compared_with, **common)


@dataclass(frozen=True)
class Check:
    episode: Episode
    lens: str
    differences: dict[str, float]  # response -> episode mean minus comparison mean

    def matches(self, response: str) -> bool:
        diff = self.differences[response]
        return diff > TOLERANCE if self.episode.observed[response] == "up" else diff < -TOLERANCE


def load_episodes(path: Path = HISTORY_FILE) -> list[Episode]:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return [Episode.model_validate(entry) for entry in raw["episodes"]]


def _branch(month: str, levers: dict[str, str | bool]) -> Branch:
    status_quo = {lever: DEFAULT_SCENARIO.level(lever) for lever in TIMELINE_LEVERS}
    named = {lever: str(v).lower() if isinstance(v, bool) else v for lever, v in levers.items()}
    return Branch(month, {**status_quo, **named})


def check(episode: Episode, lens: str, rules: RuleBook | None = None) -> Check:
    """Run the episode and its comparison under one lens, as branches of the replay."""
    timeline = shipped_timeline()
    first = episode.date.strftime("%Y-%m")
    last = month_name(min(month_number(first) + episode.window_months - 1, month_number(timeline.end)))
    run = replay(lens, last=last, branch=_branch(first, episode.scenario), rules=rules)
    base = replay(lens, last=last, branch=_branch(first, episode.compared_with), rules=rules)
    window = run.between(first, last)
    differences = {
        r: sum(run.monthly[i][r] - base.monthly[i][r] for i in window) / len(window) for r in episode.observed
    }
    return Check(episode, lens, differences)


def reproduction_table(rules: RuleBook | None = None) -> str:
    """A Markdown table: each episode, and whether each lens reproduces it."""
    lenses = LEVER_LEVELS["lens"]
    lines = [
        "| episode | observed | " + " | ".join(lenses) + " |",
        "|---|---|" + "---|" * len(lenses),
    ]
    for episode in load_episodes():
        observed = ", ".join(f"{r} {'↑' if d == 'up' else '↓'}" for r, d in episode.observed.items())
        cells = []
        for lens in lenses:
            result = check(episode, lens, rules)
            missed = [r for r in episode.observed if not result.matches(r)]
            cells.append("yes" if not missed else "no: " + ", ".join(missed))
        lines.append(f"| {episode.title} | {observed} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
