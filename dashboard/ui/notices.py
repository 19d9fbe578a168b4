"""Notices about the options chosen: combinations that pull against each other.

The model still runs a contradictory combination (``dashboard.model.coherence``); the notice
says what it does with it, so a confident-looking answer is never all the user sees.
"""

from __future__ import annotations

import streamlit as st

from dashboard.model import Scenario
from dashboard.model.coherence import warnings
from dashboard.ui.sidebar import GROUPS
from dashboard.ui.text import plain

LEVER_NAMES = {spec.key: spec.label for specs in GROUPS.values() for spec in specs}


def in_words(levers: list[str]) -> str:
    """Levers by their sidebar labels: "JCPOA path and Sanctions"."""
    words = [LEVER_NAMES.get(lever, lever) for lever in levers]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def contradictions(scenario: Scenario) -> None:
    """One notice per contradiction the options make (nothing when there is none), as text:
    the messages are data, so they are shown as written, never read as Markdown."""
    for warning in warnings(scenario):
        st.warning(f"**Options that pull against each other: {plain(in_words(warning['levers']))}.** "
                   f"{plain(warning['message'])}",
                   icon=":material/warning:")
