"""Consultatie: what the councils said, coded by theme, next to the figures that answer each theme."""

import streamlit as st

from dashboard import ui
from dashboard.state import grafiek, load, selectie
from jeugdhulp import grafieken, safe, themas
from jeugdhulp.pagedata import consultatie
from jeugdhulp.punten import points_on_screen

sel = selectie()
ui.page_intro(sel, "Wat zeiden de raden, en wat laten de cijfers zien?")
documents = load(consultatie.documenten, sel)
chosen = st.multiselect("Documenten", documents, key="consultatie_documenten", placeholder="Alle documenten",
                        select_all=False)   # Streamlit's "Select all" is English; empty means all
group = "thema"
if load(consultatie.kernwaarden_lens, sel):   # the Dordrecht kernwaarden: in Dordrecht's region only
    group = st.radio("Indeling", ["thema", "kernwaarde"], horizontal=True, key="consultatie_indeling",
                     format_func={"thema": "Per thema", "kernwaarde": "Per kernwaarde (Dordrecht)"}.get)
data = load(consultatie.load, sel, documenten=chosen, per=group)
meer_documenten = len(data.per_document) > 1

tab_kaart, tab_rangorde, tab_reactie, tab_thema = st.tabs(
    ["Wie zei wat", "Terugkerende thema's", "Standpunt en reactie", "Thema en cijfers"])
with tab_kaart:
    st.caption(f"Alle gemeenten van {safe.md(sel.regio_naam)} naast elkaar"
               + (", elk document apart geteld: de titel zegt van wie de punten komen." if meer_documenten else "."))
    for index in range(len(data.per_document)):
        ui.show(grafiek(grafieken.consultatie_kaart, consultatie.load, sel, index, group, documenten=chosen, per=group))
with tab_rangorde:
    ui.show(grafiek(grafieken.thema_rangorde, consultatie.load, sel, documenten=chosen, per=group))
with tab_reactie:
    ui.show(grafiek(grafieken.consultatie_standpunt, consultatie.load, sel, documenten=chosen, per=group))
    ui.show(grafiek(grafieken.consultatie_uitkomst, consultatie.load, sel, documenten=chosen, per=group))
with tab_thema:
    thema = st.selectbox("Thema", data.themas, index=data.eerste_met_cijfers, format_func=themas.name,
                         key="consultatie_thema", help="Op volgorde van het aantal gemeenten dat het thema noemde.")
    gekozen = load(consultatie.thema_punten, sel, thema=thema, documenten=chosen)
    # The theme comes from a file (checked against the fixed list): shown as text all the same.
    st.markdown(f"**{safe.md(gekozen.naam)}**" + (f" · kernwaarde: {gekozen.kernwaarde or '—'}"
                                                   if data.kernwaarden_lens else "")
                + f" · {safe.md(gekozen.samenvatting)}")
    ui.answering_charts(sel, thema, gekozen.cijfers_voor)
    st.subheader("De punten", anchor=False)
    if sel.gemeenten and gekozen.punten.empty:
        st.info(f"{safe.md(sel.label)} noemde dit thema niet. Laat de gemeentekeuze in de zijbalk leeg om de punten "
                "van alle gemeenten te zien.")
    else:
        # Six columns on screen, every column in the downloads; the document in the caption when all points share one.
        one_document = gekozen.tabel["Document"].nunique() == 1
        ui.text_table(gekozen.tabel, key="consultatie_punten", title=f"Punten over {gekozen.naam}",
                      shown=points_on_screen(gekozen.tabel))
        if one_document:
            st.caption(f"Alle punten komen uit: {safe.md(gekozen.tabel['Document'].iloc[0])}.")
    st.caption("Samenvattingen in eigen woorden; de vindplaats zegt waar het punt in het brondocument staat. "
               + ("Cijfers en punten van de gemeenten gekozen in de zijbalk." if len(sel.gemeenten) > 1 else
                  "Cijfers en punten van de gemeente gekozen in de zijbalk." if sel.gemeenten else
                  "Zonder gemeentekeuze in de zijbalk: de punten van alle gemeenten, de cijfers van de gemeenten die "
                  "het thema noemden."))

if data.kernwaarden_lens:
    with st.expander("De Dordtse lens: vier kernwaarden en hun stellingen"):
        ui.text_table(data.stellingen, key="consultatie_stellingen", title="Kernwaarden en stellingen")
        st.caption("Uit de bespreking van het inkoopkader in de Dordtse commissie, in eigen woorden. "
                   "De kernwaarden kunnen met elkaar botsen. Welk thema bij welke kernwaarde hoort is onze indeling.")
