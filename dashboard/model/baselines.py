"""What a scenario is compared with: the status quo, or no new US action.

Both keep the user's lens and horizon, so a difference is the effect of the levers alone.
"""

from __future__ import annotations

from .scenario import Scenario

BASELINES = {  # the first is the page's default
    "no_new_action": "No new US action",
    "status_quo": "Status quo (early 2021)",
}

# The same, as it reads inside a sentence ("... against no new US action").
IN_A_SENTENCE = {"no_new_action": "no new US action", "status_quo": "the status quo"}

# No new strikes of any kind and no answer to attacks; sanctions, JCPOA and talks as today.
NO_NEW_ACTION = {
    "strikes_syria": "none",
    "strikes_iraq": "none",
    "strikes_iran": "none",
    "leadership_targeting": False,
    "response_doctrine": "restraint",
}


def baseline_for(scenario: Scenario, kind: str) -> Scenario:
    """The comparison scenario of the given kind (a key of BASELINES)."""
    if kind not in BASELINES:
        raise ValueError(f"unknown baseline {kind!r}; allowed: {', '.join(BASELINES)}")
    changes = NO_NEW_ACTION if kind == "no_new_action" else {}
    return Scenario(**changes, lens=scenario.lens, months=scenario.months)
