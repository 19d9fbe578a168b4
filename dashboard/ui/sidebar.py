"""The levers: one widget per lever of the scenario contract, grouped, each with a help line.

Widget keys are the lever names, so the session state (and later the share link) speaks
the same language as scenario files and the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard.model import DEFAULT_SCENARIO, LEVER_LEVELS, Scenario
from dashboard.model.scenario import MONTHS_MAX, MONTHS_MIN


@dataclass(frozen=True)
class LeverSpec:
    key: str
    label: str
    help: str


GROUPS: dict[str, list[LeverSpec]] = {
    "Military options": [
        LeverSpec("strikes_syria", "Strikes in Syria", "US strikes on Iranian-linked targets in Syria: the 'measured' option of article [1], [8]."),
        LeverSpec("strikes_iraq", "Strikes in Iraq", "US strikes on militias inside Iraq: costlier in Iraqi politics (article [8])."),
        LeverSpec("strikes_iran", "Strikes inside Iran", "US strikes on Iran proper: the top of the escalation ladder."),
        LeverSpec("leadership_targeting", "Target senior IRGC leaders", "Strikes on commanders, as on Soleimani in January 2020 (article [4])."),
    ],
    "Economic and diplomatic": [
        LeverSpec("sanctions", "Sanctions", "From lifted to maximum pressure; sanctions impose costs but rarely change behaviour (article [8])."),
        LeverSpec("jcpoa", "JCPOA path", "From staying out to a full mutual return to the 2015 nuclear deal (article [10])."),
        LeverSpec("direct_talks", "Direct bilateral talks", "Direct US-Iran negotiation, as the article recommends (article [10])."),
    ],
    "Doctrine and assumptions": [
        LeverSpec("response_doctrine", "How the US answers each new attack", "Restraint, a proportional tit-for-tat strike, or escalation to a higher rung."),
        LeverSpec("lens", "Assumption lens", "Reciprocity: the article's view that force does not deter Iran. Coercive deterrence: the view it argues against, where force does deter."),
        LeverSpec("months", "Months to simulate", "How far ahead the model runs (1-36 months)."),
    ],
}

LEVEL_LABELS = {
    "none": "none", "limited": "limited", "repeated": "repeated", "sustained": "sustained",
    "lifted": "lifted", "eased": "eased", "current": "current", "tightened": "tightened", "maximum": "maximum pressure",
    "outside": "stay outside", "indirect_talks": "indirect talks", "interim_deal": "interim deal", "full_return": "full return",
    "restraint": "restraint", "proportional": "proportional", "escalate": "escalate",
    "reciprocity": "reciprocity (article)", "coercive_deterrence": "coercive deterrence",
}


def reset_levers() -> None:
    """Back to the status quo of early 2021 (the scenario defaults)."""
    for lever in DEFAULT_SCENARIO.model_dump():
        st.session_state.pop(lever, None)  # the widget is drawn again with its default


def _widget(spec: LeverSpec):
    default = getattr(DEFAULT_SCENARIO, spec.key)
    if spec.key == "months":
        return st.slider(spec.label, MONTHS_MIN, MONTHS_MAX, value=default, key=spec.key, help=spec.help)
    if isinstance(default, bool):
        return st.toggle(spec.label, value=default, key=spec.key, help=spec.help)
    levels = LEVER_LEVELS[spec.key]
    if spec.key == "lens":
        return st.radio(spec.label, levels, index=levels.index(default), key=spec.key, help=spec.help,
                        format_func=LEVEL_LABELS.get)
    return st.select_slider(spec.label, options=levels, value=default, key=spec.key, help=spec.help,
                            format_func=LEVEL_LABELS.get)


def render_levers() -> Scenario:
    """Draw the levers in the sidebar and return the scenario they describe."""
    with st.sidebar:
        st.header("US options")
        values = {}
        for group, specs in GROUPS.items():
            st.subheader(group)
            for spec in specs:
                values[spec.key] = _widget(spec)
        st.button("Reset to the status quo (early 2021)", on_click=reset_levers, key="reset", width="stretch")
    return Scenario(**values)
