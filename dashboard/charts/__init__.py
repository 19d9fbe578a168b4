"""Chart builders for the dashboard: pure functions returning Altair charts (no Streamlit)."""
