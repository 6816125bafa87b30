"""Wachttijden en verblijfsduur: how long youths wait and stay, as distributions, with providers."""

import streamlit as st

from dashboard import ui
from dashboard.state import grafiek, load, selectie
from jeugdhulp import grafieken, safe
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
    ui.show(grafiek(grafieken.wachttijd_segment, wachttijden.load, sel))
    if not data.wacht_modellen.empty:
        ui.show(grafiek(grafieken.wachttijd_model, wachttijden.load, sel))
with tab_duur:
    ui.show(grafiek(grafieken.verblijfsduur_jaar, wachttijden.load, sel))
    ui.show(grafiek(grafieken.verblijfsduur_segment, wachttijden.load, sel))
    if not data.duur_modellen.empty:
        ui.show(grafiek(grafieken.verblijfsduur_model, wachttijden.load, sel))
with tab_aanbieders:
    ui.feiten(data.feiten_markt, "Wat de inkoopstrategie over het aantal aanbieders en percelen zegt",
              "Aantallen voor de regio als geheel, zonder peildatum; 'beoogd' is wat de strategie van plan is. De "
              "grafiek hieronder telt aanbieders met minstens één lopend traject in de trajecten.")
    ui.show(grafiek(grafieken.aanbieders_segment, wachttijden.load, sel))
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
