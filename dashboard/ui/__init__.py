"""The Streamlit layer: the only code that imports streamlit. It reads widgets, calls the
model, and draws the result."""
