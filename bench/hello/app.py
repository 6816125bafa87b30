# A copy of ../shared/tools/hello/app.py (the workplace's floor for page loads), kept here so bench.paginas runs
# from a clone without ../shared.
"""The floor for a page: a bare Streamlit page with one small plotly chart and a table."""
import pandas as pd
import plotly.express as px
import streamlit as st

st.set_page_config(layout="wide")
st.title("Hallo")
df = pd.DataFrame({"jaar": range(2019, 2026), "eur": [1.0, 1.2, 1.1, 1.4, 1.5, 1.6, 1.8]})
st.plotly_chart(px.line(df, x="jaar", y="eur"))
st.dataframe(df)
