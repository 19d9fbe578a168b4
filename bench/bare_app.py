"""A bare Streamlit app with the dashboard's levers and nothing else: the load test's yardstick.

It draws exactly the dashboard's sidebar (``render_levers``) and ten metrics whose values
follow the levers (a checksum of the scenario, so every lever move changes them, as the
dashboard's cards change), and runs no model, so a rerun costs only what Streamlit itself
costs. `bench/load.py`, `bench/cpu_per_change.py` and `bench/bench_browser.py` drive it beside
the dashboard; the ratio is what the dashboard's own work costs.

Run from the repository root: streamlit run bench/bare_app.py
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import zlib

import streamlit as st

from dashboard.ui.sidebar import render_levers

st.set_page_config(page_title="Bare app (load yardstick)", layout="wide")
scenario = render_levers()
levers = repr(sorted(scenario.model_dump().items()))
for row in range(2):
    for i, column in enumerate(st.columns(5), start=5 * row):
        value = zlib.crc32(f"{levers}{i}".encode()) % 1000 / 10  # 0.0-99.9, new with every lever move
        column.metric("metric", f"{value:.1f}", delta=f"{value - 50:+.1f}", border=True)
