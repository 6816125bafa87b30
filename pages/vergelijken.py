"""Vergelijken met Nederland: one gemeente against the Netherlands, its jeugdregio and the gemeenten nearest in
youths 0-17, from CBS StatLine figures only; percentile, P10-P90 spread and a strip per measure."""

import streamlit as st

from dashboard import ui
from dashboard.state import choose_gemeente, grafiek, load, selectie, whole_number
from jeugdhulp import fmt, grafieken, landelijk, safe
from jeugdhulp.pagedata import gemeente, vergelijken

sel = selectie()
names = load(gemeente.namen, sel)
st.session_state["vergelijk_gemeente"] = gemeente.kies(names, *sel.gemeenten)
jaren = load(vergelijken.jaren, sel)
standaard = load(vergelijken.standaardjaar, sel) if jaren else None
if jaren and st.session_state.get("vergelijk_jaar") not in jaren:
    # The link's year (?vergelijkjaar=2022; a page switch makes Streamlit forget the widget), else the default.
    from_url = whole_number(st.query_params.get("vergelijkjaar"), digits=4)
    st.session_state["vergelijk_jaar"] = from_url if from_url in jaren else standaard
data = load(vergelijken.load, sel, gemeente=st.session_state["vergelijk_gemeente"],
            jaar=st.session_state.get("vergelijk_jaar"))

st.title(f"Hoe verhoudt {safe.md(data.naam)} zich tot Nederland?", anchor=False)
left, right = st.columns([2, 1])
left.selectbox("Gemeente", list(names), format_func=names.get, key="vergelijk_gemeente", width=320,
               on_change=lambda: choose_gemeente(st.session_state["vergelijk_gemeente"]),
               help="De gemeenten van de regio in de zijbalk; uw keuze wordt ook de gemeente in de zijbalk.")
if data.jaar is None:
    st.info("Er zijn nog geen CBS-cijfers in het dashboard, dus er is niets om mee te vergelijken: deze pagina toont "
            "nooit verzonnen landelijke cijfers. Nodig zijn de CBS-tabellen "
            f"{', '.join(vergelijken.TABELNAMEN.values())}. {vergelijken.HOE_OPHALEN}", icon=":material/public:")
    st.stop()
right.selectbox("Jaar", jaren, key="vergelijk_jaar", width=140,
                help="Jaren waarvoor CBS-cijfers zijn ingelezen. Standaard het laatste jaar met alle drie de tabellen.")
if st.session_state["vergelijk_jaar"] != standaard:   # in the link, so a shared link shows the same year
    st.query_params["vergelijkjaar"] = str(st.session_state["vergelijk_jaar"])
else:
    st.query_params.pop("vergelijkjaar", None)

ui.example_mark(data.voorbeeld)
if not sel.gemeenten:
    st.info(f"In de zijbalk is geen gemeente gekozen: deze vergelijking toont {safe.md(data.naam)}, de eerste van de "
            "regio. Kies hierboven of in de zijbalk een gemeente.", icon=":material/location_city:")
peers = ", ".join(safe.md(n) for n in data.vergelijkbaar)
st.caption(f"Regio {safe.md(data.regio_naam)} · {data.jaar}{' (voorlopige cijfers)' if data.voorlopig else ''} · "
           f"jeugdigen 0-17 in {safe.md(data.naam)}: {fmt.number(data.jeugdigen_0_17)}. De vergelijking gebruikt "
           "alleen CBS-cijfers, voor alle gemeenten op dezelfde manier geteld; de cijfers die de regio zelf inleest "
           "staan op de andere pagina's. De jaren en segmenten in de zijbalk gelden hier niet: kies het jaar hierboven.")
if data.ontbrekend:
    st.warning(f"Voor {data.jaar} ontbreekt: {', '.join(vergelijken.TABELNAMEN[t] for t in data.ontbrekend)}. "
               f"Maten die die tabel nodig hebben blijven leeg. {vergelijken.HOE_OPHALEN}", icon=":material/warning:")

st.subheader("Op een rij", anchor=False)
cells = [c for _ in range(0, len(data.vergelijkingen), 2) for c in st.columns(2)]
for cell, v in zip(cells, data.vergelijkingen, strict=True):
    shown = landelijk.format_value(v.maat.kind, v.gemeente)
    rank = landelijk.percentile_text(v.percentiel)
    delta = (f"{rank} van {v.n} gemeenten · Nederland {landelijk.format_value(v.maat.kind, v.nederland)}"
             if v.percentiel is not None else "geen cijfer voor deze gemeente")
    cell.metric(v.maat.label, shown, delta=delta, delta_color="off", delta_arrow="off",
                help=f"{v.maat.definitie} {rank} betekent: ongeveer {rank[1:]}% van de gemeenten heeft een lager cijfer."
                if v.percentiel is not None else v.maat.definitie)
st.markdown(f"**Vergelijkbare gemeenten** (de {len(data.vergelijkbaar)} met het aantal jeugdigen van 0-17 jaar het "
            f"dichtst bij dat van {safe.md(data.naam)}, uit heel Nederland): {peers or 'geen'}."
            + (" Met de voorbeelddata zijn ook de aantallen jeugdigen verzonnen, dus deze groep zegt niets over de "
               "echte gemeenten." if data.voorbeeld else ""))
st.caption("P62 betekent: 62% van de gemeenten heeft een lager cijfer. De band in de grafiek loopt van P10 tot P90: "
           "daarbinnen valt 80% van de gemeenten. Regio, vergelijkbare gemeenten en Nederland zijn opgeteld: alle "
           "jeugdigen in zorg gedeeld door alle jeugdigen, niet het gemiddelde van de gemeenten.")

ui.show(grafiek(grafieken.vergelijken_strips, vergelijken.load, sel, gemeente=st.session_state["vergelijk_gemeente"],
                jaar=st.session_state.get("vergelijk_jaar")))

st.subheader("Kanttekeningen van CBS", anchor=False)
st.markdown("\n".join(f"- {safe.md(note)}" for note in data.kanttekeningen))
