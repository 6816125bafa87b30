"""Bronnen en gegevens: what is loaded, where it comes from, and how segments map to forms of care."""

import streamlit as st

from dashboard import auth, ui
from dashboard.state import load, selectie
from jeugdhulp import fmt, safe
from jeugdhulp.pagedata import bronnen
from loaders.formats import kind_title

sel = selectie()
st.title("Waar komen de cijfers vandaan?", anchor=False)
is_controller = auth.current_controller() is not None
data = load(bronnen.load, sel, controller=is_controller)
ui.example_mark(data.voorbeeld, gemengd=data.echt)   # the list holds every batch
st.markdown(
    "Elk cijfer in dit dashboard komt uit een **ingelezen bestand** met zijn bron. "
    "Bij cijfers uit de brondocumenten staat waar ze in het document staan (paragraaf of bijlage); voorbeelddata "
    "is verzonnen en overal als *fictief* gemarkeerd."
)
st.subheader("Ingelezen gegevens", anchor=False)
ui.table(
    # Each kind by its Dutch name ("Cijfers uit brondocumenten"), as on the Inlezen page, not its code.
    data.batches.assign(kind=data.batches["kind"].map(kind_title)),
    key="bronnen_batches", title="Ingelezen gegevens",
    column_config={
        "batch_id": "Nr.",
        "kind": "Soort", "bestand": "Bestand", "bron": st.column_config.TextColumn("Bron", width="large"),
        "voorbeeld": "Voorbeelddata",
        "status": "Status", "regio_code": "Regio", "jaren": "Jaren",
        "rijen": "Regels",
        "gebruiker": "Door", "geladen_op": st.column_config.DatetimeColumn("Ingelezen op", format="DD-MM-YYYY HH:mm"),
    },
)
if not is_controller:
    st.caption("Het aantal regels van trajecten- en volumebestanden en wie een bestand inlas, ziet alleen een "
               "controller: zo zijn kleine aantallen niet terug te rekenen.")
st.subheader(f"Segmenten van {sel.regio_naam}", anchor=False)
st.caption("Elk segment is ingedeeld in een gemeenschappelijke vorm, zodat regio's te vergelijken zijn. "
           "Residentieel telt mee voor het doel om residentiële zorg terug te dringen.")
ui.table(
    data.segmenten, key="bronnen_segmenten", title=f"Segmenten {sel.regio_naam}",
    column_config={"segment_code": "Code", "segment": "Segment", "vorm": None, "vorm_naam": "Vorm",
                   "residentieel": st.column_config.CheckboxColumn("Residentieel"), "structuur": "Structuur",
                   "toelichting": "Toelichting", "bron": "Bron"},
)
if not data.feiten.empty:
    st.subheader(f"Cijfers uit openbare documenten over {safe.md(sel.regio_naam)}", anchor=False)
    # The badge outside the caption: a caption's 60% opacity would fade its text below 4,5:1.
    st.markdown(f"Status van al deze cijfers: {ui.DOCUMENT_BADGE}")
    st.caption("Elk cijfer staat er zo precies als het document het geeft, met de paragraaf of bijlage waar het "
               "staat. Voor wie het wil nagaan: de regel in de tekstversie is het regelnummer in onze tekstversie "
               "van het document, geen paginanummer. De pagina's tonen deze cijfers apart van voorbeelddata."
               + (f" {fmt.aantal(data.onzeker, 'cijfer', 'cijfers')} uit de documenten "
                  f"{'staat' if data.onzeker == 1 else 'staan'} er niet bij: bij het overnemen was niet zeker "
                  "bij welk onderdeel ze horen." if data.onzeker else ""))
    ui.table(data.feiten, key="bronnen_feiten", title=f"Cijfers uit openbare documenten {sel.regio_naam}",
             column_config={"Bron": st.column_config.TextColumn("Bron", width="large")})
else:
    st.caption(f"Voor {safe.md(sel.regio_naam)} bevatten de brondocumenten van dit dashboard geen cijfers die als "
               "feit worden getoond.")
