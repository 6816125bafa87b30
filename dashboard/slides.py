"""The slide view of a presentation: one slide full screen, with buttons, arrow keys and a clicker's
PageUp/PageDown to move, and Esc to stop. The slide shown lives in the URL (?dia=N)."""

from __future__ import annotations

import streamlit as st

from jeugdhulp import charts, export, safe
from jeugdhulp.presentatie import Dia


def show_slide(number: int | None, count: int) -> None:
    """Show slide `number` (kept within 1..count), or leave the slide view (None)."""
    if number is None:
        st.query_params.pop("dia", None)
    else:
        st.query_params["dia"] = str(max(1, min(count, number)))


def slide_view(dias: list[Dia], number: int) -> None:
    """One slide, large: the title (44 px), the chart, the source line; buttons and arrow keys to move."""
    dia = dias[number - 1]
    # Static CSS only (no text from files): hide the sidebar and header so the slide fills the screen.
    st.html("<style>[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'], header[data-testid='stHeader']"
            " {display: none !important;} .block-container {padding-top: 1rem !important; max-width: 100% !important;}"
            " .st-key-dia_pagina_terug, .st-key-dia_pagina_verder {display: none;}</style>")
    head, mark = st.columns([4, 1.3], vertical_alignment="center")
    head.title(safe.md(dia.titel), anchor=False)
    if dia.voorbeeld:
        mark.warning("Voorbeelddata (fictief)", icon=":material/science:")
    # theme=None: the figure's own dark text, not Streamlit's grey, for contrast on a projector.
    figure = export.slide_figure(dia.figuur_json, height=600)
    st.plotly_chart(figure, key=f"dia_grafiek_{dia.dia_id}", config=charts.PLOTLY_CONFIG, theme=None)
    note = export.hidden_note(figure)
    st.markdown(f"**Bron.** {safe.md(dia.bron)}" + (f"  \n{safe.md(note)}" if note else ""))
    back, count, forward, stop, _ = st.columns([1, 1, 1, 1, 3], vertical_alignment="center")
    back.button("Vorige", icon=":material/arrow_back:", shortcut="Left", disabled=number == 1, key="dia_terug",
                on_click=show_slide, args=(number - 1, len(dias)), width="stretch")
    count.markdown(f"**Dia {number} van {len(dias)}**")
    forward.button("Volgende", icon=":material/arrow_forward:", shortcut="Right", disabled=number == len(dias),
                   key="dia_verder", on_click=show_slide, args=(number + 1, len(dias)), width="stretch")
    stop.button("Stoppen", icon=":material/close:", shortcut="Esc", key="dia_stop", on_click=show_slide,
                args=(None, len(dias)), width="stretch")
    # Presentation clickers send PageDown/PageUp: the same moves on two hidden buttons.
    st.button("Vorige dia", shortcut="PageUp", key="dia_pagina_terug", on_click=show_slide, args=(number - 1, len(dias)))
    st.button("Volgende dia", shortcut="PageDown", key="dia_pagina_verder", on_click=show_slide, args=(number + 1, len(dias)))
    st.caption("Pijltjestoetsen of PageUp/PageDown om te bladeren, Esc om te stoppen; F11 voor volledig scherm.")
