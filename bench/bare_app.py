"""A bare Streamlit app with the dashboard's levers and nothing else: the load test's yardstick.

It draws exactly the dashboard's sidebar (``render_levers``) and ten metrics with constant
values, and runs no model, so a rerun costs only what Streamlit itself costs. `bench/load.py`
drives it beside the dashboard; the ratio of their capacities is what the dashboard's own
work costs.

Run from the repository root: streamlit run bench/bare_app.py
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import streamlit as st

from dashboard.ui.sidebar import render_levers

st.set_page_config(page_title="Bare app (load yardstick)", layout="wide")
render_levers()
for row in range(2):
    for column in st.columns(5):
        column.metric("metric", "1.0", delta="+0.0", border=True)
