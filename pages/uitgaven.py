"""Uitgaven: spend per gemeente and per segment, begroting against realisatie, per youth."""

import streamlit as st

from dashboard import ui
from dashboard.state import grafiek, load, selectie
from jeugdhulp import charts, grafieken, safe
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
    ui.show(grafiek(grafieken.uitgaven_per_jeugdige, uitgaven.load, sel))
with tab_gemeente:
    ui.show(grafiek(grafieken.uitgaven_per_gemeente, uitgaven.load, sel))
with tab_segment:
    ui.show(grafiek(grafieken.uitgaven_aandeel_segment, uitgaven.load, sel))
    ui.show(grafiek(grafieken.uitgaven_per_segment, uitgaven.load, sel))
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
