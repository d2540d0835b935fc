"""A bare Streamlit page: the baseline the benchmark compares the dashboard's cold start to."""

import streamlit as st

st.title("Bare page")
