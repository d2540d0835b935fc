"""Helpers shared by the browser tests and the benchmark: a real `streamlit run`, real Chromium."""
