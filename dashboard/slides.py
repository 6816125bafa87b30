"""The slide view of a presentation, made for a projector: one slide that fills the screen without scrolling
(title, chart, source, counter and buttons), moved by buttons, arrow keys and a clicker's PageUp/PageDown, Esc to
stop, B for a black screen and a number + Enter to jump to a slide. The slide shown lives in the URL (?dia=N)."""

from __future__ import annotations

from functools import partial

import streamlit as st

from jeugdhulp import export, fmt, safe
from jeugdhulp.presentatie import Dia

KEYS_KEY = "dia_toetsen"
LONG_TITLE = 60               # characters: above this a slide title is set smaller
MAX_TYPED = 4                  # a presentation has at most 60 slides; more digits are ignored

# Static CSS only (no text from files). The slide is a column of exactly the screen's height: the chart's box takes
# what the title, source line and buttons leave (flex), so nothing falls below the fold at any projector size.
SLIDE_CSS = """<style>
[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'], header[data-testid='stHeader']
  {display: none !important;}
[data-testid='stMainBlockContainer'] {padding: 12px 32px 10px !important; max-width: 100% !important;
  height: 100vh; box-sizing: border-box;}
[data-testid='stMainBlockContainer'] > [data-testid='stVerticalBlock'] {height: 100%; gap: 8px; flex-wrap: nowrap;}
[data-testid='stMainBlockContainer'] > [data-testid='stVerticalBlock'] > * {flex-shrink: 0;}
[data-testid='stLayoutWrapper']:has(> .st-key-dia_vlak) {flex: 1 1 0 !important; min-height: 0 !important;}
.st-key-dia_vlak {height: 100%;}
.st-key-dia_vlak [data-testid='stElementToolbar'] {display: none !important;}
[class*='st-key-dia_kop'] h1 {font-size: clamp(28px, 4.6vh, 44px); line-height: 1.2;
  padding: 0 !important; display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden;}
[class*='st-key-dia_kop_lang'] h1 {font-size: clamp(24px, 3.8vh, 36px);}
[data-testid='stLayoutWrapper']:has(> .st-key-dia_merk) {max-width: 45%;}
.st-key-dia_merk {background: #fff1d6; border: 1px solid #c8702a; border-radius: 6px; padding: 6px 12px;}
.st-key-dia_merk p {font-size: 18px; color: #8a4b00;}
.st-key-dia_bron p {font-size: 20px; line-height: 1.3;}
.st-key-dia_onder p {font-size: 20px;}
.st-key-dia_onder button p, .st-key-dia_onder button kbd {font-size: 18px;}
.st-key-dia_sneltoetsen {display: none !important;}
[data-testid='stLayoutWrapper']:has(> .st-key-dia_titelvlak) {flex: 1 1 0 !important; min-height: 0 !important;}
.st-key-dia_titelvlak {height: 100%; padding: 0 6vw;}
.st-key-dia_titelvlak h1 {font-size: clamp(40px, 7vh, 72px); line-height: 1.15;}
.st-key-dia_titelvlak p {font-size: clamp(22px, 3.2vh, 32px); color: #1c2530;}
</style>"""
# The presenter's keys that Streamlit's button shortcuts cannot do in order: B for a black screen (again, or any
# other key, to come back: nothing else happens on that key, as in PowerPoint) and a slide number typed and
# confirmed with Enter (Enter alone: the next slide). Typed digits must keep their order, which button shortcuts
# lose when two presses reach the server in one rerun, so the keys are read in the browser and only the chosen
# slide number is sent. Static code: no data from files.
KEYS_JS = """
export default function (component) {
  const { data, setTriggerValue, parentElement } = component;
  let state = window.__diaToetsen;
  if (!state) {
    const zwart = document.createElement("div");
    zwart.className = "dia-zwart";
    zwart.setAttribute("role", "img");
    zwart.setAttribute("aria-label", "Zwart scherm. Druk op een toets om de dia weer te tonen.");
    zwart.style.cssText = "position:fixed;inset:0;background:#000;z-index:1000000;display:none;cursor:none";
    const getypt = document.createElement("div");
    getypt.className = "dia-getypt";
    getypt.setAttribute("role", "status");
    getypt.style.cssText = "position:fixed;right:32px;bottom:72px;z-index:999999;font-size:24px;padding:8px 16px;" +
      "background:#1c2530;color:#fff;border-radius:8px;display:none";
    document.body.append(zwart, getypt);
    state = window.__diaToetsen = { zwart: zwart, getypt: getypt, cijfers: "", handler: null };
  }
  state.data = data;
  const toonCijfers = () => {
    state.getypt.textContent = state.cijfers ? "Naar dia " + state.cijfers + " (Enter)" : "";
    state.getypt.style.display = state.cijfers ? "block" : "none";
  };
  if (state.handler) { window.removeEventListener("keydown", state.handler, true); }
  state.handler = (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || ["Shift", "Control", "Alt", "Meta", "CapsLock"].includes(e.key)) { return; }
    const doel = e.target;
    if (doel && (doel.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(doel.tagName))) { return; }
    const stop = () => { e.preventDefault(); e.stopImmediatePropagation(); };
    if (state.zwart.style.display !== "none") {
      stop();
      state.zwart.style.display = "none";
      return;
    }
    if ((e.key === "b" || e.key === "B") && !e.repeat) {
      stop();
      state.cijfers = "";
      toonCijfers();
      state.zwart.style.display = "block";
    } else if (/^[0-9]$/.test(e.key)) {
      stop();
      if (state.cijfers.length < state.data.max_cijfers) { state.cijfers += e.key; }
      toonCijfers();
    } else if (e.key === "Backspace" && state.cijfers) {
      stop();
      state.cijfers = state.cijfers.slice(0, -1);
      toonCijfers();
    } else if (e.key === "Escape" && state.cijfers) {
      stop();
      state.cijfers = "";
      toonCijfers();
    } else if (e.key === "Enter" && !(doel && doel.closest && doel.closest("button, a, [role=button]"))) {
      stop();
      const naar = state.cijfers ? parseInt(state.cijfers, 10) : state.data.volgende;
      state.cijfers = "";
      toonCijfers();
      setTriggerValue("naar", naar);
    } else if (state.cijfers) {      // any other key (an arrow, PageDown) forgets a half-typed number
      state.cijfers = "";
      toonCijfers();
    }
  };
  window.addEventListener("keydown", state.handler, true);
  const knop = parentElement.querySelector("button.zwart");
  if (knop) { knop.onclick = () => { state.cijfers = ""; toonCijfers(); state.zwart.style.display = "block"; }; }
  return () => {
    window.removeEventListener("keydown", state.handler, true);
    state.zwart.remove();
    state.getypt.remove();
    delete window.__diaToetsen;
  };
}
"""
KEYS_HTML = '<button type="button" class="zwart">Zwart scherm <kbd>B</kbd></button>'
KEYS_CSS = """
.zwart {font: inherit; font-size: 18px; line-height: 1.6; padding: 4px 12px; border-radius: 8px; cursor: pointer;
  color: #1c2530; background: #fff; border: 1px solid rgba(49, 51, 63, 0.2); display: inline-flex; gap: 8px;
  align-items: center; white-space: nowrap;}
.zwart:hover {border-color: #1f5f8b; color: #1f5f8b;}
.zwart kbd {font: inherit; color: #4a5663;}
"""
_KEYS = st.components.v2.component("dia_toetsen", html=KEYS_HTML, css=KEYS_CSS, js=KEYS_JS)


def show_slide(number: int | None, count: int) -> None:
    """Show slide `number` (kept within 0..count; 0 is the title slide), or leave the slide view (None)."""
    if number is None:
        st.query_params.pop("dia", None)
    else:
        st.query_params["dia"] = str(max(0, min(count, number)))


def _jump(count: int) -> None:
    """The slide number the presenter typed (then Enter), or the next slide after Enter alone."""
    number = st.session_state[KEYS_KEY].get("naar")
    if isinstance(number, int) and not isinstance(number, bool) and 0 <= number < 10 ** MAX_TYPED:
        show_slide(number, count)      # 0: the title slide


def title_view(dias: list[Dia], titel: str, ondertitel: str) -> None:
    """The title slide (dia=0), as the PowerPoint and HTML files open: the presentation's title and subtitle large in
    the middle, how many slides follow, and whether any shows example figures."""
    st.html(SLIDE_CSS)
    with st.container(key="dia_titelvlak", vertical_alignment="center"):
        st.title(safe.md(titel), anchor=False)
        if ondertitel:
            st.markdown(safe.md(ondertitel))
        st.markdown(fmt.aantal(len(dias), "dia", "dia's")
                    + (" · bevat voorbeelddata (fictief)" if any(d.voorbeeld for d in dias) else ""))
    _controls(0, len(dias))


def slide_view(dias: list[Dia], number: int) -> None:
    """One slide, filling the screen: title, the chart, the source line, the counter and the buttons."""
    dia, count = dias[number - 1], len(dias)
    st.html(SLIDE_CSS)
    mark = export.example_mark(dia.figuur_json) or (export.EXAMPLE_MARK if dia.voorbeeld else "")
    # A long title in smaller type, so that it takes at most two lines (cut off with "..." beyond that).
    head = "dia_kop_lang" if len(dia.titel) > LONG_TITLE else "dia_kop"
    with st.container(key=head, horizontal=True, vertical_alignment="center", gap="medium"):
        st.title(safe.md(dia.titel), anchor=False, width="stretch")
        if mark:
            with st.container(key="dia_merk", width="content"):
                st.markdown(f":material/science: **{safe.md(mark)}**")
    figure = export.slide_figure(dia.figuur_json, height=None)
    with st.container(key="dia_vlak"):
        # theme=None: the figure's own dark text, not Streamlit's grey, for contrast on a projector.
        st.plotly_chart(figure, key=f"dia_grafiek_{dia.dia_id}", config=export.SLIDE_CONFIG, theme=None,
                        height="stretch", alt=f"Grafiek: {dia.titel}")
    note = export.hidden_note(figure)
    with st.container(key="dia_bron"):
        st.markdown(f"**Bron.** {safe.md(dia.bron)}" + (f"  \n{safe.md(note)}" if note else ""))
    _controls(number, count, dia)


def _controls(number: int, count: int, dia: Dia | None = None) -> None:
    """The bar under a slide: back, the counter, next, stop, the definition (not on the title slide), black screen,
    and the hidden PageUp/PageDown buttons of a clicker."""
    with st.container(key="dia_onder", horizontal=True, vertical_alignment="center", gap="small"):
        st.button("Vorige", icon=":material/arrow_back:", shortcut="Left", disabled=number == 0, key="dia_terug",
                  on_click=show_slide, args=(number - 1, count))
        st.markdown(f"**Dia {number} van {count}**" if number else "**Titeldia**", width="content")
        st.button("Volgende", icon=":material/arrow_forward:", shortcut="Right", disabled=number == count,
                  key="dia_verder", on_click=show_slide, args=(number + 1, count))
        st.button("Stoppen", icon=":material/close:", shortcut="Esc", key="dia_stop", on_click=show_slide,
                  args=(None, count))
        if dia is not None:
            # What the chart shows (the box, the star, the dotted line) when someone in the room asks: over the
            # slide, so the chart keeps its height.
            with st.popover("Toelichting", icon=":material/info:", key="dia_toelichting"):
                st.markdown(f"**Definitie.** {safe.md(dia.definitie)}")
        _KEYS(key=KEYS_KEY, data={"volgende": min(count, number + 1), "max_cijfers": MAX_TYPED},
              on_naar_change=partial(_jump, count), width="content")
        st.markdown("Nummer + Enter: naar die dia", width="content")
    with st.container(key="dia_sneltoetsen"):
        # Presentation clickers send PageDown/PageUp: the same moves on two hidden buttons.
        st.button("Vorige dia", shortcut="PageUp", key="dia_pagina_terug", on_click=show_slide,
                  args=(number - 1, count))
        st.button("Volgende dia", shortcut="PageDown", key="dia_pagina_verder", on_click=show_slide,
                  args=(number + 1, count))
        # Home and End: the title slide and the last slide, as in PowerPoint and the HTML file.
        st.button("Eerste dia", shortcut="Home", key="dia_begin", on_click=show_slide, args=(0, count))
        st.button("Laatste dia", shortcut="End", key="dia_einde", on_click=show_slide, args=(count, count))
