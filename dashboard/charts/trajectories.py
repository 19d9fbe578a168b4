"""Responses over time, by theatre, with the baseline drawn faintly behind.

Colours: Okabe-Ito and Paul Tol's colour-blind-safe palettes, one fixed colour per
indicator so a response looks the same on every chart and in both themes.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.model import Result

INDICATOR_COLOURS = {
    "proxy_attacks": "#D55E00",
    "iran_direct_attacks": "#CC79A7",
    "saudi_attacks": "#E69F00",
    "maritime_attacks": "#0072B2",
    "nuclear_advance": "#009E73",
    "iraqi_backlash": "#56B4E9",
    "gulf_alignment": "#44AA99",
    "energy_disruption": "#882255",
    "us_pressure_to_retaliate": "#888888",
    "escalation_risk": "#AA3377",
}

# Theatre panels: title -> responses drawn in it.
THEATRES = {
    "Iraq and Syria": ["proxy_attacks"],
    "Saudi Arabia and Yemen": ["saudi_attacks"],
    "Gulf of Oman and shipping": ["maritime_attacks", "energy_disruption"],
    "Iran directly": ["iran_direct_attacks"],
    "The nuclear file": ["nuclear_advance"],
    "Iraqi politics": ["iraqi_backlash"],
    "The Gulf states": ["gulf_alignment"],
    "Washington": ["us_pressure_to_retaliate"],
    "Risk of a wider war": ["escalation_risk"],
}
CHOSEN, BASELINE = "your options", "baseline"


def long_frame(result: Result, baseline: Result, labels: dict[str, str], shown_month: int,
               runs: tuple[str, str] = (CHOSEN, BASELINE), theatres: list[str] | None = None) -> pd.DataFrame:
    """One row per month, response, and run (your options / baseline).

    ``shown`` marks the rows of the chosen month: the charts draw their month marker from
    it, so a chart's spec does not change with the month and can be reused.
    """
    rows = []
    for run, res in zip(runs, (result, baseline)):
        for theatre, names in THEATRES.items():
            if theatres is not None and theatre not in theatres:
                continue
            for name in names:
                for month, state in enumerate(res.monthly):
                    rows.append((month, name, labels[name], theatre, run, round(state[name], 2),
                                 month == shown_month and run == runs[0]))
    return pd.DataFrame(rows, columns=["month", "indicator", "response", "theatre", "run", "value", "shown"])


def _colour(frame: pd.DataFrame) -> alt.Color:
    names = [n for n in INDICATOR_COLOURS if n in set(frame["indicator"])]
    labels = frame.drop_duplicates("indicator").set_index("indicator")["response"]
    return alt.Color("response:N", title="Response",
                     scale=alt.Scale(domain=[labels[n] for n in names], range=[INDICATOR_COLOURS[n] for n in names]),
                     legend=alt.Legend(orient="bottom", columns=3, labelLimit=320, labelFontSize=13))


def trajectory_layers(frame: pd.DataFrame, y_title: str = "Index (0–100)", runs: tuple[str, str] = (CHOSEN, BASELINE),
                      second_opacity: float = 0.45) -> alt.LayerChart:
    """Solid lines for the first run, dashed (by default faint) lines for the second, and a
    rule at the chosen month."""
    x = alt.X("month:Q", title="Month", scale=alt.Scale(nice=False))
    y = alt.Y("value:Q", title=y_title, scale=alt.Scale(domain=[0, 100]))
    tooltip = [alt.Tooltip("response:N"), alt.Tooltip("run:N"), alt.Tooltip("month:Q"), alt.Tooltip("value:Q", format=".1f")]
    # No data of its own: the layers take the data of the chart they sit in (see below).
    base = alt.Chart().encode(x=x, y=y, color=_colour(frame), tooltip=tooltip, detail="run:N")
    chosen = base.transform_filter(alt.datum.run == runs[0]).mark_line(strokeWidth=3, point=alt.OverlayMarkDef(size=18))
    faint = base.transform_filter(alt.datum.run == runs[1]).mark_line(strokeWidth=2, strokeDash=[5, 4], opacity=second_opacity)
    # The month marker comes from the same data so that it works inside facets.
    marker = (alt.Chart().transform_filter(alt.datum.shown)
              .mark_rule(strokeWidth=2, opacity=0.5, color="#888888").encode(x=x))
    dot = base.transform_filter(alt.datum.shown).mark_point(size=90, filled=True, opacity=1)
    return alt.layer(faint, chosen, marker, dot)


def trajectories_chart(frame: pd.DataFrame, y_title: str = "Index (0–100)") -> alt.LayerChart:
    """One panel of trajectories (all responses in ``frame`` together)."""
    return trajectory_layers(frame, y_title).properties(data=frame)


def comparison_chart(frame: pd.DataFrame, columns: int = 3) -> alt.FacetChart:
    """Scenario A (solid) and B (dashed) on the same panels; ``frame`` from long_frame with runs ("A", "B")."""
    theatres = [t for t in THEATRES if t in set(frame["theatre"])]
    return (
        trajectory_layers(frame, runs=("A", "B"), second_opacity=0.9)
        .properties(height=190, width=290)
        .facet(facet=alt.Facet("theatre:N", title=None, sort=theatres, header=alt.Header(labelFontSize=15, labelFontWeight="bold")),
               columns=columns, data=frame)
    )


def responses_chart(frame: pd.DataFrame, columns: int = 3) -> alt.FacetChart:
    """Small multiples: one panel per theatre."""
    theatres = [t for t in THEATRES if t in set(frame["theatre"])]
    return (
        trajectory_layers(frame)
        .properties(height=190, width=290)
        .facet(facet=alt.Facet("theatre:N", title=None, sort=theatres, header=alt.Header(labelFontSize=15, labelFontWeight="bold")),
               columns=columns, data=frame)
        .resolve_scale(color="shared")
    )
