"""Gemeenteprofiel: one gemeente against its region and the gemeenten of the most similar size (any region),
with a map to open the profile of another gemeente. The gemeente is the filter bar's first (?gemeenten=GM0505);
choosing one here or on the map makes it the filter bar's choice."""

import streamlit as st

from dashboard import ui
from dashboard.state import choose_gemeente, grafiek, load, open_region, selectie
from jeugdhulp import grafieken, kpi, safe, tables
from jeugdhulp.pagedata import gemeente
from jeugdhulp.punten import points_on_screen

sel = selectie()
names = load(gemeente.namen, sel)
# The filter bar's first gemeente; without one, the region's first until the reader chooses.
st.session_state["gemeente_keuze"] = gemeente.kies(names, *sel.gemeenten)
data = load(gemeente.load, sel, gemeente=st.session_state["gemeente_keuze"])
code, naam, jaar = data.code, data.naam, data.jaar

st.title(f"Hoe staat {safe.md(naam)} ervoor, naast de regio en vergelijkbare gemeenten?", anchor=False)
# The current gemeente as default as well: a browser that forgets the widget's value sends its default (see filter_bar).
st.selectbox("Gemeente", list(names), index=list(names).index(st.session_state["gemeente_keuze"]), format_func=names.get,
             key="gemeente_keuze", width=320,
             on_change=lambda: choose_gemeente(st.session_state["gemeente_keuze"]),
             help="Uw keuze wordt ook de gemeente in de zijbalk. Of klik een gemeente aan op de kaart onderaan.")
if not sel.gemeenten:
    st.info(f"In de zijbalk is geen gemeente gekozen: dit profiel toont {safe.md(naam)}, de eerste van de regio. "
            "Kies hierboven of in de zijbalk een gemeente.", icon=":material/location_city:")
elif len(sel.gemeenten) > 1:
    st.caption(f"In de zijbalk zijn {len(sel.gemeenten)} gemeenten gekozen; het profiel toont de eerste.")
st.caption(f"Regio {sel.regio_naam} · {sel.jaar_van}–{jaar} · alle segmenten: de keuze van segmenten in de zijbalk "
           "geldt hier niet (segmenten verschillen per regio, en het profiel vergelijkt over regio's).")
ui.example_mark(data.voorbeeld, gemengd=data.echt)

if data.kerncijfers:
    st.subheader(f"Kerncijfers {jaar}", anchor=False)
    for cell, figure in zip(st.columns(4), data.kerncijfers, strict=True):
        cell.metric(figure.label, figure.waarde, delta=figure.toelichting, delta_color="off", delta_arrow="off")
    st.caption(f"**Bron.** {safe.md(data.bron_kerncijfers)}  \n{tables.SMALL_COUNT_NOTE} Residentieel per 1.000 telt "
               "dezelfde jeugdigen als het aandeel residentieel op Overzicht, maar deelt door de inwoners van 0-17 jaar "
               "in plaats van door de jeugdigen in zorg.")

st.markdown(f"**Vergelijkbare gemeenten {jaar}:** " + data.vergelijkbaar_tekst)
st.caption(data.vergelijkbaar_regel)
if data.apart:
    st.info("Waar deze gemeente ingelezen cijfers heeft en de regio of de vergelijkbare gemeenten voorbeelddata "
            "(of andersom), staat hun cijfer niet naast dat van de gemeente: echte en fictieve cijfers worden "
            "niet vergeleken.", icon=":material/info:")
if data.reikwijdte:
    st.info(data.reikwijdte, icon=":material/info:")

# Only the open tab runs and is drawn (on_change="rerun"): the profile's seven charts and maps at once made it the
# slowest page. The open tab is kept in the session, so a map click or another gemeente keeps it open.
clicks: list[str | None] = []
kaart: gemeente.KaartTab | None = None
tab_geld, tab_zorg, tab_kpi, tab_raad, tab_kaart = st.tabs(
    ["Uitgaven", "Jeugdigen in zorg", "Doelen, wachttijd, verblijf", "Wat zei de raad?", "Kaart"], key="gemeente_tab",
    on_change="rerun")
if tab_geld.open:
    with tab_geld:
        ui.show(grafiek(grafieken.gemeente_uitgaven, gemeente.load, sel, gemeente=code))
        ui.show(grafiek(grafieken.gemeente_vormen, gemeente.load, sel, gemeente=code))
if tab_zorg.open:
    with tab_zorg:
        for index in range(len(gemeente.ZORGREEKSEN)):
            ui.show(grafiek(grafieken.gemeente_zorg, gemeente.load, sel, index, gemeente=code))
if tab_kpi.open:
    with tab_kpi:
        tab = load(gemeente.doelen_tab, sel, gemeente=code)
        st.subheader("Doelen van de regio", anchor=False)
        for doel in tab.doelen:
            st.metric(doel.label, doel.waarde, delta=doel.toelichting, delta_color="off", delta_arrow="off")
        if tab.doelen:
            st.caption(kpi.STATUS_RULE + " Meer op de pagina 'Doel residentiële zorg'.")
        else:
            st.info(f"In de bronnen van {sel.regio_naam} staat geen doel met een streefwaarde voor residentiële zorg "
                    "of pleegzorg; er is dus geen status.")
        st.subheader(f"Wachttijd en verblijfsduur {jaar}", anchor=False)
        for cell, duur in zip(st.columns(2), tab.duren, strict=True):
            cell.metric(duur.label, duur.waarde, delta=duur.toelichting, delta_color="off", delta_arrow="off")
        st.caption(f"Wachttijd: dagen van aanmelding tot start, naar jaar van start. Verblijfsduur: dagen van start tot "
                   f"einde van beëindigde verblijven, naar jaar van einde. Alle segmenten. Bron: {safe.md(tab.bron_trajecten)}."
                   + (" Voorbeelddata (fictief)." if tab.voorbeeld_trajecten else ""))
if tab_raad.open:
    with tab_raad:
        raad = load(gemeente.raad_tab, sel, gemeente=code)
        if raad.punten.empty:
            st.info(f"Van {safe.md(naam)} zijn geen punten uit consultaties ingelezen. Regionale consultaties staan op de "
                    "pagina 'Wat zeiden de raden?'.")
        else:
            ui.show(grafiek(grafieken.gemeente_themas, gemeente.raad_tab, sel, naam, gemeente=code))
            ui.text_table(raad.punten, key="gemeente_punten", title=f"Punten van {naam}",
                          note="Samenvattingen in eigen woorden; de vindplaats zegt waar het punt in het brondocument staat.",
                          shown=points_on_screen(raad.punten).drop(columns="Gemeente"))
            st.caption("Samenvattingen in eigen woorden; de vindplaats zegt waar het punt in het brondocument staat.")
if tab_kaart.open:
    with tab_kaart:
        kaart = load(gemeente.kaart_tab, sel)
        maat = st.selectbox("Kleur naar", list(gemeente.MAATEN), format_func=lambda m: gemeente.MAATEN[m].label,
                            key="gemeente_kaart_maat", width=420)
        kaart_tabs = st.tabs(["Regio", "Nederland"], key="gemeente_kaart_tab", on_change="rerun")
        for index, (kaart_tab, beeld) in enumerate(zip(kaart_tabs, kaart.kaartbeelden, strict=True)):
            if not kaart_tab.open:
                continue
            with kaart_tab:
                regio = beeld.scope == "regio"
                if beeld.frame.empty:
                    # e.g. a year with trajecten but no population figures yet (CBS publishes them later)
                    st.info(f"Voor {jaar} zijn er geen inwonertallen of cijfers per gemeente" + (f" van {sel.regio_naam}"
                            if regio else "") + ": kies in de zijbalk een ander jaar om de kaart te zien.", icon=":material/map:")
                    continue
                event = ui.show(grafiek(grafieken.gemeente_kaart, gemeente.kaart_tab, sel, index, maat, code, naam),
                                on_select=True)
                clicks += [p.get("location") for p in (event.selection.points if event is not None else [])[:1]]
        st.caption("Kaart: CBS / PDOK (CBS gebiedsindelingen), vereenvoudigd door cartomap/nl (CC BY 4.0)")

target = next((c for c in clicks if c and c != code), None)
elsewhere = kaart.regio_van(target) if kaart is not None else None   # a click comes from the open map only
if target in names or elsewhere:
    if target in names:
        choose_gemeente(target)
    else:   # a gemeente of another region: open its profile as its link would
        open_region(elsewhere, [target])
    st.rerun()
elif target and st.session_state.get("gemeente_kaart_zonder") != target:
    st.session_state["gemeente_kaart_zonder"] = target   # the selection stays on the map: say it once, not on every rerun
    st.toast("Van deze gemeente zijn geen gegevens in dit dashboard.", icon=":material/info:")
