"""What a scenario is compared with: the status quo, or no new US action (both presets).

Both keep the user's lens and horizon, so a difference is the effect of the options alone.
"""

from __future__ import annotations

from .presets import presets
from .scenario import Scenario

# baseline kind -> its label (the first is the default); its phrase inside a sentence; its preset id
BASELINES = {
    "no_new_action": "No new US action",
    "status_quo": "Status quo (early 2021)",
}
IN_A_SENTENCE = {"no_new_action": "no new US action", "status_quo": "the status quo"}
PRESET_OF = {"no_new_action": "no_new_action", "status_quo": "status_quo_2021"}


def baseline_for(scenario: Scenario, kind: str) -> Scenario:
    """The comparison scenario of the given kind (a key of BASELINES)."""
    if kind not in BASELINES:
        raise ValueError(f"unknown baseline {kind!r}; allowed: {', '.join(BASELINES)}")
    return presets()[PRESET_OF[kind]].scenario(lens=scenario.lens, months=scenario.months)
