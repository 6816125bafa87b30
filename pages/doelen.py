"""Doelen: where the residential-care target stands per gemeente, with the trend and the status rule."""

import streamlit as st

from dashboard import ui
from dashboard.state import query, selectie
from jeugdhulp import charts, fmt, kpi, safe, tables

sel = selectie()
ui.page_intro(sel, "Halen we het doel van minder residentiële zorg?")
doelen = query("doelen", regio=sel.regio)
doelen = doelen[doelen["kpi"].isin(list(kpi.DOEL_KPIS))].sort_values("kpi", key=lambda k: k.map(list(kpi.DOEL_KPIS).index))
bron, voorbeeld = ui.trajecten_provenance()
ui.example_mark(voorbeeld)

if doelen.empty:
    st.info(f"In de bronnen van {sel.regio_naam} staat geen doel met een streefwaarde voor het volume van "
            "residentiële zorg. Hieronder het verloop zonder doel; een controller kan een doel inlezen (soort 'doelen').")
    reeks = query("doel_jaarreeks", **sel.params("regio", "gemeenten"), kpi_naam="residentieel_volume", segment=None)
    ui.chart(charts.doel_traject(reeks, sel.jaar_van, sel.jaar_tot, None, None, None, None,
                                 f"Jeugdigen in residentiële zorg — {sel.label}", bron, voorbeeld, "Jeugdigen"),
             ui.with_source(reeks), {"groep": "Groep", "jaar": "Jaar", "waarde": "Jeugdigen"}, key="doelen_zonder",
             title="Residentieel volume", definition=kpi.DOEL_KPIS["residentieel_volume"])
else:
    labels = {i: tables.doel_label(row) for i, row in doelen.iterrows()}
    keuze = st.selectbox("Doel", list(labels), format_func=labels.get, key="doelen_keuze")
    doel = doelen.loc[keuze]
    jaren = list(range(2017, int(doel["doeljaar"])))
    basisjaar = st.selectbox("Basisjaar (de bron noemt er geen; kies het jaar waartegen u meet)", jaren,
                             index=jaren.index(int(doel["basisjaar"])) if int(doel["basisjaar"]) in jaren else 0,
                             key="doelen_basisjaar")
    segment = doel["segment_code"] if isinstance(doel["segment_code"], str) else None
    status = query("doel_status", **sel.params("regio", "gemeenten"), kpi_naam=doel["kpi"], segment=segment,
                   basisjaar=basisjaar, doeljaar=int(doel["doeljaar"]), wijziging_pct=float(doel["wijziging_pct"]),
                   tot_jaar=sel.jaar_tot)
    reeks = query("doel_jaarreeks", **sel.params("regio", "gemeenten"), kpi_naam=doel["kpi"], segment=segment)
    mijn = status[status["niveau"] == "selectie"].iloc[0]
    st.metric(f"Status {safe.md(sel.label)}: {fmt.pct_change(float(doel['wijziging_pct']) / 100, 0)} in {int(doel['doeljaar'])} "
              f"t.o.v. {basisjaar}", mijn["status"].capitalize(),
              delta=f"nu {fmt.count(mijn['laatste_waarde'])}, doel {fmt.number(mijn['doelwaarde'], 0)}, "
                    f"trend {fmt.number(mijn['prognose'], 0)}" if mijn["status"] != kpi.TE_WEINIG else None,
              delta_color="off", delta_arrow="off")
    ui.chart(
        charts.doel_traject(reeks, basisjaar, int(doel["doeljaar"]), mijn["basiswaarde"], mijn["doelwaarde"],
                            mijn["helling"], mijn["prognose"], f"{labels[keuze]} — {sel.label}", bron, voorbeeld,
                            "Jeugdigen"),
        ui.with_source(reeks), {"groep": "Groep", "jaar": "Jaar", "waarde": "Jeugdigen"},
        key="doelen_traject", title="Doel en werkelijkheid",
        definition=f"{kpi.DOEL_KPIS[doel['kpi']]} Doel: {doel['bron']}",
    )
    st.subheader("Status per gemeente en inkoopmodel")
    ui.table(tables.status_table(status), key="doelen_status", title="Status per gemeente en inkoopmodel")
    st.caption(kpi.STATUS_RULE)
    modellen = query("doel_jaarreeks", **sel.params("regio", "gemeenten"), kpi_naam=doel["kpi"], segment=segment,
                     groep="inkoopmodel")
    if modellen["groep"].nunique() > 1:
        ui.chart(charts.lines_per_group(modellen, "groep", "waarde", "Het doel per inkoopmodel", bron, voorbeeld,
                                        "Jeugdigen"),
                 ui.with_source(modellen), {"groep": "Inkoopmodel", "jaar": "Jaar", "waarde": "Jeugdigen"},
                 key="doelen_modellen", title="Per inkoopmodel",
                 definition="Dezelfde maat voor de gemeenten van elk inkoopmodel samen.")

ratio = query("ambulant_per_bed", **sel.params("regio", "gemeenten", "jaar_van", "jaar_tot"))
ui.chart(charts.lines_per_group(ratio, "inkoopmodel", "ambulant_per_bed", f"Ambulant per bed — {sel.label}", bron,
                                voorbeeld, "Jeugdigen ambulant per jeugdige met verblijf", decimals=2),
         ui.with_source(ratio), {"inkoopmodel": "Inkoopmodel", "jaar": "Jaar", "jeugdigen_ambulant": "Ambulant",
                                 "jeugdigen_verblijf": "Met verblijf", "ambulant_per_bed": "Ambulant per bed"},
         key="doelen_ratio", title="Ambulant per bed",
         definition="Unieke jeugdigen in ambulante segmenten gedeeld door unieke jeugdigen met verblijf, per jaar.")
with st.expander(f"Stuurvariabelen in de bronnen van {sel.regio_naam}"):
    ui.table(tables.bron_kpi_table(query("bron_kpis", regio=sel.regio)), key="doelen_stuurvariabelen",
             title=f"Stuurvariabelen {sel.regio_naam}")

ui.raden_panel(sel, "doelen")
