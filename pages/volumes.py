"""Volumes: youths and trajectories per segment and gemeente, absolute and per 1,000 youths."""

import streamlit as st

from dashboard import ui
from dashboard.state import query, selectie
from jeugdhulp import charts, tables

sel = selectie()
ui.page_intro(sel, "Hoeveel jeugdigen krijgen jeugdhulp, en in welk segment?")
per_segment = query("volumes_per_segment", **sel.params("regio", "gemeenten", "segmenten", "jaar_van", "jaar_tot"))
per_gemeente = query("volumes_per_gemeente", **sel.params("regio", "segmenten"), jaar=sel.jaar_tot)
ui.example_mark(tables.any_example(per_segment, per_gemeente))

tab_segment, tab_gemeente = st.tabs(["Per segment", "Per gemeente"])
with tab_segment:
    measure = st.radio("Tel", ["jeugdigen", "trajecten"], horizontal=True, key="volumes_maat",
                       format_func={"jeugdigen": "Jeugdigen", "trajecten": "Trajecten"}.get)
    ui.chart(
        charts.per_segment_stacked(per_segment, measure, f"{measure.capitalize()} per segment — {sel.label}",
                                   tables.sources(per_segment), tables.any_example(per_segment), f"Aantal {measure}",
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
    if per_1000 == "jeugdigen":
        average, axis = per_gemeente["jeugdigen"].mean() if len(per_gemeente) else None, "Aantal jeugdigen in zorg"
    else:
        average = per_gemeente["regio_per_1000_jeugdigen"].iloc[0] if len(per_gemeente) else None
        axis = "Per 1.000 inwoners van 0-17 jaar"
    ui.chart(
        charts.per_gemeente(per_gemeente, per_1000, f"Jeugdigen in zorg per gemeente, {sel.jaar_tot}",
                            tables.sources(per_gemeente), tables.any_example(per_gemeente), axis, list(sel.gemeenten),
                            kind="count" if per_1000 == "jeugdigen" else "number", average=average,
                            average_label="regio" if per_1000 != "jeugdigen" else "gemiddelde gemeente"),
        per_gemeente, {"gemeente": "Gemeente", "gemeente_code": "CBS-code", "jeugdigen": "Jeugdigen in zorg",
                       "jeugdigen_0_17": "Jeugdigen 0-17", "per_1000_jeugdigen": "Per 1.000 jeugdigen"},
        key="volumes_per_gemeente", title=f"Jeugdigen in zorg per gemeente {sel.jaar_tot}",
        definition="Unieke jeugdigen met een lopend traject in het jaar (bij gekozen segmenten: opgeteld over "
                   "die segmenten), ook per 1.000 inwoners van 0-17 jaar.",
    )
