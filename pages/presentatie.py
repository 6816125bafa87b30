"""Presentatie: the charts a reader collected with "Naar presentatie", in order, with a full-screen slide
view (buttons and arrow keys) and exports as an offline HTML file and a PowerPoint file."""

import time
from collections.abc import Callable
from datetime import UTC, datetime

import streamlit as st

from dashboard import jobs, slides, ui
from dashboard.state import cursor, presentatie_token, selectie, whole_number
from jeugdhulp import charts, export, presentatie, safe, voortgang

# More slides than this and an export is built in a job that shows the slides done (10 take about a second).
LARGE_EXPORT = 10
# What an export waits for a title still in its field to be stored (see compose_view.words).
TITLE_SETTLE_S = 0.5
EXPORT_KEY = "presentatie_export"

sel = selectie()
token = presentatie_token()
dias = presentatie.dias(cursor(), token) if token else []


def _slide_param() -> int | None:
    return whole_number(st.query_params.get("dia"), digits=4)


def _move(dia_id: int, step: int) -> None:
    presentatie.move(cursor(), token, dia_id, step)


def _remove(dia_id: int) -> None:
    presentatie.remove(cursor(), token, dia_id)


def _clear() -> None:
    presentatie.clear(cursor(), token)
    st.query_params.pop("dia", None)
    st.session_state["presentatie_link"] = None


def _title_words() -> tuple[str, str]:
    """The title slide's title and subtitle: as kept with the presentation, else proposed from the selection."""
    return presentatie.kop(cursor(), token) or (f"Jeugdhulp in regio {sel.regio_naam}", "Raadsinformatiebijeenkomst")


def _save_kop() -> None:
    state = st.session_state
    try:
        presentatie.set_kop(cursor(), token, state[f"dia_titel_{token}"], state[f"dia_ondertitel_{token}"])
    except ValueError as error:
        st.toast(f"Titel niet bewaard: {safe.md(error)}.", icon=":material/error:")


def _export_running() -> bool:
    job = st.session_state.get(EXPORT_KEY)
    return job is not None and job.running


def _start_export(label: str, build: Callable[..., bytes], file_name: str, mime: str) -> None:
    def work(job: jobs.Job) -> tuple[str, bytes, str, str]:
        return label, build(job.progress), file_name, mime

    st.session_state[EXPORT_KEY] = jobs.start(f"{file_name} wordt gemaakt", work, what=" bij het maken van het bestand",
                                               plan=(voortgang.DIAS,))


def _export_status() -> None:
    """A large export: its progress while it is built, then its download."""
    job = st.session_state.get(EXPORT_KEY)
    if job is None:
        return
    if job.running:
        jobs.watch(EXPORT_KEY)
    elif job.error:
        st.error(job.error, icon=":material/error:")
    else:
        label, data, file_name, mime = job.result
        st.download_button(f"{label} downloaden ({file_name})", data=data, file_name=file_name, mime=mime,
                           icon=":material/download:", key="dia_export_klaar", type="primary", on_click="ignore")


def compose_view() -> None:
    st.title("Presentatie", anchor=False)
    st.caption("Grafieken voor een raadsinformatiebijeenkomst: voeg ze toe met **Naar presentatie** onder een "
               "grafiek, zet ze hier op volgorde en toon ze als diavoorstelling of neem ze mee als bestand.")
    link = st.session_state.get("presentatie_link")
    if not dias and link and (link == token or not presentatie.valid_token(link)):
        st.warning("Deze presentatielink is ongeldig of verlopen: er staan geen dia's onder. Presentaties waar een "
                   "jaar lang niets aan is toegevoegd, worden opgeruimd.", icon=":material/link_off:")
    if not dias:
        st.info("Uw presentatie is nog leeg. Open een pagina met grafieken en klik onder een grafiek op "
                "**Naar presentatie**; die grafiek komt hier als dia.", icon=":material/slideshow:")
        st.page_link("pages/uitgaven.py", label="Naar de uitgaven", icon=":material/euro:")
        st.page_link("pages/gemeente.py", label="Naar het gemeenteprofiel", icon=":material/location_city:")
        return
    ui.example_mark(any(d.voorbeeld for d in dias))
    # The title slide's words are kept with the presentation once set (or proposed by a deck made after an upload),
    # so a reload, the slide show and a shared link show them too.
    proposed = _title_words()
    title = st.text_input("Titel van de presentatie", value=proposed[0], max_chars=presentatie.MAX_TITEL,
                          key=f"dia_titel_{token}", on_change=_save_kop)
    subtitle = st.text_input("Ondertitel", value=proposed[1], max_chars=presentatie.MAX_ONDERTITEL,
                             key=f"dia_ondertitel_{token}", on_change=_save_kop)
    actions = st.container(horizontal=True, gap="small")     # each button as wide as its words: never cut off
    actions.button("Diavoorstelling", icon=":material/play_arrow:", type="primary", key="dia_start",
                 on_click=slides.show_slide, args=(0, len(dias)))
    now = datetime.now(UTC)
    con = cursor()

    def words() -> tuple[str, str]:
        """The title slide as stored when the file is made, not when the button was drawn. A title typed and not
        confirmed with Enter is stored by the rerun that the click's blur of the field starts, at the same moment
        this runs (in another thread): a moment's wait lets that rerun store it first."""
        time.sleep(TITLE_SETTLE_S)
        return presentatie.kop(con.cursor(), token) or (title, subtitle)

    html = ("HTML (offline)", "html", "text/html", lambda p=None: export.to_html(dias, *words(), now, p).encode())
    pptx = ("PowerPoint", "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            lambda p=None: export.to_pptx(dias, *words(), now, p))
    helps = {"html": "Eén bestand met alle dia's en plotly.js erin: opent zonder internet in elke browser.",
             "pptx": "Met echte PowerPoint-grafieken: de cijfers zitten in de grafiek en zijn daar te bewerken."}
    for label, suffix, mime, build in (html, pptx):
        if len(dias) <= LARGE_EXPORT:   # built in a moment, when the button is clicked
            actions.download_button(label, data=build, file_name=export.file_name(title, suffix), mime=mime,
                                    icon=":material/download:", key=f"dia_{suffix}", on_click="ignore",
                                    help=helps[suffix])
        else:                           # built in a job, with the slides done shown
            actions.button(label, icon=":material/download:", key=f"dia_{suffix}", help=helps[suffix],
                           disabled=_export_running(), on_click=_start_export,
                           args=(label, build, export.file_name(title, suffix), mime))
    _export_status()
    st.caption(f"Uw presentatie is bewaard onder de code `{token}` in de link in de adresbalk: bewaar of deel die "
               "link om haar later terug te vinden. Wie de link heeft, kan de presentatie ook wijzigen; geef "
               "raadsleden liever het PowerPoint- of HTML-bestand.")

    st.subheader(f"Dia's ({len(dias)})", anchor=False)
    for dia in dias:
        with st.container(border=True):
            number, about = st.columns([0.4, 10], vertical_alignment="top")
            number.markdown(f"**{dia.positie}**")
            mark = export.example_label(dia.figuur_json, dia.voorbeeld)
            about.markdown(f"**{safe.md(dia.titel)}**" + (f"  :orange-badge[{safe.md(mark)}]" if mark else ""))
            about.caption(f"Bron: {safe.md(dia.bron)}")
            # Words next to the icons: a screen reader reads "Naar voren", not the icon's name "arrow_upward".
            with about.container(horizontal=True, gap="small"):
                st.button("Naar voren", icon=":material/arrow_upward:", key=f"dia_op_{dia.dia_id}",
                          disabled=dia.positie == 1, on_click=_move, args=(dia.dia_id, -1), help="Eén plaats naar voren")
                st.button("Naar achteren", icon=":material/arrow_downward:", key=f"dia_neer_{dia.dia_id}",
                          disabled=dia.positie == len(dias), on_click=_move, args=(dia.dia_id, 1),
                          help="Eén plaats naar achteren")
                st.button("Verwijderen", icon=":material/delete:", key=f"dia_weg_{dia.dia_id}", on_click=_remove,
                          args=(dia.dia_id,), help="Haal deze dia uit de presentatie")
            with st.expander("Voorbeeld"):
                st.plotly_chart(export.slide_figure(dia.figuur_json, height=380), key=f"dia_voorbeeld_{dia.dia_id}",
                                config=charts.PLOTLY_CONFIG, theme=None, alt=f"Grafiek: {dia.titel}")
    with st.popover("Presentatie leegmaken", icon=":material/delete_sweep:"):
        st.write(f"Alle {len(dias)} dia's verwijderen? Dit geldt voor iedereen met deze link en is niet terug te draaien.")
        st.button("Ja, alles verwijderen", key="dia_leeg", type="primary", on_click=_clear)


shown = _slide_param()
if dias and shown == 0:
    slides.title_view(dias, *_title_words())
elif dias and shown is not None:
    slides.slide_view(dias, max(1, min(len(dias), shown)))
else:
    compose_view()
