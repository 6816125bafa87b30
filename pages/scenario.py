"""Wat als?: what a change in volume, price or the number of youths in care (the region's targets to start with)
does to spend in the next three years, against the forecast without change, for the selection in the sidebar.

The knobs are kept in the link, so a scenario is shared or saved by its address, and in the session, so it is still
there after a visit to another page (Streamlit forgets a widget's value when another page runs, and a page switch
drops the link's own parameters). A change of region starts from that region's targets. Its charts go to the
presentation like any other; their titles carry the assumptions."""

import math

import streamlit as st

from dashboard import ui
from dashboard.state import load, selectie
from jeugdhulp import fmt, prognose, safe, scenario
from jeugdhulp.charts_prognose import scenario_groepen, scenario_totaal
from jeugdhulp.pagedata import scenario as pagedata

sel = selectie()
ui.page_intro(sel, "Wat als de inzet van jeugdhulp verandert?")
defaults = {d.knop: d for d in load(pagedata.standaard, sel)}


def steps(low: float, high: float, step: float) -> list[float]:
    """A knob's choices in percent from `low` to `high` (fractions), so the screen says '-2,5%', never '-2.5'."""
    return [round(i * step, 1) for i in range(round(low * 100 / step), round(high * 100 / step) + 1)]


VOLUME = steps(-scenario.MAX_VOLUME, scenario.MAX_VOLUME, 5)
# knob -> (label, choices, help); the URL key is the knob's name, its value in percent.
KNOPPEN = {
    "residentieel": ("Residentiële zorg", VOLUME,
                     "Verandering van het aantal jeugdigen in de segmenten met verblijf die voor het doel van minder "
                     "residentiële zorg tellen, ten opzichte van zonder verandering."),
    "pleegzorg": ("Pleegzorg en gezinshuizen", VOLUME,
                  "Verandering van het aantal jeugdigen in pleegzorg en gezinshuizen, ten opzichte van zonder verandering."),
    "ambulant": ("Ambulante hulp", VOLUME,
                 "Verandering van het aantal jeugdigen in ambulante hulp, ten opzichte van zonder verandering."),
    "prijs": ("Extra prijsstijging per jaar", steps(*scenario.PRIJS, 0.5),
              "Bovenop de trend van de kosten per jeugdige, die al doorloopt (zoals op de pagina Prognose), voor alle "
              "groepen; negatief voor lagere tarieven. Stapelt per jaar."),
    "instroom": ("Jeugdigen in zorg per jaar", steps(-scenario.MAX_INSTROOM, scenario.MAX_INSTROOM, 1),
                 "Meer of minder jeugdigen in zorg in alle groepen, bijvoorbeeld door meer of minder nieuwe aanmeldingen. "
                 "Stapelt per jaar: -5% per jaar is na drie jaar 14,3% minder."),
}
BEREIKT = list(range(1, prognose.HORIZON + 1))


def target(knop: str) -> float | None:
    """The region's target for a knob in percent, as its source gives it (an uploaded one can be -33%)."""
    found = defaults.get(knop)
    return round(found.wijziging * 100, 1) if found else None


def default(knop: str) -> float:
    """The knob's start: the target at the nearest of the knob's steps (within -50%..+50%), else 0."""
    value = target(knop)
    return 0.0 if value is None else min(KNOPPEN[knop][1], key=lambda choice: abs(choice - value))


def from_url(knop: str, choices: list[float]) -> float | None:
    """The link's value of a knob if it is one of its choices, written any way a number can be ('-30', '-30.0',
    '+2,5'); None otherwise (the knob keeps its other start)."""
    raw = st.query_params.get(knop, "").strip().replace(",", ".")
    if not raw or len(raw) > 8:
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    return next((c for c in choices if math.isfinite(value) and abs(c - value) < 1e-9), None)


def reset() -> None:
    for knop in KNOPPEN:
        st.session_state[f"scenario_{knop}"] = default(knop)
    st.session_state["scenario_bereikt"] = prognose.HORIZON


state = st.session_state
saved = state.get("scenario_bewaard") or {}
if state.get("scenario_regio", sel.regio) != sel.regio:
    # Another region: its own targets, not the last region's (a knob at -30% would read as this region's target).
    reset()
    saved = state["scenario_bewaard"] = {}
    st.toast(f"De aannames zijn teruggezet naar de standaard van {sel.regio_naam}.", icon=":material/restart_alt:")
state["scenario_regio"] = sel.regio
# A knob not drawn in the last run (first visit, back from another page) starts from the link, else from what this
# session had, else from the region's target.
for knop, (_, choices, _) in KNOPPEN.items():
    if f"scenario_{knop}" not in state:
        url = from_url(knop, choices)
        state[f"scenario_{knop}"] = url if url is not None else saved.get(knop, default(knop))
# The year the volume change is whole: in the link as that year (bereikt=2027; an older link's step 1-3 still
# counts). Which years lie ahead is known once the forecast is loaded: a year is matched to its step after loading.
bereikt_jaar = None
if "scenario_bereikt" not in state:
    raw = st.query_params.get("bereikt", "").strip()
    step = from_url("bereikt", [float(h) for h in BEREIKT])
    bereikt_jaar = int(raw) if len(raw) == 4 and raw.isascii() and raw.isdecimal() else None
    state["scenario_bereikt"] = int(step) if step is not None else saved.get("bereikt", prognose.HORIZON)

# The knobs' values are in the session state before they are drawn: load first, so their labels know the years.
values = {knop: float(state[f"scenario_{knop}"]) for knop in KNOPPEN}


def scenario_data() -> pagedata.ScenarioData:
    return load(pagedata.load, sel, **{k: v / 100 for k, v in values.items()}, bereikt=state["scenario_bereikt"])


data = scenario_data()
if bereikt_jaar is not None and data.scenario is not None and bereikt_jaar in data.scenario.jaren:
    state["scenario_bereikt"] = data.scenario.jaren.index(bereikt_jaar) + 1
    data = scenario_data()
ui.example_mark(data.voorbeeld)
if data.prognose.later_tekst():
    st.info(data.prognose.later_tekst(), icon=":material/info:")

if data.scenario is None:
    st.info(f"Geen scenario: de prognose zonder verandering heeft minstens {prognose.MIN_JAREN} jaar uitgaven nodig. "
            "Kies in de zijbalk meer jaren of lees oudere cijfers in.", icon=":material/info:")
else:
    ahead = data.scenario.jaren
    with st.container(border=True):
        st.markdown("**Aannames**")
        columns = st.columns(3)
        for index, (knop, (label, choices, help_text)) in enumerate(KNOPPEN.items()):
            # A group without spend in the selection (MIJOV has no foster care; a segment filter can leave one out):
            # nothing to act on, so the knob reads "n.v.t." and cannot move. It keeps its value for when the group is
            # back (the filter widened), and the value changes nothing meanwhile. Each choice keeps a label of its
            # own: Streamlit finds the value back by its label.
            missing = knop in scenario.GROEPEN and knop not in data.aanwezig
            columns[index % 3].select_slider(
                label, choices, key=f"scenario_{knop}", disabled=missing,
                format_func=(lambda v: f"n.v.t. ({pagedata.percent(v / 100)})") if missing
                else (lambda v: pagedata.percent(v / 100)),
                help=help_text + (" De selectie heeft geen uitgaven in deze groep." if missing else ""))
        columns[2].select_slider("Volumeverandering volledig in", BEREIKT, key="scenario_bereikt",
                                 format_func=lambda h: str(ahead[h - 1]),
                                 help="De volumeverandering groeit in gelijke stappen tot het gekozen jaar en blijft "
                                      "daarna gelijk.")
        # "Inkoopstrategie GRJR, § 1.1: 30% meer ..." -> its citation, before the colon.
        # The citation comes from a targets file: text, never markdown.
        doelen = " en ".join(
            f"{pagedata.percent(target(k) / 100)} {KNOPPEN[k][0].lower()} in {d.doeljaar} ({safe.md(d.bron.split(':')[0])})"
            + ("" if default(k) == target(k) else f"; de knop staat op de dichtstbijzijnde stap, "
                                                  f"{pagedata.percent(default(k) / 100)}")
            for k, d in defaults.items())
        st.caption(("Standaard: de doelen van de regio, " + doelen + ". Hier telt zo'n doel ten opzichte van de "
                    f"prognose zonder verandering, volledig bereikt in {ahead[-1]}; hoe ver de regio al is ten opzichte "
                    "van het basisjaar, staat op de pagina Doel residentiële zorg." if defaults else
                    "Standaard: geen verandering (de regio heeft geen doel met een streefwaarde voor het volume).")
                   + " Het scenario staat in de link in de adresbalk: bewaar of deel die om het terug te zien.")
        st.button("Terug naar de standaard", on_click=reset, icon=":material/restart_alt:")
    state["scenario_bewaard"] = {**values, "bereikt": state["scenario_bereikt"]}
    for knop, value in values.items():
        st.query_params[knop] = f"{value:g}"
    st.query_params["bereikt"] = str(ahead[state["scenario_bereikt"] - 1])

    last = ahead[-1]
    left, right = st.columns(2)
    difference = data.scenario.verschil()[-1]
    same = round(difference) == 0
    left.metric(f"Uitgaven {last} in het scenario", fmt.eur_compact(data.scenario.totaal("scenario")[-1]),
                delta=f"{fmt.eur_change(difference)} t.o.v. zonder verandering",
                delta_color="off" if same else "inverse", delta_arrow="off" if same else "auto")
    right.metric(f"Verschil {ahead[0]}–{last} samen", fmt.eur_change(sum(data.scenario.verschil())),
                 help="Het scenario min de prognose zonder verandering, over de drie jaren opgeteld.")
    st.markdown(f"**Aannames en effect in {last}**")
    assumptions = data.aannames()
    st.table(assumptions, hide_index=True, border="horizontal")     # our own texts; wraps instead of scrolling
    notes = [data.jeugdigen_reden or ("Een groep met minder dan 5 jeugdigen staat als \"<5\", zonder kosten per "
                                      "jeugdige." if data.groepen["jeugdigen_klein"].any() else ""),
             "Het verschil per groep bevat ook de extra prijsstijging en de verandering van het aantal jeugdigen; "
             "'waarvan volume' is wat de volumeverandering van de groep alleen doet."]
    st.caption(" ".join(n for n in notes if n))

    summary = data.samenvatting()
    reeks = data.reeks()
    ui.chart(scenario_totaal(reeks, f"Uitgaven in het scenario ({summary}) — {sel.label}", data.bron, data.voorbeeld,
                             ""),
             reeks, {"jaar": "Jaar", "werkelijk": "Werkelijk (EUR)", "zonder_verandering": "Zonder verandering (EUR)",
                     "scenario": "Scenario (EUR)", "verschil": "Verschil (EUR)"},
             key="scenario_totaal", title="Scenario uitgaven",
             definition="Gerealiseerde uitgaven per jaar, de prognose zonder verandering (zonder extra prijsstijging) "
                        f"en het scenario voor de komende drie jaar. Aannames: {summary}.")
    table = data.tabel()
    ui.chart(scenario_groepen(table, last, f"Scenario {last} per groep ({summary}) — {sel.label}", data.bron,
                              data.voorbeeld, tabel=assumptions),
             table, {"naam": "Groep", "wijziging_pct": "Aanname volume (%)", "realisatie_eur": f"Uitgaven {data.jaar} (EUR)",
                     "jeugdigen": f"Jeugdigen in zorg {data.jaar}",
                     "kosten_per_jeugdige": f"Kosten per jeugdige {data.jaar} (EUR)",
                     "zonder_verandering": f"Zonder verandering {last} (EUR)", "scenario": f"Scenario {last} (EUR)",
                     "verschil": f"Verschil {last} (EUR)", "door_volume": f"Waarvan volume {last} (EUR)"},
             key="scenario_groepen", title=f"Scenario {last} per groep",
             definition=f"Uitgaven per groep in {last} zonder verandering en in het scenario. Aannames: {summary}. "
                        f"Kosten per jeugdige: de uitgaven van de groep in {data.jaar} gedeeld door de jeugdigen in "
                        "zorg in haar segmenten (een jeugdige in twee segmenten telt twee keer). Op een "
                        "PowerPoint-dia staat de tabel met aannames.")
with st.expander("Hoe het scenario werkt", expanded=data.scenario is not None):
    st.markdown(scenario.METHODE)
