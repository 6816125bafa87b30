"""Volumes: youths and trajectories per segment and gemeente, absolute and per 1,000 youths."""

import streamlit as st

from dashboard import ui
from dashboard.state import grafiek, load, selectie
from jeugdhulp import grafieken
from jeugdhulp.pagedata import volumes

sel = selectie()
ui.page_intro(sel, "Hoeveel jeugdigen krijgen jeugdhulp, en in welk segment?")
data = load(volumes.load, sel)
ui.example_mark(data.voorbeeld)

tab_segment, tab_gemeente = st.tabs(["Per segment", "Per gemeente"])
with tab_segment:
    measure = st.radio("Tel", ["jeugdigen", "trajecten"], horizontal=True, key="volumes_maat",
                       format_func={"jeugdigen": "Jeugdigen", "trajecten": "Trajecten"}.get)
    ui.show(grafiek(grafieken.volumes_per_segment, volumes.load, sel, measure))
with tab_gemeente:
    per_1000 = st.radio("Toon", ["per_1000_jeugdigen", "jeugdigen"], horizontal=True, key="volumes_gemeente_maat",
                        format_func={"per_1000_jeugdigen": "Per 1.000 jeugdigen", "jeugdigen": "Aantal"}.get)
    ui.show(grafiek(grafieken.volumes_per_gemeente, volumes.load, sel, per_1000))
