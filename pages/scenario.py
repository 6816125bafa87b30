"""Wat als?: what reaching the targets (or any other change in volume, price or inflow) does to spend in the next
three years, against the forecast without change, for the selection in the sidebar. The knobs are kept in the link,
so a scenario is shared or saved by its address; its charts go to the presentation like any other."""

import streamlit as st

from dashboard import ui
from dashboard.state import load, selectie
from jeugdhulp import fmt, prognose, scenario
from jeugdhulp.charts_prognose import scenario_groepen, scenario_totaal
from jeugdhulp.pagedata import scenario as pagedata

sel = selectie()
ui.page_intro(sel, "Wat levert het op als we de doelen halen?")
defaults = {d.knop: d for d in load(pagedata.standaard, sel)}


def steps(limit: float, step: float) -> list[float]:
    """The choices of a knob in percent, from -limit to +limit (so the screen says '-2,5%', never '-2.5')."""
    n = round(limit * 100 / step)
    return [round(i * step, 1) for i in range(-n, n + 1)]


def pct_label(value: float) -> str:
    return "geen" if value == 0 else fmt.pct_change(value / 100, 0 if float(value).is_integer() else 1)


# knob -> (label, choices, help); the URL key is the knob's name, its value in percent.
KNOPPEN = {
    "residentieel": ("Residentiële zorg", steps(scenario.MAX_VOLUME, 5),
                     "Verandering van het aantal jeugdigen in segmenten met verblijf die voor het doel tellen, ten "
                     "opzichte van zonder verandering."),
    "pleegzorg": ("Pleegzorg en gezinshuizen", steps(scenario.MAX_VOLUME, 5),
                  "Verandering van het aantal jeugdigen in pleegzorg en gezinshuizen, ten opzichte van zonder verandering."),
    "ambulant": ("Ambulante hulp", steps(scenario.MAX_VOLUME, 5),
                 "Verandering van het aantal jeugdigen in ambulante hulp, ten opzichte van zonder verandering."),
    "prijs": ("Prijsindex per jaar", steps(scenario.MAX_PRIJS, 0.5),
              "Extra prijsverandering per jaar voor alle groepen, bovenop de trend van de kosten per jeugdige."),
    "instroom": ("Instroom per jaar", steps(scenario.MAX_INSTROOM, 1),
                 "Meer of minder jeugdigen in zorg per jaar door meer of minder nieuwe aanmeldingen, voor alle groepen."),
}


def default(knop: str) -> float:
    found = defaults.get(knop)
    return round(found.wijziging * 100, 1) if found else 0.0


def reset() -> None:
    for knop in KNOPPEN:
        st.session_state[f"scenario_{knop}"] = default(knop)
    st.session_state["scenario_bereikt"] = prognose.HORIZON


# The knobs start from the link, else from the region's targets; a value the knob does not offer is ignored.
for knop, (_, choices, _) in KNOPPEN.items():
    if f"scenario_{knop}" not in st.session_state:
        raw = st.query_params.get(knop, "").replace(",", ".")
        st.session_state[f"scenario_{knop}"] = next((c for c in choices if f"{c:g}" == raw), default(knop))
if "scenario_bereikt" not in st.session_state:
    raw = st.query_params.get("bereikt", "")
    st.session_state["scenario_bereikt"] = int(raw) if raw in {str(h) for h in range(1, prognose.HORIZON + 1)} \
        else prognose.HORIZON

# The knobs' values are in the session state before they are drawn: load first, so their labels know the years.
values = {knop: float(st.session_state[f"scenario_{knop}"]) for knop in KNOPPEN}
data = load(pagedata.load, sel, **{k: v / 100 for k, v in values.items()}, bereikt=st.session_state["scenario_bereikt"])
ahead = data.prognose.uitgaven.jaren if data.prognose.uitgaven is not None else ()
ui.example_mark(data.voorbeeld)

with st.container(border=True):
    st.markdown("**Aannames**")
    columns = st.columns(3)
    for index, (knop, (label, choices, help_text)) in enumerate(KNOPPEN.items()):
        columns[index % 3].select_slider(label, choices, key=f"scenario_{knop}", format_func=pct_label, help=help_text)
    columns[2].select_slider("Volumeverandering volledig in", list(range(1, prognose.HORIZON + 1)),
                             key="scenario_bereikt",
                             format_func=lambda h: str(ahead[h - 1]) if len(ahead) >= h else f"jaar {h}",
                             help="De verandering groeit in gelijke stappen tot het gekozen jaar en blijft daarna gelijk.")
    # "Inkoopstrategie GRJR, § 1.1: 30% meer ..." -> its citation, before the colon.
    doel_text = " en ".join(f"{pct_label(default(k))} {KNOPPEN[k][0].lower()} in {d.doeljaar} ({d.bron.split(':')[0]})"
                            for k, d in defaults.items())
    st.caption("Standaard: " + (f"de doelen van de regio: {doel_text}" if defaults else
                                "geen verandering (de regio heeft geen doel met een streefwaarde voor het volume)")
               + ". Het scenario staat in de link in de adresbalk: bewaar of deel die om het terug te zien.")
    st.button("Terug naar de standaard", on_click=reset, icon=":material/restart_alt:")

for knop, value in values.items():
    st.query_params[knop] = f"{value:g}"
st.query_params["bereikt"] = str(st.session_state["scenario_bereikt"])
TE_KORT = (f"Geen scenario: de prognose zonder verandering heeft minstens {prognose.MIN_JAREN} jaar uitgaven nodig. "
           "Kies in de zijbalk meer jaren of lees oudere cijfers in.")
assumptions = data.aannames()
if data.scenario is None:
    st.info(TE_KORT, icon=":material/info:")
else:
    last = data.scenario.jaren[-1]
    left, right = st.columns(2)
    difference = data.scenario.verschil()[-1]
    left.metric(f"Uitgaven {last} in het scenario", fmt.eur_compact(data.scenario.totaal("scenario")[-1]),
                delta=f"{fmt.eur_change(difference)} t.o.v. zonder verandering", delta_color="inverse")
    right.metric(f"Verschil {data.scenario.jaren[0]}–{last} samen", fmt.eur_change(sum(data.scenario.verschil())),
                 help="Het scenario min de prognose zonder verandering, over de drie jaren opgeteld.")
    st.markdown(f"**Aannames en effect in {last}**")
    st.dataframe(assumptions, hide_index=True, width="stretch", row_height=34, height=34 * (len(assumptions) + 1) + 3)
    if data.jeugdigen_reden:
        st.caption(data.jeugdigen_reden)
    elif data.groepen["jeugdigen_klein"].any():
        st.caption("Een groep met minder dan 5 jeugdigen staat als \"<5\", zonder kosten per jeugdige.")

summary = "; ".join(f"{r['Groep']}: {r['Aanname']}" for _, r in assumptions.iterrows() if r["Aanname"])
reeks = data.reeks()
ui.chart(scenario_totaal(reeks, f"Uitgaven zonder verandering en in het scenario — {sel.label}", data.bron,
                         data.voorbeeld, TE_KORT),
         reeks, {"jaar": "Jaar", "werkelijk": "Werkelijk (EUR)", "zonder_verandering": "Zonder verandering (EUR)",
                 "scenario": "Scenario (EUR)", "verschil": "Verschil (EUR)"},
         key="scenario_totaal", title="Scenario uitgaven",
         definition="Gerealiseerde uitgaven per jaar, de prognose zonder verandering (zonder extra prijsstijging) en het "
                    "scenario voor de komende drie jaar. Aannames: " + (summary or "geen scenario") + ".")

if data.scenario is not None:
    last = data.scenario.jaren[-1]
    table = data.tabel()
    ui.chart(scenario_groepen(table, last, f"Scenario {last} per groep — {sel.label}", data.bron, data.voorbeeld,
                              tabel=assumptions),
             table, {"naam": "Groep", "wijziging_pct": "Aanname volume (%)", "realisatie_eur": f"Uitgaven {data.jaar} (EUR)",
                     "jeugdigen": f"Jeugdigen in zorg {data.jaar}",
                     "kosten_per_jeugdige": f"Kosten per jeugdige {data.jaar} (EUR)",
                     "zonder_verandering": f"Zonder verandering {last} (EUR)", "scenario": f"Scenario {last} (EUR)",
                     "verschil": f"Verschil {last} (EUR)"},
             key="scenario_groepen", title=f"Scenario {last} per groep",
             definition=f"Uitgaven per groep in {last} zonder verandering en in het scenario. Aannames: {summary}. "
                        f"Kosten per jeugdige: de uitgaven van de groep in {data.jaar} gedeeld door de jeugdigen in "
                        "zorg in haar segmenten (een jeugdige in twee segmenten telt twee keer).")
with st.expander("Hoe het scenario werkt", expanded=data.scenario is not None):
    st.markdown(scenario.METHODE)
