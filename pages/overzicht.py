"""Overzicht: the headline figures of the selection against the region, with their sources."""

import streamlit as st

from dashboard import ui
from dashboard.state import load, selectie
from jeugdhulp import charts, fmt, safe
from jeugdhulp.pagedata import overzicht

sel = selectie()
ui.page_intro(sel, "Hoe staat de jeugdhulp in mijn gemeente ervoor?")
data = load(overzicht.load, sel)
jaar, mine, region = data.jaar, data.selectie, data.regio
ui.example_mark(data.voorbeeld, gemengd=data.gemengd)

feit, begroot, afwijking = data.feit_realisatie, data.feit_begroting, data.feit_afwijking
if feit or begroot:
    st.subheader(f"Uit een openbaar document: {jaar}", anchor=False)
    with st.container(border=True):
        d1, d2 = st.columns(2)
        if feit:
            d1.metric("Uitgaven regio (document)", feit.cijfer,
                      help="Het totaal zoals het in het document staat, niet uit de gegevens van dit dashboard berekend.")
        if afwijking is not None:
            d2.metric("Realisatie t.o.v. begroting (document)", fmt.pct_change(afwijking),
                      delta=f"{fmt.eur_compact(data.feit_verschil_eur)} verschil", delta_color="inverse",
                      help=f"Realisatie {feit.cijfer} tegenover begroting {begroot.cijfer}, beide uit het document.")
        elif begroot:
            d2.metric("Begroting regio (document)", begroot.cijfer)
        else:
            d2.caption("Het document geeft voor dit jaar geen begroting, dus geen vergelijking met de begroting.")
        st.caption(ui.feit_toelichting([f for f in (feit, begroot) if f], "De kerncijfers hieronder zijn voorbeelddata "
                                       "(fictief) en staan los van dit cijfer." if data.voorbeeld else ""))
elif data.feit_melding:
    st.caption(f":material/description: {safe.md(data.feit_melding)}")

st.subheader(f"Kerncijfers {jaar}", anchor=False)
c1, c2, c3, c4 = st.columns(4)
change, gap = data.verandering, data.afwijking_begroting
c1.metric("Uitgaven (realisatie)", fmt.eur_compact(mine.realisatie_eur),
          delta=f"{fmt.pct_change(change)} t.o.v. {jaar - 1}" if change is not None else None, delta_color="inverse",
          help="Gerealiseerde uitgaven aan jeugdhulp in de geselecteerde segmenten.")
no_budget = data.begroting_tekst == "geen begroting"   # said under a dash: as the value it was cut off ("geen begroti…")
c2.metric("Realisatie t.o.v. begroting", "–" if no_budget else data.begroting_tekst,
          delta="geen begroting ingelezen" if no_budget else
          f"{fmt.eur_compact(data.verschil_begroting_eur)} verschil" if gap is not None else None,
          delta_color="off" if no_budget else "inverse", delta_arrow="off" if no_budget else "auto",
          help=data.begroting_uitleg)
c3.metric("Uitgaven per jeugdige (0-17)", fmt.eur(mine.eur_per_jeugdige),
          delta=f"regio {fmt.eur(region.eur_per_jeugdige)}", delta_color="off", delta_arrow="off",
          help="Realisatie gedeeld door het aantal inwoners van 0 tot en met 17 jaar.")
c4.metric("Jeugdigen in zorg", fmt.count(mine.jeugdigen_in_zorg),
          delta=f"{fmt.pct(mine.aandeel_residentieel)} residentieel (regio {fmt.pct(region.aandeel_residentieel)})",
          delta_color="off", delta_arrow="off",
          help="Unieke jeugdigen met een lopend traject in het jaar, alle segmenten; residentieel: "
               "in een residentieel segment of crisis met verblijf.")
st.caption(f"**Bron uitgaven.** {safe.md(data.bron_uitgaven)}  \n"
           f"**Bron inwoners 0-17** (voor uitgaven per jeugdige). {safe.md(data.bron_bevolking)}  \n"
           f"**Bron jeugdigen in zorg.** {safe.md(data.bron_jeugdigen)}")
if data.dekking:
    st.info(data.dekking, icon=":material/info:")

st.subheader("Begroting en realisatie per jaar", anchor=False)
ui.chart(
    charts.begroting_realisatie(data.trend, "selectie_eur", f"Uitgaven jeugdhulp — {sel.label}", data.bron_trend,
                                data.voorbeeld_trend),
    data.trend, {"jaar": "Jaar", "soort": "Soort", "selectie_eur": "Uitgaven selectie (EUR)",
                 "regio_eur": "Uitgaven regio (EUR)"},
    key="overzicht_trend", title=f"Uitgaven jeugdhulp {sel.label}",
    definition="Som van de uitgaven per jaar in de geselecteerde gemeenten en segmenten, begroting naast realisatie.",
)
