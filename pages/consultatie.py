"""Consultatie: what the councils said, coded by theme, next to the figures that answer each theme."""

import streamlit as st

from dashboard import ui
from dashboard.state import load, selectie
from jeugdhulp import charts, safe, themas
from jeugdhulp.pagedata import consultatie

sel = selectie()
ui.page_intro(sel, "Wat zeiden de raden, en wat laten de cijfers zien?")
documents = load(consultatie.documenten, sel)
chosen = st.multiselect("Documenten", documents, key="consultatie_documenten", placeholder="Alle documenten")
group = st.radio("Indeling", ["thema", "kernwaarde"], horizontal=True, key="consultatie_indeling",
                 format_func={"thema": "Per thema", "kernwaarde": "Per kernwaarde (Dordrecht)"}.get)
data = load(consultatie.load, sel, documenten=chosen, per=group)
bron = data.bron

tab_kaart, tab_rangorde, tab_reactie, tab_thema = st.tabs(
    ["Wie zei wat", "Terugkerende thema's", "Standpunt en reactie", "Thema en cijfers"])
with tab_kaart:
    ui.chart(charts.heatmap(data.matrix, "gemeente", "thema", "punten", f"Punten per gemeente en {group}", bron,
                            data.namen, data.kernwaarden),
             data.matrix, {"gemeente": "Gemeente", "thema": group.capitalize(), "punten": "Punten"},
             key="consultatie_kaart", title="Punten per gemeente",
             definition="Aantal punten per gemeente naar hun eerste thema (of de kernwaarde van dat thema: "
                        "gelijkheid, efficiency, vrijheid, zekerheid, de vier kernwaarden uit de Dordtse "
                        "commissiebespreking). Punten zonder gemeente zijn regionale consultaties.")
with tab_rangorde:
    ui.chart(charts.bars(data.ranking, "naam", "gemeenten", "Thema's naar aantal gemeenten dat ze noemde", bron,
                         False, "Gemeenten", kind="int"),
             data.ranking, {"naam": "Thema", "gemeenten": "Gemeenten", "punten": "Punten (eerste thema)"},
             key="consultatie_rangorde", title="Terugkerende thema's",
             definition="Aantal gemeenten dat een thema noemde, als eerste of tweede thema van een punt. "
                        "Complimenten, koppen en afsluitingen ('algemeen') tellen niet mee. In MIJOV zijn sommige "
                        "zinnen per gemeente gelijk (centraal vastgelegd), in ZHZ delen Hardinxveld-Giessendam en "
                        "Papendrecht veel tekst: tellingen weerspiegelen dat.")
with tab_reactie:
    reacties, stance, outcome = data.reacties, data.standpunten, data.uitkomsten
    ui.chart(charts.stacked_counts(reacties, "naam", stance, "Standpunt per thema", bron, "Punten"),
             reacties, {"naam": "Thema"} | stance, key="consultatie_standpunt", title="Standpunt per thema",
             definition="Per thema hoe vaak de raad steunde, zorgen uitte, iets verzocht, vroeg of kritiek had.")
    ui.chart(charts.stacked_counts(reacties, "naam", outcome, "Reactie van het bestuur per thema", bron, "Punten"),
             reacties, {"naam": "Thema"} | outcome, key="consultatie_uitkomst", title="Reactie per thema",
             definition="Hoe het bestuur reageerde: overgenomen, deels, toegelicht, niet overgenomen, of meegenomen "
                        "waar een document alle punten met één algemene reactie beantwoordt.")
with tab_thema:
    thema = st.selectbox("Thema", data.themas, index=data.eerste_met_cijfers, format_func=themas.name,
                         key="consultatie_thema", help="Op volgorde van het aantal gemeenten dat het thema noemde.")
    gekozen = load(consultatie.thema_punten, sel, thema=thema, documenten=chosen)
    # The theme comes from a file (checked against the fixed list): shown as text all the same.
    st.markdown(f"**{safe.md(gekozen.naam)}** · kernwaarde: {gekozen.kernwaarde or '—'} · "
                f"{len(gekozen.punten)} punt(en) van {len(gekozen.gemeenten)} gemeente(n)")
    ui.answering_charts(sel, thema, gekozen.gemeenten)
    st.subheader("De punten")
    ui.table(gekozen.tabel, key="consultatie_punten", title=f"Punten over {gekozen.naam}")
    st.caption("Samenvattingen in eigen woorden; de regel verwijst naar het brondocument. Deze pagina toont alle "
               "gemeenten van de regio, zodat u ze naast elkaar ziet; de gemeentekeuze in de zijbalk geldt hier niet.")

with st.expander("De Dordtse lens: vier kernwaarden en hun stellingen"):
    ui.table(data.stellingen, key="consultatie_stellingen", title="Kernwaarden en stellingen")
    st.caption("Uit de bespreking van het inkoopkader in de Dordtse commissie (seed 004), in eigen woorden. "
               "De kernwaarden kunnen met elkaar botsen. Welk thema bij welke kernwaarde hoort is onze indeling.")
