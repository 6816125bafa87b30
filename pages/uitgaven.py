"""Uitgaven: spend per gemeente and per segment, begroting against realisatie, per youth."""

import streamlit as st

from dashboard import ui
from dashboard.state import load, selectie
from jeugdhulp import charts, safe
from jeugdhulp.pagedata import uitgaven

sel = selectie()
ui.page_intro(sel, "Waar gaat het geld voor jeugdhulp naartoe?")
data = load(uitgaven.load, sel)
ui.example_mark(data.voorbeeld)

ui.chart(
    charts.uitgaven_per_jaar(data.totalen, f"Uitgaven per jaar — {sel.label}", data.bron_totalen,
                             data.voorbeeld_totalen),
    data.totalen, {"jaar": "Jaar", "reeks": "Reeks", "bedrag_eur": "Bedrag (EUR)", "cijfer": "Zoals in het document",
                   "status": "Status"},
    key="uitgaven_totalen", title=f"Uitgaven per jaar {sel.label}",
    definition="Begroting en realisatie per jaar in de geselecteerde gemeenten en segmenten."
               + (" Ruiten: het totaal van de regio zoals het in een openbaar document staat, een eigen reeks "
                  "naast de lijnen." if data.feiten else ""),
)
if data.feiten:
    st.caption(ui.feit_toelichting(list(data.feiten), "De lijnen zijn voorbeelddata (fictief) en staan los van de "
                                     "ruiten." if data.voorbeeld_totalen else ""))
elif data.feit_melding:
    st.caption(f":material/description: {safe.md(data.feit_melding)}")

# The GRJR figures from its strategy only where they belong: a selection in GRJR.
tab_trend, tab_gemeente, tab_segment, *tab_bron = st.tabs(
    ["Per jeugdige", "Per gemeente", "Per segment"] + (["GRJR 2015-2019 (bron)"] if not data.grjr.empty else []))
with tab_trend:
    ui.chart(
        charts.per_jeugdige_trend(data.trend, f"Uitgaven per jeugdige — {sel.label}"
                                  + (" en de regio" if sel.gemeenten else ""), data.bron_trend,
                                  data.voorbeeld_trend, sel.label),
        data.realisatie,
        {"jaar": "Jaar", "selectie_eur_per_jeugdige": "Selectie (EUR per jeugdige)",
         "regio_eur_per_jeugdige": "Regio (EUR per jeugdige)", "selectie_jeugdigen_0_17": "Jeugdigen 0-17 selectie"},
        key="uitgaven_per_jeugdige", title="Uitgaven per jeugdige",
        definition="Gerealiseerde uitgaven gedeeld door het aantal inwoners van 0 tot en met 17 jaar.",
    )
with tab_gemeente:
    ui.chart(
        charts.per_gemeente(data.per_gemeente, "eur_per_jeugdige", f"Uitgaven per jeugdige per gemeente, {sel.jaar_tot}",
                            data.bron_per_gemeente, data.voorbeeld_per_gemeente, "€ per jeugdige (0-17 jaar)",
                            list(sel.gemeenten), average=data.regio_per_jeugdige, average_label="regio"),
        data.per_gemeente,
        {"gemeente": "Gemeente", "gemeente_code": "CBS-code", "realisatie_eur": "Realisatie (EUR)",
         "begroting_eur": "Begroting (EUR)", "jeugdigen_0_17": "Jeugdigen 0-17", "eur_per_jeugdige": "EUR per jeugdige"},
        key="uitgaven_per_gemeente", title=f"Uitgaven per gemeente {sel.jaar_tot}",
        definition="Realisatie in het laatste gekozen jaar gedeeld door het aantal inwoners van 0-17 jaar; "
                   "de stippellijn is het gemiddelde van de regio.",
    )
with tab_segment:
    ui.chart(
        charts.share_per_segment(data.laatste_jaar, f"Aandeel per segment, {sel.jaar_tot} — {sel.label}",
                                 data.bron_laatste_jaar, data.voorbeeld_laatste_jaar),
        data.laatste_jaar, {"segment": "Segment", "vorm": "Vorm", "realisatie_eur": "Realisatie (EUR)",
                            "begroting_eur": "Begroting (EUR)", "aandeel": "Aandeel"},
        key="uitgaven_aandeel_segment", title=f"Aandeel per segment {sel.jaar_tot}",
        definition="Realisatie per segment als deel van de totale realisatie van de selectie in het jaar.",
    )
    ui.chart(
        charts.per_segment_stacked(data.per_segment, "realisatie_eur", f"Realisatie per segment — {sel.label}",
                                   data.bron_per_segment, data.voorbeeld_per_segment, "€ mln"),
        data.per_segment, {"jaar": "Jaar", "segment": "Segment", "realisatie_eur": "Realisatie (EUR)",
                           "begroting_eur": "Begroting (EUR)"},
        key="uitgaven_per_segment", title="Realisatie per segment",
        definition="Gerealiseerde uitgaven per segment en jaar in de geselecteerde gemeenten.",
    )
if tab_bron:
    with tab_bron[0]:
        st.markdown("De GR Jeugdhulp Rijnmond geeft in haar inkoopstrategie de begroting en de jaarrekening "
                    "van de regionaal ingekochte jeugdhulp over 2015-2019. Lokaal ingekochte hulp zit er niet in. "
                    "Deze jaren staan zo in het document en volgen de jaarkeuze in de zijbalk niet.")
        ui.chart(
            charts.begroting_realisatie(data.grjr, "bedrag_eur", "GRJR: begroting en jaarrekening 2015-2019",
                                        data.bron_grjr, False),
            data.grjr, {"jaar": "Jaar", "soort": "Soort", "bedrag_eur": "Bedrag (EUR)",
                        "cijfer": "Zoals in het document", "toelichting": "Toelichting"},
            key="uitgaven_bron_grjr", title="GRJR begroting en jaarrekening 2015-2019",
            definition="Begroting en realisatie (jaarrekening) van de GR voor regionaal ingekochte jeugdhulp, "
                       "zoals vermeld in de inkoopstrategie.",
        )

ui.raden_panel(sel, "uitgaven", "per_jeugdige", "segmenten")
