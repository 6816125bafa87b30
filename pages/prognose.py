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
# A choice of half percents, so the screen says "2,5%" (a number field would show "2.5"); kept in the link.
RISES = [step / 2 for step in range(int(pagedata.MAX_PRIJSSTIJGING * 200) + 1)]
if "prognose_prijsstijging" not in st.session_state:
    # From the link, else what this session chose before it went to another page (Streamlit forgets a widget's
    # value when another page runs, and a page switch drops the link's own parameters), else none.
    from_url = st.query_params.get("prijsstijging", "").replace(",", ".")
    st.session_state["prognose_prijsstijging"] = next((r for r in RISES if f"{r:g}" == from_url),
                                                      st.session_state.get("prognose_prijsstijging_bewaard", 0.0))
index = st.select_slider("Extra prijsstijging per jaar", RISES, key="prognose_prijsstijging",
                         format_func=lambda v: "geen" if v == 0 else fmt.pct_short(v / 100),
                         help="Bovenop de trend van de kosten per jeugdige in zorg, die al doorloopt. Standaard geen; "
                              "kies bijvoorbeeld een bijzondere indexatie van de tarieven.")
st.session_state["prognose_prijsstijging_bewaard"] = index
if index:
    st.query_params["prijsstijging"] = f"{index:g}"
else:
    st.query_params.pop("prijsstijging", None)
data = load(pagedata.load, sel, prijsstijging=index / 100)
ui.example_mark(bool(data.reeks["voorbeeld_uitgaven"].any() or data.reeks["voorbeeld_jeugdigen"].any()))
if data.later_tekst():
    st.info(data.later_tekst(), icon=":material/info:")

TE_KORT = (f"Te weinig jaren voor een prognose: er zijn er minstens {prognose.MIN_JAREN} nodig. Kies in de zijbalk "
           "meer jaren of lees oudere cijfers in.")
COLUMNS = {"jaar": "Jaar", "soort": "Soort", "waarde": "Waarde", "laag": "80% ondergrens", "hoog": "80% bovengrens"}


def toets(p: prognose.Prognose | None) -> str:
    if p is None:
        return TE_KORT
    if p.backtest is None:
        return "Er is geen jaar om de methode op te toetsen."
    jaren = ", ".join(str(j) for j in p.backtest_jaren)
    naast = "minder dan 0,1%" if p.backtest < 0.001 else fmt.pct(p.backtest)
    n = len(p.backtest_jaren)
    richting = (f" ({fmt.aantal(p.te_laag, 'keer', 'keer')} te laag, {fmt.aantal(n - p.te_laag, 'keer', 'keer')} te hoog)"
                if n > 1 else " (te laag)" if p.te_laag else " (te hoog)")
    return (f"Toets: had deze methode {jaren} voorspeld uit de jaren ervoor, dan zat ze er "
            f"{'gemiddeld ' if n > 1 else ''}{naast} naast{richting}.")


tab_uitgaven, tab_jeugdigen = st.tabs(["Uitgaven", "Jeugdigen in zorg"])
with tab_uitgaven:
    if data.uitgaven is not None:
        last = data.uitgaven.jaren[-1]
        st.metric(f"Uitgaven {last} volgens de prognose", fmt.eur_compact(data.uitgaven.midden[-1]),
                  help=f"80% zeker tussen {fmt.eur_compact(data.uitgaven.laag[-1])} en "
                       f"{fmt.eur_compact(data.uitgaven.hoog[-1])}.")
    table = data.tabel("uitgaven")
    ui.chart(prognose_chart(table, f"Uitgaven en prognose — {sel.label}", data.bron("uitgaven"),
                            data.voorbeeld("uitgaven"), "Uitgaven", te_kort=TE_KORT),
             table, COLUMNS | {"waarde": "Uitgaven (EUR)"}, key="prognose_uitgaven", title="Prognose uitgaven",
             definition="Gerealiseerde uitgaven per jaar van de selectie en de prognose voor de komende drie jaar, "
                        "met het gebied waarin de uitkomst ongeveer 8 van de 10 keer valt (tussen onder- en bovengrens). "
                        + data.splitsing)
    st.caption(toets(data.uitgaven))
with tab_jeugdigen:
    table = data.tabel("jeugdigen")
    why = ("Geen jeugdigen in zorg per segment: een jeugdige in twee segmenten zou dubbel tellen. Kies alle segmenten."
           if sel.segmenten else "Geen prognose: in een jaar waren het er minder dan 5."
           if data.reeks["jeugdigen_in_zorg_klein"].any() else TE_KORT)
    ui.chart(prognose_chart(table, f"Jeugdigen in zorg en prognose — {sel.label}", data.bron("jeugdigen"),
                            data.voorbeeld("jeugdigen"), "Jeugdigen in zorg", kind="count", te_kort=why,
                            leeg=why),
             table, COLUMNS | {"waarde": "Jeugdigen in zorg"}, key="prognose_jeugdigen",
             title="Prognose jeugdigen in zorg",
             definition="Unieke jeugdigen met een lopend traject per jaar (alle segmenten) en de prognose voor de "
                        "komende drie jaar, met het gebied waarin de uitkomst ongeveer 8 van de 10 keer valt.")
    st.caption(toets(data.jeugdigen) if not sel.segmenten else why)
with st.expander("Hoe de prognose werkt", expanded=True):
    st.markdown(prognose.METHODE)
# The scenario starts from this forecast without an extra rise; the rise chosen here goes along as its price knob.
st.page_link("pages/scenario.py", label="Wat als de inzet van jeugdhulp verandert? Naar Wat als? (scenario)",
             icon=":material/tune:", query_params={"prijs": f"{index:g}"} if index else None)
