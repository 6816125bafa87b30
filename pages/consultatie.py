"""Consultatie: what the councils said, coded by theme, next to the figures that answer each theme."""

import streamlit as st

from dashboard import ui
from dashboard.state import query, selectie
from jeugdhulp import charts, safe, tables, themas

sel = selectie()
ui.page_intro(sel, "Wat zeiden de raden, en wat laten de cijfers zien?")
documents = query("documenten", regio=sel.regio)
chosen = st.multiselect("Documenten", documents, key="consultatie_documenten", placeholder="Alle documenten")
group = st.radio("Indeling", ["thema", "kernwaarde"], horizontal=True, key="consultatie_indeling",
                 format_func={"thema": "Per thema", "kernwaarde": "Per kernwaarde (Dordrecht)"}.get)
bron = "; ".join(chosen or documents) or "geen consultaties ingelezen"
matrix = query("consultatie_matrix", regio=sel.regio, documenten=chosen, per=group).assign(bron=bron)
ranking = query("thema_ranking", regio=sel.regio, documenten=chosen).assign(bron=bron)
reacties = query("thema_reacties", regio=sel.regio, documenten=chosen).assign(bron=bron)
names = dict(themas.NAMES) | {k: k.capitalize() for k in themas.KERNWAARDEN}

tab_kaart, tab_rangorde, tab_reactie, tab_thema = st.tabs(
    ["Wie zei wat", "Terugkerende thema's", "Standpunt en reactie", "Thema en cijfers"])
with tab_kaart:
    ui.chart(charts.heatmap(matrix, "gemeente", "thema", "punten", f"Punten per gemeente en {group}", bron, names,
                            list(themas.KERNWAARDEN) if group == "kernwaarde" else None),
             matrix, {"gemeente": "Gemeente", "thema": group.capitalize(), "punten": "Punten"},
             key="consultatie_kaart", title="Punten per gemeente",
             definition="Aantal punten per gemeente naar hun eerste thema (of de kernwaarde van dat thema: "
                        "gelijkheid, efficiency, vrijheid, zekerheid, de vier kernwaarden uit de Dordtse "
                        "commissiebespreking). Punten zonder gemeente zijn regionale consultaties.")
with tab_rangorde:
    ui.chart(charts.bars(ranking, "naam", "gemeenten", "Thema's naar aantal gemeenten dat ze noemde", bron, False,
                         "Gemeenten", kind="int"),
             ranking, {"naam": "Thema", "gemeenten": "Gemeenten", "punten": "Punten (eerste thema)"},
             key="consultatie_rangorde", title="Terugkerende thema's",
             definition="Aantal gemeenten dat een thema noemde, als eerste of tweede thema van een punt. "
                        "Complimenten, koppen en afsluitingen ('algemeen') tellen niet mee. In MIJOV zijn sommige "
                        "zinnen per gemeente gelijk (centraal vastgelegd), in ZHZ delen Hardinxveld-Giessendam en "
                        "Papendrecht veel tekst: tellingen weerspiegelen dat.")
with tab_reactie:
    stance = {c: c.removeprefix("standpunt_") for c in reacties.columns if c.startswith("standpunt_")}
    outcome = {c: c.removeprefix("reactie_").replace("_", " ") for c in reacties.columns if c.startswith("reactie_")}
    ui.chart(charts.stacked_counts(reacties, "naam", stance, "Standpunt per thema", bron, "Punten"),
             reacties, {"naam": "Thema"} | stance, key="consultatie_standpunt", title="Standpunt per thema",
             definition="Per thema hoe vaak de raad steunde, zorgen uitte, iets verzocht, vroeg of kritiek had.")
    ui.chart(charts.stacked_counts(reacties, "naam", outcome, "Reactie van het bestuur per thema", bron, "Punten"),
             reacties, {"naam": "Thema"} | outcome, key="consultatie_uitkomst", title="Reactie per thema",
             definition="Hoe het bestuur reageerde: overgenomen, deels, toegelicht, niet overgenomen, of meegenomen "
                        "waar een document alle punten met één algemene reactie beantwoordt.")
with tab_thema:
    all_points = query("consultatie_punten", regio=sel.regio, documenten=chosen)
    options = list(ranking["thema"]) or sorted(set(all_points["thema"]), key=themas.name)
    first_with_figures = next((i for i, t in enumerate(options) if themas.measures(t)), 0)
    thema = st.selectbox("Thema", options, index=first_with_figures, format_func=themas.name, key="consultatie_thema",
                         help="Op volgorde van het aantal gemeenten dat het thema noemde.")
    punten = query("consultatie_punten", regio=sel.regio, documenten=chosen, thema=thema)
    raised = sorted(set(punten["gemeente_code"].dropna()))
    # The theme comes from a file (checked against the fixed list): shown as text all the same.
    st.markdown(f"**{safe.md(themas.name(thema))}** · kernwaarde: {themas.kernwaarde(thema) or '—'} · "
                f"{len(punten)} punt(en) van {len(raised)} gemeente(n)")
    ui.answering_charts(sel, thema, raised)
    st.subheader("De punten")
    ui.table(tables.points_table(punten), key="consultatie_punten", title=f"Punten over {themas.name(thema)}")
    st.caption("Samenvattingen in eigen woorden; de regel verwijst naar het brondocument. Deze pagina toont alle "
               "gemeenten van de regio, zodat u ze naast elkaar ziet; de gemeentekeuze in de zijbalk geldt hier niet.")

with st.expander("De Dordtse lens: vier kernwaarden en hun stellingen"):
    ui.table(tables.stellingen_table(themas.stellingen()), key="consultatie_stellingen",
             title="Kernwaarden en stellingen")
    st.caption("Uit de bespreking van het inkoopkader in de Dordtse commissie (seed 004), in eigen woorden. "
               "De kernwaarden kunnen met elkaar botsen. Welk thema bij welke kernwaarde hoort is onze indeling.")
