"""Why a response moved: each rule's net contribution, as a diverging bar chart."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from dashboard.charts.trajectories import LABEL_LIMIT
from dashboard.model.explain import RuleShare

UP, DOWN = "#D55E00", "#0072B2"


def shares_frame(shares: list[RuleShare], titles: Mapping[str, str]) -> pd.DataFrame:
    """``explain.rule_shares`` as the chart's rows: rule, title (``titles``: rule id -> title),
    change (points), share (0..1)."""
    return pd.DataFrame([{"rule": s.rule, "title": titles[s.rule], "change": round(s.change, 2),
                          "share": round(s.share, 4)} for s in shares], columns=["rule", "title", "change", "share"])


def shares_chart(frame: pd.DataFrame) -> alt.Chart:
    """``frame`` has columns rule, title, change (points), share (0..1)."""
    order = list(frame.sort_values("change", key=abs, ascending=False)["title"])
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("change:Q", title=["Net change in points", "(months 1 to the chosen month)"]),  # two lines fit a phone
        y=alt.Y("title:N", title=None, sort=order, axis=alt.Axis(labelLimit=LABEL_LIMIT, labelFontSize=13)),
        color=alt.condition(alt.datum.change > 0, alt.value(UP), alt.value(DOWN)),
        tooltip=[alt.Tooltip("title:N", title="rule"), "rule:N", alt.Tooltip("change:Q", format="+.1f"),
                 alt.Tooltip("share:Q", format=".0%")],
    ).properties(height=86 + 32 * len(frame))  # the axis title (two lines) sits inside the height
