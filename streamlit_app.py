"""Entry point for `streamlit run streamlit_app.py` and Streamlit Community Cloud."""

import sys

import streamlit as st

# The server's first visitor waits seconds while the model, pandas and Altair are imported:
# show what the page is meanwhile (later visits skip this; the modules are loaded).
loading = None
if "dashboard.ui.app" not in sys.modules:
    loading = st.empty()
    with loading.container():
        st.title("US–Iran policy options")
        st.caption("A model of one argument, not a forecast. Loading the model (a few seconds on the first visit)…")

from dashboard.ui.app import run  # noqa: E402

if loading is not None:
    loading.empty()
run()
