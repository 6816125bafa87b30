"""Wachttijden en verblijfsduur: how long youths wait and stay, as distributions, with providers."""

import streamlit as st

from dashboard import ui
from dashboard.state import grafiek, load, selectie
from jeugdhulp import charts, grafieken, safe, tables
from jeugdhulp.pagedata import wachttijden

sel = selectie()
ui.page_intro(sel, "Hoe lang wachten jeugdigen, en hoe lang duurt verblijf?")
data = load(wachttijden.load, sel)
bron, voorbeeld = data.bron, data.voorbeeld
ui.example_mark(voorbeeld)

tab_wacht, tab_duur, tab_aanbieders = st.tabs(["Wachttijd", "Verblijfsduur", "Aanbieders"])
with tab_wacht:
    ui.feiten(data.feiten_wacht, "Wat de inkoopstrategie over wachttijden zegt",
              "Een gemiddelde voor de regio als geheel, zonder peildatum. De grafieken hieronder tonen de mediaan en "
              "het 90e percentiel per jaar uit de trajecten: een ander cijfer, niet te vergelijken.")
    ui.show(grafiek(grafieken.wachttijd_jaar, wachttijden.load, sel))
    ui.chart(
        charts.box_per_segment(data.wacht_segment,
                               f"Spreiding van de wachttijd per segment, {sel.jaren} — {sel.label}",
                               bron, voorbeeld, "Dagen van aanmelding tot start"),
        data.met_bron(data.wacht_segment), {"segment": "Segment"} | tables.STAT_COLUMNS,
        key="wachttijd_segment", title="Wachttijd per segment",
        definition="Doos: de middelste helft van de wachttijden (25e-75e percentiel) met de mediaan; "
                   "snorharen: 10e en 90e percentiel; de stippellijn is het gemiddelde.",
    )
    if not data.wacht_modellen.empty:
        ui.chart(
            charts.stats_per_year(data.wacht_modellen, [("mediaan", "Mediaan")],
                                  "Mediane wachttijd per inkoopmodel", bron, voorbeeld, "Dagen", group="inkoopmodel"),
            data.met_bron(data.wacht_modellen), {"inkoopmodel": "Inkoopmodel"} | tables.STAT_COLUMNS,
            key="wachttijd_model", title="Wachttijd per inkoopmodel",
            definition="De regionale inkoop naast het taakgerichte model van Maassluis, Vlaardingen en Schiedam.",
        )
with tab_duur:
    ui.show(grafiek(grafieken.verblijfsduur_jaar, wachttijden.load, sel))
    ui.chart(
        charts.box_per_segment(data.duur_segment,
                               f"Spreiding van de verblijfsduur per segment, {sel.jaren} — {sel.label}",
                               bron, voorbeeld, "Dagen verblijf", gevallen=("verblijf", "verblijven")),
        data.met_bron(data.duur_segment), {"segment": "Segment"} | tables.STAT_COLUMNS,
        key="verblijfsduur_segment", title="Verblijfsduur per segment",
        definition="Doos: 25e-75e percentiel met de mediaan; snorharen: 10e en 90e percentiel; stippellijn: gemiddelde.",
    )
    if not data.duur_modellen.empty:
        ui.chart(
            charts.stats_per_year(data.duur_modellen, [("gemiddeld", "Gemiddeld")], "Gemiddelde verblijfsduur per inkoopmodel",
                                  bron, voorbeeld, "Dagen", group="inkoopmodel"),
            data.met_bron(data.duur_modellen), {"inkoopmodel": "Inkoopmodel"} | tables.STAT_COLUMNS,
            key="verblijfsduur_model", title="Verblijfsduur per inkoopmodel",
            definition="Gemiddelde ligduur (de KPI van de GRJR) voor het regionale en het taakgerichte inkoopmodel.",
        )
with tab_aanbieders:
    ui.feiten(data.feiten_markt, "Wat de inkoopstrategie over het aantal aanbieders en percelen zegt",
              "Aantallen voor de regio als geheel, zonder peildatum; 'beoogd' is wat de strategie van plan is. De "
              "grafiek hieronder telt aanbieders met minstens één lopend traject in de trajecten.")
    per_segment = data.aanbieders_per_segment
    ui.chart(
        charts.bars(per_segment, "segment", "aanbieders", f"Aantal aanbieders per segment, {sel.jaar_tot}",
                    bron, voorbeeld, "Aanbieders met minstens één traject", kind="int"),
        data.met_bron(per_segment), {"segment": "Segment", "aanbieders": "Aanbieders"},
        key="aanbieders_segment", title="Aanbieders per segment",
        definition="Verschillende aanbieders met een lopend traject in het jaar, per segment.",
    )
    segment = st.selectbox("Bekijk de aanbieders van segment", data.segmenten, key="wachttijden_segment")
    st.markdown(f"**Aanbieders van {safe.md(segment)}, {sel.jaar_tot}**, van groot naar klein")
    ui.table(data.aanbieders_van(segment), key="aanbieders_drill",
             title=f"Aanbieders {segment} {sel.jaar_tot}",
             column_config={"rang": st.column_config.NumberColumn("Plaats", format="%d"), "aanbieder": "Aanbieder",
                            "aanbieders_in_groep": st.column_config.NumberColumn("Aanbieders", format="%d")})
    st.caption("Aanbieders met minstens 5 jeugdigen met een lopend traject staan met naam, van groot naar klein; de "
               "andere samen als 'overige aanbieders'. Aantallen jeugdigen per aanbieder staan er bewust niet bij: "
               "met het aantal van het segment zou het aantal van de overige aanbieders (soms onder 5) terug te "
               f"rekenen zijn. Bron: {safe.md(bron)}.")
if not data.geleverd.empty:
    st.subheader("Aangeleverde KPI-waarden", anchor=False)
    ui.table(data.geleverd, key="wachttijden_geleverd", title="Aangeleverde KPI-waarden")
    st.caption("Door controllers ingelezen KPI-waarden (soort 'kpi'), met hun bron, naast de berekende cijfers hierboven. "
               "Een aantal personen (eenheid jeugdigen, cliënten, trajecten, aantal ...) van 1 tot 4 staat als <5.")

ui.raden_panel(sel, "wachttijd", "verblijfsduur", "aanbieders")
