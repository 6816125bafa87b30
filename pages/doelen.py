"""Doelen: where the residential-care target stands per gemeente, with the trend and the status rule."""

import streamlit as st

from dashboard import ui
from dashboard.state import grafiek, load, selectie
from jeugdhulp import charts, grafieken, kpi
from jeugdhulp.pagedata import doelen

sel = selectie()
ui.page_intro(sel, "Halen we het doel van minder residentiële zorg?")
data = load(doelen.load, sel)
bron, voorbeeld = data.bron, data.voorbeeld
ui.example_mark(voorbeeld)

if data.keuze is None:
    st.info(f"In de bronnen van {sel.regio_naam} staat geen doel met een streefwaarde voor het volume van "
            "residentiële zorg. Hieronder het verloop zonder doel; een controller kan een doel inlezen (soort 'doelen').")
    ui.show(grafiek(grafieken.doel, doelen.load, sel))
else:
    keuze = st.selectbox("Doel", list(data.labels), format_func=data.labels.get, key="doelen_keuze")
    basisjaar = st.selectbox("Basisjaar (de bron noemt er geen; kies het jaar waartegen u meet)",
                             data.basisjaren[keuze], index=data.basisjaar_index[keuze], key="doelen_basisjaar")
    # Another choice than the default: load that one.
    gekozen = {} if (keuze, basisjaar) == (data.keuze, data.basisjaar) else {"doel": keuze, "basisjaar": basisjaar}
    if gekozen:
        data = load(doelen.load, sel, **gekozen)
    st.metric(data.metric_label, data.metric_waarde, delta=data.metric_delta, delta_color="off", delta_arrow="off")
    ui.show(grafiek(grafieken.doel, doelen.load, sel, **gekozen))
    if data.jaren_noot:
        st.caption(data.jaren_noot)
    st.subheader("Status per gemeente en inkoopmodel", anchor=False)
    ui.table(data.status_tabel, key="doelen_status", title="Status per gemeente en inkoopmodel")
    st.caption(kpi.STATUS_RULE)
    if data.per_model:
        ui.chart(charts.lines_per_group(data.modellen, "groep", "waarde", "Het doel per inkoopmodel", bron, voorbeeld,
                                        "Jeugdigen"),
                 data.met_bron(data.modellen), {"groep": "Inkoopmodel", "jaar": "Jaar", "waarde": "Jeugdigen"},
                 key="doelen_modellen", title="Per inkoopmodel",
                 definition="Dezelfde maat voor de gemeenten van elk inkoopmodel samen.")

ui.chart(charts.lines_per_group(data.ratio, "inkoopmodel", "ambulant_per_bed", f"Ambulant per bed — {sel.label}", bron,
                                voorbeeld, "Jeugdigen ambulant per jeugdige met verblijf", decimals=2),
         data.met_bron(data.ratio), {"inkoopmodel": "Inkoopmodel", "jaar": "Jaar", "jeugdigen_ambulant": "Ambulant",
                                     "jeugdigen_verblijf": "Met verblijf", "ambulant_per_bed": "Ambulant per bed"},
         key="doelen_ratio", title="Ambulant per bed",
         definition="Unieke jeugdigen in ambulante segmenten gedeeld door unieke jeugdigen met verblijf, per jaar.")
with st.expander(f"Stuurvariabelen in de bronnen van {sel.regio_naam}"):
    ui.table(data.stuurvariabelen, key="doelen_stuurvariabelen", title=f"Stuurvariabelen {sel.regio_naam}")

ui.raden_panel(sel, "doelen")
