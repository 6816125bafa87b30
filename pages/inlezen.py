"""Gegevens inlezen: a controller uploads exports; each file is checked, then loaded whole or not at all."""

from functools import partial

import streamlit as st

from dashboard import auth, jobs, nederlands, state, ui
from jeugdhulp import deck, safe
from loaders import apart, paraat
from loaders.formats import KINDS
from loaders.importer import InputFile
from loaders.report import copied_whole, worth_a_copy

JOB_KEY = "inlezen_taak"
# How long the page waits for a fresh job before it shows the progress instead (a small file is done by then).
QUICK_SECONDS = 1.0
# Uploads up to this size get their marked report made at once (0,6 s for 100 kB here), larger ones on click.
EAGER_REPORT_BYTES = 100_000

state.require_app()
st.title("Gegevens inlezen", anchor=False)
controller = auth.require_controller()
if controller is None:
    st.stop()
paraat.keep_ready()   # a checking process started ahead: a small workbook's check then takes 0,05 s instead of 0,6 s

sel = state.selectie()
kinds = {k.name: k.title for k in KINDS.values() if k.uploadable}
st.caption(f"Aangemeld als {controller.name}.")
upload_types = ["xlsx", "xlsm", "xls", "csv"]
# Any file is taken in and judged by the loader (loaders.read), which refuses another type in Dutch; Streamlit's own
# refusal of a type outside `type=` is an English tooltip beside buttons that stay grey.
uploads = st.file_uploader("Excel- of CSV-bestanden", accept_multiple_files=True, key="inlezen_bestanden")
nederlands.uploader("inlezen_bestanden", upload_types)
kind = st.selectbox("Soort gegevens", [None, *kinds], format_func=lambda k: "Automatisch herkennen" if k is None
                    else kinds[k], key="inlezen_soort")
replace = st.checkbox("Vervang eerdere cijfers van dezelfde soort, regio en jaren (de oude blijven herstelbaar)",
                      key="inlezen_vervangen")
# The check or import runs in a job off the script thread (dashboard.jobs): the page shows its stages while it
# runs, and finds it again under this key after a rerun or a visit to another page.
job = st.session_state.get(JOB_KEY)
if job is not None and not job.running and job.shown and not uploads:
    job = st.session_state[JOB_KEY] = None     # the files are gone from the uploader: so is their report
busy = job is not None and job.running
other = jobs.running_import()       # another session's import (one app-wide): loading waits, checking does not
other = other if other is not job else None
check, load = st.columns(2)
do_check = check.button("Controleren", disabled=not uploads or busy, width="stretch")
# Not off while another session's import runs: a click made just before it began must still be answered (a button
# that is off by the time the click's run reaches it reports no click), and it is, with the busy message.
do_load = load.button("Inlezen", type="primary", disabled=not uploads or busy, width="stretch")
if other is not None and not busy:
    jobs.watch_other(other)

if uploads and (do_check or do_load) and not busy:
    files = [InputFile(safe.upload_name(upload.name), upload.getvalue(), kind) for upload in uploads]
    job = st.session_state[JOB_KEY] = jobs.start_import(state.cursor(), files, load=do_load, replace=replace,
                                                         user=controller.name)
    if not job.wait(QUICK_SECONDS):     # a small file's report shows at once, without a progress bar first
        st.rerun()                      # a large one: again, with the buttons off while it runs
if job is not None and job.running:
    jobs.watch(JOB_KEY)
elif job is not None:
    if job.error:
        st.error(job.error, icon=":material/error:")
    elif not job.shown:
        if any(f.loaded and f.report.ok for f in job.result):
            st.cache_data.clear()
        # Remembered for the links below, which must survive the rerun a click makes.
        loaded = st.session_state.setdefault("inlezen_geladen", [])
        loaded[:0] = [(f.upload.name, view, f.at) for f in job.result for view in f.views]
    job.shown = True
    for number, done in enumerate(job.result or []):
        ui.import_report(done.report, loaded=done.loaded and done.report.ok)
        if done.loaded and done.report.ok and any(s.kind == "cbs" for s in done.report.sheets):
            st.page_link("pages/vergelijken.py", label="Bekijk de vergelijking met Nederland", icon=":material/public:")
        if worth_a_copy(done.report.problems):
            # A small file's marked copy is made once and kept with its report; a large one's is made on click (a
            # callable), as it takes seconds the page need not wait for. Streamlit's deferred download once hung
            # on a click in CI, so the common small file takes the plain path.
            if done.marked is None and len(done.upload.data) <= EAGER_REPORT_BYTES:
                done.marked = apart.marked_copy(done.upload, done.report.problems)
            st.download_button("Rapport met gemarkeerde cellen (Excel)" if copied_whole(done.upload.data) else
                               "Rapport met de meldingen (Excel)",
                               done.marked or partial(apart.marked_copy, done.upload, done.report.problems),
                               file_name=f"rapport-{done.upload.name.rsplit('.', 1)[0]}.xlsx",
                               key=f"inlezen_rapport_{number}", icon=":material/download:")

for number, (name, view, at) in enumerate(st.session_state.get("inlezen_geladen", [])[:5]):
    view_sel = state.view_selectie(view.regio_code, view.jaar_van, view.jaar_tot, list(view.gemeenten))
    where = view_sel.label if view_sel.gemeenten else view.regio
    years = view_sel.jaren
    with st.container(horizontal=True, gap="small"):
        if st.button(f"Bekijk {safe.md(name)}: {safe.md(where)}, {years}", key=f"inlezen_bekijk_{number}",
                     icon=":material/visibility:", help="Opent de pagina met deze cijfers, voor deze gemeenten en jaren."):
            state.show_view(state.PAGE_OF_KIND.get(view.kind, "pages/overzicht.py"), view.regio_code, view.jaar_van,
                            view.jaar_tot, list(view.gemeenten))
        make = view.kind in deck.SOORTEN and st.button(
            "Maak hiervan een presentatie", key=f"inlezen_presentatie_{number}", icon=":material/slideshow:",
            type="primary" if number == 0 else "secondary",
            help="Een nieuwe presentatie met de standaardgrafieken van deze cijfers en een titeldia die u kunt "
                 "aanpassen; uw huidige presentatie blijft onder haar eigen link bewaard.")
    if make:
        with st.spinner("De presentatie wordt gemaakt…"):
            try:
                token, _ = deck.maak(state.cursor(), view_sel, [view.kind], [name], at)
            except ValueError as error:
                st.error(f"Geen presentatie gemaakt: {safe.md(error)}.", icon=":material/error:")
            else:
                state.open_presentation(token, view.regio_code, view.jaar_van, view.jaar_tot, list(view.gemeenten))

st.subheader("Verwacht formaat", anchor=False)
st.markdown("Elk blad bevat één soort gegevens. De kopregel mag onder titelregels staan; kolomnamen worden "
            "herkend ongeacht hoofdletters, accenten en spaties. Een bestand met een fout wordt in zijn geheel geweigerd. "
            "Alle 342 gemeenten en 42 jeugdregio's zijn bekend; een regio zonder eigen segmenten krijgt er één per "
            "vorm van zorg, tot u de segmentenlijst van de regio inleest (soort 'Segmenten van een regio'). "
            "Tabellen van CBS StatLine (85099NED, 83454NED, 03759ned), gedownload als CSV of Excel met omschrijvingen, "
            "worden herkend aan hun kopregel en gaan naar **Vergelijken met Nederland**.")
alle_regios = state.alle_regios(state.data_version())
template_regio = st.selectbox("Regio van de sjablonen", list(alle_regios), format_func=alle_regios.get,
                              index=list(alle_regios).index(sel.regio) if sel.regio in alle_regios else 0,
                              key="inlezen_sjabloon_regio",
                              help="De sjablonen hebben keuzelijsten met de gemeenten en segmenten van deze regio.")
for name, title in kinds.items():
    with st.expander(title):
        st.dataframe(ui.format_table(KINDS[name]), hide_index=True, width="stretch")
        if KINDS[name].one_of:
            st.caption("Minstens één van deze kolommen is nodig: " + ", ".join(KINDS[name].one_of) + ".")
        st.download_button(f"Sjabloon {title.lower()} ({alle_regios[template_regio]})",
                           state.template(name, template_regio, state.data_version()),
                           file_name=f"sjabloon-{name}-{template_regio.lower()}.xlsx", key=f"inlezen_sjabloon_{name}",
                           icon=":material/download:")
