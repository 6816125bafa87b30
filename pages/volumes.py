"""Volumes: youths and trajectories per segment and gemeente, absolute and per 1,000 youths."""

import streamlit as st

from dashboard import ui
from dashboard.state import load, selectie
from jeugdhulp import charts
from jeugdhulp.pagedata import volumes

sel = selectie()
ui.page_intro(sel, "Hoeveel jeugdigen krijgen jeugdhulp, en in welk segment?")
data = load(volumes.load, sel)
per_segment, per_gemeente = data.per_segment, data.per_gemeente
ui.example_mark(data.voorbeeld)

tab_segment, tab_gemeente = st.tabs(["Per segment", "Per gemeente"])
with tab_segment:
    measure = st.radio("Tel", ["jeugdigen", "trajecten"], horizontal=True, key="volumes_maat",
                       format_func={"jeugdigen": "Jeugdigen", "trajecten": "Trajecten"}.get)
    ui.chart(
        charts.per_segment_stacked(per_segment, measure, f"{measure.capitalize()} per segment — {sel.label}",
                                   data.bron_per_segment, data.voorbeeld_per_segment, f"Aantal {measure}",
                                   kind="count"),
        per_segment, {"jaar": "Jaar", "segment": "Segment", "vorm": "Vorm", "jeugdigen": "Jeugdigen",
                      "trajecten": "Trajecten"},
        key="volumes_per_segment", title=f"{measure} per segment",
        definition="Jeugdigen: unieke jeugdigen met een traject dat in het jaar liep, per segment (een jeugdige "
                   "in twee segmenten telt in beide). Trajecten: trajecten die in het jaar liepen.",
    )
with tab_gemeente:
    per_1000 = st.radio("Toon", ["per_1000_jeugdigen", "jeugdigen"], horizontal=True, key="volumes_gemeente_maat",
                        format_func={"per_1000_jeugdigen": "Per 1.000 jeugdigen", "jeugdigen": "Aantal"}.get)
    count = per_1000 == "jeugdigen"
    average = data.gemiddelde_gemeente if count else data.regio_per_1000
    axis = "Aantal jeugdigen in zorg" if count else "Per 1.000 inwoners van 0-17 jaar"
    ui.chart(
        charts.per_gemeente(per_gemeente, per_1000, f"Jeugdigen in zorg per gemeente, {sel.jaar_tot}",
                            data.bron_per_gemeente, data.voorbeeld_per_gemeente, axis, list(sel.gemeenten),
                            kind="count" if count else "number", average=average,
                            average_label="gemiddelde gemeente" if count else "regio"),
        per_gemeente, {"gemeente": "Gemeente", "gemeente_code": "CBS-code", "jeugdigen": "Jeugdigen in zorg",
                       "jeugdigen_0_17": "Jeugdigen 0-17", "per_1000_jeugdigen": "Per 1.000 jeugdigen"},
        key="volumes_per_gemeente", title=f"Jeugdigen in zorg per gemeente {sel.jaar_tot}",
        definition="Unieke jeugdigen met een lopend traject in het jaar (bij gekozen segmenten: opgeteld over "
                   "die segmenten), ook per 1.000 inwoners van 0-17 jaar.",
    )
