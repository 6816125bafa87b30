"""Uitgaven: spend per gemeente and per segment, begroting against realisatie, per youth."""

import streamlit as st

from dashboard import ui
from dashboard.state import query, selectie
from jeugdhulp import charts, tables

sel = selectie()
ui.page_intro(sel, "Waar gaat het geld voor jeugdhulp naartoe?")
trend = query("uitgaven_trend", **sel.params("regio", "gemeenten", "segmenten", "jaar_van", "jaar_tot"))
per_gemeente = query("uitgaven_per_gemeente", **sel.params("regio", "segmenten"), jaar=sel.jaar_tot)
per_segment = query("uitgaven_per_segment", **sel.params("regio", "gemeenten", "segmenten", "jaar_van", "jaar_tot"))
bron_grjr = query("bron_begroting_jaarrekening", regio="GRJR")
ui.example_mark(tables.any_example(trend, per_gemeente, per_segment))

tab_trend, tab_gemeente, tab_segment, tab_bron = st.tabs(
    ["Per jeugdige", "Per gemeente", "Per segment", "GRJR 2015-2019 (bron)"])
with tab_trend:
    ui.chart(
        charts.per_jeugdige_trend(trend, f"Uitgaven per jeugdige — {sel.label} en de regio", tables.sources(trend),
                                  tables.any_example(trend), sel.label),
        trend[trend["soort"] == "realisatie"],
        {"jaar": "Jaar", "selectie_eur_per_jeugdige": "Selectie (EUR per jeugdige)",
         "regio_eur_per_jeugdige": "Regio (EUR per jeugdige)", "selectie_jeugdigen_0_17": "Jeugdigen 0-17 selectie"},
        key="uitgaven_per_jeugdige", title="Uitgaven per jeugdige",
        definition="Gerealiseerde uitgaven gedeeld door het aantal inwoners van 0 tot en met 17 jaar.",
    )
with tab_gemeente:
    regio_gemiddelde = tables.ratio(per_gemeente["realisatie_eur"].where(per_gemeente["jeugdigen_0_17"] > 0).sum(),
                                per_gemeente["jeugdigen_0_17"].sum())
    ui.chart(
        charts.per_gemeente(per_gemeente, "eur_per_jeugdige", f"Uitgaven per jeugdige per gemeente, {sel.jaar_tot}",
                            tables.sources(per_gemeente), tables.any_example(per_gemeente), "€ per jeugdige (0-17 jaar)",
                            list(sel.gemeenten), average=regio_gemiddelde, average_label="regio"),
        per_gemeente,
        {"gemeente": "Gemeente", "gemeente_code": "CBS-code", "realisatie_eur": "Realisatie (EUR)",
         "begroting_eur": "Begroting (EUR)", "jeugdigen_0_17": "Jeugdigen 0-17", "eur_per_jeugdige": "EUR per jeugdige"},
        key="uitgaven_per_gemeente", title=f"Uitgaven per gemeente {sel.jaar_tot}",
        definition="Realisatie in het laatste gekozen jaar gedeeld door het aantal inwoners van 0-17 jaar; "
                   "de stippellijn is het gemiddelde van de regio.",
    )
with tab_segment:
    last = per_segment[per_segment["jaar"] == sel.jaar_tot]
    ui.chart(
        charts.share_per_segment(last, f"Aandeel per segment, {sel.jaar_tot} — {sel.label}", tables.sources(last),
                                 tables.any_example(last)),
        last, {"segment": "Segment", "vorm": "Vorm", "realisatie_eur": "Realisatie (EUR)",
               "begroting_eur": "Begroting (EUR)", "aandeel": "Aandeel"},
        key="uitgaven_aandeel_segment", title=f"Aandeel per segment {sel.jaar_tot}",
        definition="Realisatie per segment als deel van de totale realisatie van de selectie in het jaar.",
    )
    ui.chart(
        charts.per_segment_stacked(per_segment, "realisatie_eur", f"Realisatie per segment — {sel.label}",
                                   tables.sources(per_segment), tables.any_example(per_segment), "€ mln"),
        per_segment, {"jaar": "Jaar", "segment": "Segment", "realisatie_eur": "Realisatie (EUR)",
                      "begroting_eur": "Begroting (EUR)"},
        key="uitgaven_per_segment", title="Realisatie per segment",
        definition="Gerealiseerde uitgaven per segment en jaar in de geselecteerde gemeenten.",
    )
with tab_bron:
    st.markdown("De GR Jeugdhulp Rijnmond geeft in haar inkoopstrategie de begroting en de jaarrekening "
                "van de regionaal ingekochte jeugdhulp over 2015-2019. Lokaal ingekochte hulp zit er niet in.")
    bron_grjr = bron_grjr.assign(bron=bron_grjr["document"] + ", regel " + bron_grjr["regel"], voorbeeld=False)
    ui.chart(
        charts.begroting_realisatie(bron_grjr, "bedrag_eur", "GRJR: begroting en jaarrekening 2015-2019",
                                    tables.sources(bron_grjr), False),
        bron_grjr, {"jaar": "Jaar", "soort": "Soort", "bedrag_eur": "Bedrag (EUR)", "toelichting": "Toelichting"},
        key="uitgaven_bron_grjr", title="GRJR begroting en jaarrekening 2015-2019",
        definition="Begroting en realisatie (jaarrekening) van de GR voor regionaal ingekochte jeugdhulp, "
                   "zoals vermeld in de inkoopstrategie.",
    )

ui.raden_panel(sel, "uitgaven", "per_jeugdige", "segmenten")
