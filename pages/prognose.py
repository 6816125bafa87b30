"""Prognose: what jeugdhulp will cost in the next three years if nothing changes, and how many youths will be in
care, for the selection in the sidebar; the method and how good it would have been, in plain Dutch."""

import streamlit as st

from dashboard import ui
from dashboard.state import load, selectie
from jeugdhulp import fmt, prognose
from jeugdhulp.charts_prognose import prognose as prognose_chart
from jeugdhulp.pagedata import prognose as pagedata

sel = selectie()
ui.page_intro(sel, "Wat kost jeugdhulp de komende jaren als er niets verandert?")
# A choice of half percents, so the screen says "2,5%" (a number field would show "2.5").
RISES = [step / 2 for step in range(int(pagedata.MAX_PRIJSSTIJGING * 200) + 1)]
index = st.select_slider("Prijsstijging per jaar", RISES, value=0.0, key="prognose_prijsstijging",
                         format_func=lambda v: "geen" if v == 0 else f"{fmt.number(v, 1)}%",
                         help="Standaard geen: de prognose rekent met de kosten per jeugdige in zorg van het laatste "
                              "jaar. Kies bijvoorbeeld de verwachte indexatie van de tarieven.")
data = load(pagedata.load, sel, prijsstijging=index / 100)
ui.example_mark(bool(data.reeks["voorbeeld_uitgaven"].any() or data.reeks["voorbeeld_jeugdigen"].any()))

TE_KORT = (f"Te weinig jaren voor een prognose: er zijn er minstens {prognose.MIN_JAREN} nodig. Kies in de zijbalk "
           "meer jaren of lees oudere cijfers in.")
COLUMNS = {"jaar": "Jaar", "soort": "Soort", "waarde": "Waarde", "laag": "80% ondergrens", "hoog": "80% bovengrens"}


def toets(p: prognose.Prognose | None) -> str:
    if p is None:
        return TE_KORT
    if p.backtest is None:
        return "Er is geen jaar om de methode op te toetsen."
    jaren = ", ".join(str(j) for j in p.backtest_jaren)
    return (f"Toets: had deze methode {jaren} voorspeld uit de jaren ervoor, dan zat ze er gemiddeld "
            f"{fmt.pct(p.backtest)} naast.")


tab_uitgaven, tab_jeugdigen = st.tabs(["Uitgaven", "Jeugdigen in zorg"])
with tab_uitgaven:
    if data.uitgaven is not None:
        last = data.uitgaven.jaren[-1]
        st.metric(f"Uitgaven {last} volgens de prognose", fmt.eur_compact(data.uitgaven.midden[-1]),
                  help=f"80% zeker tussen {fmt.eur_compact(data.uitgaven.laag[-1])} en "
                       f"{fmt.eur_compact(data.uitgaven.hoog[-1])}.")
    table = data.tabel("uitgaven")
    ui.chart(prognose_chart(table, f"Uitgaven en prognose — {sel.label}", table["bron"].iat[0],
                            bool(table["voorbeeld"].iat[0]), "Uitgaven", te_kort=TE_KORT),
             table, COLUMNS | {"waarde": "Uitgaven (EUR)"}, key="prognose_uitgaven", title="Prognose uitgaven",
             definition="Gerealiseerde uitgaven per jaar van de selectie en de prognose voor de komende drie jaar, "
                        "met het gebied waarin de uitkomst 8 van de 10 keer valt (tussen onder- en bovengrens). "
                        + data.splitsing)
    st.caption(toets(data.uitgaven))
with tab_jeugdigen:
    table = data.tabel("jeugdigen")
    ui.chart(prognose_chart(table, f"Jeugdigen in zorg en prognose — {sel.label}", table["bron"].iat[0],
                            bool(table["voorbeeld"].iat[0]), "Jeugdigen in zorg", kind="count",
                            te_kort=TE_KORT if not data.reeks["jeugdigen_in_zorg_klein"].any() else
                            "Geen prognose: in een jaar waren het er minder dan 5."),
             table, COLUMNS | {"waarde": "Jeugdigen in zorg"}, key="prognose_jeugdigen",
             title="Prognose jeugdigen in zorg",
             definition="Unieke jeugdigen met een lopend traject per jaar (alle segmenten) en de prognose voor de "
                        "komende drie jaar, met het gebied waarin de uitkomst 8 van de 10 keer valt.")
    st.caption(toets(data.jeugdigen))
with st.expander("Hoe de prognose werkt", expanded=True):
    st.markdown(prognose.METHODE)
