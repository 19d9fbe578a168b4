"""The dashboard page (a first cut: the status quo as a chart and a table)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.model import RESPONSES, Scenario, shipped_parameters, simulate


def responses_frame(result) -> pd.DataFrame:
    labels = {k: v.label for k, v in shipped_parameters().indicators.items()}
    rows = [{"month": m, "response": labels[r], "value": row[r]} for m, row in enumerate(result.monthly) for r in RESPONSES]
    return pd.DataFrame(rows)


def main() -> None:
    st.set_page_config(page_title="US-Iran policy options", layout="wide")
    st.title("US–Iran policy options: modelled responses")
    result = simulate(Scenario())
    frame = responses_frame(result)
    st.altair_chart(
        alt.Chart(frame).mark_line().encode(x="month:Q", y=alt.Y("value:Q", scale=alt.Scale(domain=[0, 100])), color="response:N"),
        width="stretch",
    )
    st.dataframe(frame.pivot(index="month", columns="response", values="value").round(1), width="stretch")
