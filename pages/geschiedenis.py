"""Geschiedenis: every loaded batch with file, user, time and totals; a controller can undo one."""

import streamlit as st

from dashboard import auth, state, ui
from jeugdhulp import safe
from jeugdhulp.pagedata import geschiedenis
from loaders.formats import kind_title
from loaders.importer import WriterBusy, undo_batch
from loaders.segmenten import UndoRefused

sel = state.selectie()
st.title("Wat is er ingelezen, en door wie?", anchor=False)
is_controller = auth.current_controller() is not None
data = state.load(geschiedenis.load, sel, controller=is_controller)
ui.table(
    # Each kind by its Dutch name, as on Inlezen and Bronnen, not its code ("bronkpi").
    data.geschiedenis.assign(kind=data.geschiedenis["kind"].map(kind_title)),
    key="geschiedenis", title="Geschiedenis van de inleesrondes",
    column_config={
        "batch_id": "Inleesronde",
        "geladen_op": st.column_config.DatetimeColumn("Ingelezen op", format="DD-MM-YYYY HH:mm"),
        "gebruiker": "Door", "bestand": "Bestand", "kind": "Soort", "status": "Status", "regio_code": "Regio",
        "jaren": "Jaren", "rijen": "Regels",
        "bedrag_eur": "Totaal realisatie of kosten (€)", "jeugdigen": "Jeugdigen",
        "trajecten": "Trajecten", "voorbeeld": "Voorbeelddata",
        "sha256": "Controlegetal", "bron": "Bron", "vervangt": "Vervangt inleesronde",
    },
)
if not is_controller:
    st.caption("Aantallen jeugdigen en trajecten, het aantal regels en de kosten van trajectenbestanden, het aantal "
               "regels van volumebestanden en wie een bestand inlas, ziet alleen een controller: zo zijn kleine "
               "aantallen niet terug te rekenen.")
st.caption("Elk ingelezen bestand is een inleesronde met een eigen nummer. Status *vervangen*: cijfers die door "
           "een later bestand met 'vervangen' zijn overschreven; *ongedaan*: teruggedraaid. Een inleesronde ongedaan "
           "maken herstelt wat hij verving."
           + (" Het controlegetal is een vingerafdruk van het bestand: hetzelfde bestand geeft hetzelfde getal."
              if is_controller else ""))

st.subheader("Een ingelezen bestand ongedaan maken", anchor=False)


def undo(batch: int) -> None:
    # A callback runs before the rerun, so it may untick the confirmation: every undo asks again.
    try:
        done: bool | str = undo_batch(state.cursor(), batch)
    except WriterBusy as busy:   # another session is importing: nothing undone, say why in Dutch
        done = str(busy)
    except UndoRefused as refused:   # figures still use its segments; their names came from a file: escaped
        done = safe.md(str(refused))
    st.session_state["geschiedenis_zeker"] = False
    st.session_state["geschiedenis_melding"] = (done, batch)
    if done:
        st.cache_data.clear()


controller = auth.require_controller()
if controller is not None:
    message = st.session_state.pop("geschiedenis_melding", None)
    if message is not None:
        done, batch = message
        if isinstance(done, str):
            st.warning(f"Inleesronde {batch} is niet ongedaan gemaakt. {done}")
        elif done:
            st.success(f"Inleesronde {batch} is ongedaan gemaakt.")
        else:
            st.error(f"Inleesronde {batch} is niet meer actief.")
    choice = st.selectbox("Inleesronde", list(data.actief), key="geschiedenis_batch", index=None,
                          placeholder="Kies een ingelezen bestand", format_func=data.keuze_label)
    confirm = st.checkbox("Ik weet dat de cijfers van dit bestand uit alle pagina's verdwijnen", key="geschiedenis_zeker")
    st.button("Ongedaan maken", type="primary", disabled=choice is None or not confirm,
              on_click=undo, args=(int(choice),) if choice is not None else (0,))
