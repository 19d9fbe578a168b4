"""Entry point for `streamlit run streamlit_app.py` and Streamlit Community Cloud."""

from dashboard.ui.app import run

run()
