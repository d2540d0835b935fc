"""Regiokaart's logic: data loading and validation, boundaries, map building, filtering.

Everything here is importable without a running Streamlit server.
"""
