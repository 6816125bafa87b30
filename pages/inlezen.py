"""Gegevens inlezen: a controller uploads exports; each file is checked, then loaded whole or not at all."""

import streamlit as st

from dashboard import auth, state, ui
from jeugdhulp import queries, safe
from loaders.formats import KINDS
from loaders.importer import InputFile, check_file, import_file
from loaders.reference import Reference
from loaders.report import marked_copy
from loaders.secret import pseudonym_key

state.require_app()
st.title("Gegevens inlezen", anchor=False)
controller = auth.require_controller()
if controller is None:
    st.stop()

sel = state.selectie()
kinds = {k.name: k.title for k in KINDS.values() if k.uploadable}
st.caption(f"Aangemeld als {controller.name}.")
upload_types = ["xlsx", "xlsm", "xls", "csv"]
uploads = st.file_uploader("Excel- of CSV-bestanden", type=upload_types, accept_multiple_files=True,
                           key="inlezen_bestanden")
ui.dutch_uploader("inlezen_bestanden", upload_types)
kind = st.selectbox("Soort gegevens", [None, *kinds], format_func=lambda k: "Automatisch herkennen" if k is None
                    else kinds[k], key="inlezen_soort")
replace = st.checkbox("Vervang eerdere cijfers van dezelfde soort, regio en jaren (de oude blijven herstelbaar)",
                      key="inlezen_vervangen")
check, load = st.columns(2)
do_check = check.button("Controleren", disabled=not uploads, width="stretch")
do_load = load.button("Inlezen", type="primary", disabled=not uploads, width="stretch")

if uploads and (do_check or do_load):
    con = state.cursor()
    ref, key = Reference.from_db(con), pseudonym_key()
    for number, upload in enumerate(uploads):
        data = InputFile(upload.name, upload.getvalue(), kind)
        if do_load:
            # One file is written at a time in the whole app: this waits while another session imports.
            with st.spinner(f"{upload.name} wordt ingelezen..."):
                report = import_file(con, data, replace=replace, user=controller.name, key=key, ref=ref)
        else:
            report, _ = check_file(con, data, key=key, ref=ref)
        ui.import_report(report, loaded=do_load and report.ok)
        if do_load and report.ok:
            # Remembered for the links below, which must survive the rerun a click makes.
            loaded = st.session_state.setdefault("inlezen_geladen", [])
            loaded[:0] = [(upload.name, row) for b in report.batch_ids
                          for row in queries.batch_bereik(con, b).itertuples(index=False)]
        if report.problems:
            st.download_button("Rapport met gemarkeerde cellen (Excel)", marked_copy(data.name, data.data, report.problems),
                               file_name=f"rapport-{upload.name.rsplit('.', 1)[0]}.xlsx", key=f"inlezen_rapport_{number}",
                               icon=":material/download:")
    if do_load:
        st.cache_data.clear()

for number, (name, view) in enumerate(st.session_state.get("inlezen_geladen", [])[:5]):
    years = str(view.jaar_van) if view.jaar_van == view.jaar_tot else f"{view.jaar_van}–{view.jaar_tot}"
    if st.button(f"Bekijk {safe.md(name)}: {view.regio}, {years}", key=f"inlezen_bekijk_{number}", icon=":material/visibility:",
                 help="Opent de pagina met deze cijfers, voor deze regio en jaren."):
        state.show_view(state.PAGE_OF_KIND.get(view.kind, "pages/overzicht.py"), view.regio_code, view.jaar_van,
                        view.jaar_tot)

st.subheader("Verwacht formaat", anchor=False)
st.markdown("Elk blad bevat één soort gegevens. De kopregel mag onder titelregels staan; kolomnamen worden "
            "herkend ongeacht hoofdletters, accenten en spaties. Een bestand met een fout wordt in zijn geheel geweigerd.")
for name, title in kinds.items():
    with st.expander(title):
        st.dataframe(ui.format_table(KINDS[name]), hide_index=True, width="stretch")
        if KINDS[name].one_of:
            st.caption("Minstens één van deze kolommen is nodig: " + ", ".join(KINDS[name].one_of) + ".")
        st.download_button(f"Sjabloon {title.lower()} ({sel.regio_naam})",
                           state.template(name, sel.regio, state.data_version()),
                           file_name=f"sjabloon-{name}-{sel.regio.lower()}.xlsx", key=f"inlezen_sjabloon_{name}",
                           icon=":material/download:")
