"""Gemeenteprofiel: one gemeente against its region and the gemeenten of the most similar size (any region),
with a map to open the profile of another gemeente. The gemeente lives in the URL (?gemeente=GM0505)."""

import streamlit as st

from dashboard import ui
from dashboard.state import query, selectie
from jeugdhulp import charts, fmt, kpi, safe, tables
from jeugdhulp.queries import VERGELIJKBAAR_AANTAL

sel = selectie()
state = st.session_state
names = query("gemeenten", regio=sel.regio).set_index("gemeente_code")["naam"].to_dict()
# A click on the map (previous run) wins; then the reader's choice, the link, the filter bar, the region.
clicked = state.pop("gemeente_van_kaart", None)
if clicked in names:
    state["gemeente_keuze"] = clicked
elif state.get("gemeente_keuze") not in names:
    linked = st.query_params.get("gemeente")
    state["gemeente_keuze"] = linked if linked in names else next(iter(sel.gemeenten), next(iter(names)))
code = state["gemeente_keuze"]
naam, jaar = names[code], sel.jaar_tot
st.query_params["gemeente"] = code

st.title(f"Hoe staat {safe.md(naam)} ervoor, naast de regio en vergelijkbare gemeenten?")
st.selectbox("Gemeente", list(names), format_func=names.get, key="gemeente_keuze", width=320,
             help="Of klik een gemeente aan op de kaart onderaan. De link van deze pagina opent dit profiel.")
st.caption(f"Regio {sel.regio_naam} · {sel.jaar_van}–{jaar} · alle segmenten: de keuze van gemeenten en "
           "segmenten in de zijbalk geldt hier niet (segmenten verschillen per regio).")

vergelijkbaar = query("vergelijkbare_gemeenten", gemeente=code, jaar=jaar)
andere = vergelijkbaar["gemeente_code"].tolist()
per_jaar = query("vergelijking_per_jaar", gemeente=code, vergelijkbaar=andere, jaar_van=sel.jaar_van, jaar_tot=jaar)
mix = query("vorm_mix", gemeente=code, vergelijkbaar=andere, jaar=jaar)
kaart = query("kaart_gemeenten", jaar=jaar)
ui.example_mark(tables.any_example(per_jaar, mix, kaart))
labels = {"gemeente": naam, "regio": f"Regio {sel.regio_naam}", "vergelijkbaar": "Vergelijkbare gemeenten"}
benoemd = per_jaar.assign(groep=per_jaar["groep"].map(labels))


def rate(row: object, value: str, small: str) -> str:
    return "<5 jeugdigen" if row[small] else fmt.number(row[value], 1)


def days(row: object) -> str:
    if row is None:
        return "geen gegevens"
    return "<5 jeugdigen" if row["aantal_klein"] else f"{fmt.number(row['mediaan'], 0)} dagen"


last = per_jaar[per_jaar["jaar"] == jaar].set_index("groep")
if "gemeente" in last.index:
    mine, region = last.loc["gemeente"], last.loc["regio"]
    other = last.loc["vergelijkbaar"] if "vergelijkbaar" in last.index else None
    st.subheader(f"Kerncijfers {jaar}")
    cells = st.columns(4)
    for cell, (label, show) in zip(cells, [
        ("Uitgaven per jeugdige (0-17)", lambda r: fmt.eur(r["eur_per_jeugdige"])),
        ("Jeugdigen in zorg per 1.000", lambda r: rate(r, "per_1000_jeugdigen", "jeugdigen_klein")),
        ("Residentieel per 1.000", lambda r: rate(r, "residentieel_per_1000", "jeugdigen_residentieel_klein")),
        ("Inwoners van 0-17 jaar", lambda r: fmt.number(r["jeugdigen_0_17"])),
    ], strict=True):
        compare = f"regio {show(region)}" + (f" · vergelijkbaar {show(other)}" if other is not None else "")
        cell.metric(label, show(mine), delta=compare, delta_color="off", delta_arrow="off")
    st.caption(f"**Bron.** {safe.md(tables.sources(per_jaar[per_jaar['jaar'] == jaar]))}  \n{tables.SMALL_COUNT_NOTE}")

st.markdown(f"**Vergelijkbare gemeenten {jaar}:** " + (", ".join(
    f"{safe.md(r.gemeente)} ({safe.md(r.regio)}, {fmt.number(r.jeugdigen_0_17)} jeugdigen)"
    for r in vergelijkbaar.itertuples())
    or "geen (geen inwonertal van deze gemeente in dit jaar)."))
st.caption(f"Regel: de {VERGELIJKBAAR_AANTAL} gemeenten uit alle regio's in dit dashboard waarvan het aantal inwoners "
           f"van 0-17 jaar in {jaar} het dichtst bij dat van {safe.md(naam)} ligt, gemeten als |ln(verhouding)|: twee keer zo "
           "groot telt even ver als half zo groot. Bij gelijke afstand gaat de laagste CBS-code voor. 'Regio' is de "
           "hele regio, de gemeente zelf meegeteld. Bedragen en aantallen van een groep zijn opgeteld en gedeeld door "
           "de jeugdigen van de gemeenten die dat cijfer in dat jaar hebben.")

tab_geld, tab_zorg, tab_kpi, tab_raad, tab_kaart = st.tabs(
    ["Uitgaven", "Jeugdigen in zorg", "Doelen, wachttijd, verblijf", "Wat zei de raad?", "Kaart"])
with tab_geld:
    ui.chart(charts.vergelijking_trend(per_jaar, "eur_per_jeugdige", labels, f"Uitgaven per jeugdige — {naam}",
                                       tables.sources(per_jaar), tables.any_example(per_jaar), "€ per jeugdige (0-17 jaar)"),
             benoemd, {"jaar": "Jaar", "groep": "Groep", "realisatie_eur": "Realisatie (EUR)",
                       "jeugdigen_0_17": "Jeugdigen 0-17", "eur_per_jeugdige": "EUR per jeugdige"},
             key="gemeente_uitgaven", title=f"Uitgaven per jeugdige {naam}",
             definition="Gerealiseerde uitgaven aan jeugdhulp (alle segmenten) gedeeld door het aantal inwoners "
                        "van 0 tot en met 17 jaar.")
    ui.chart(charts.vorm_mix(mix, labels, f"Uitgaven per vorm van hulp, {jaar} — {naam}", tables.sources(mix),
                             tables.any_example(mix)),
             mix.assign(groep=mix["groep"].map(labels)),
             {"groep": "Groep", "vorm_naam": "Vorm", "realisatie_eur": "Realisatie (EUR)", "aandeel": "Aandeel"},
             key="gemeente_vormen", title=f"Uitgaven per vorm {naam} {jaar}",
             definition="Aandeel van elke vorm van hulp in de realisatie van het jaar. Elk segment van een regio "
                        "hoort bij één vorm (ambulant, residentieel, ...), zodat regio's te vergelijken zijn.")
with tab_zorg:
    for value, small, what, key in (("per_1000_jeugdigen", "jeugdigen_klein", "Jeugdigen in zorg", "zorg"),
                                    ("residentieel_per_1000", "jeugdigen_residentieel_klein",
                                     "Jeugdigen in residentiële zorg", "residentieel")):
        count = small.removesuffix("_klein")
        ui.chart(charts.vergelijking_trend(per_jaar, value, labels, f"{what} per 1.000 jeugdigen — {naam}",
                                           tables.sources(per_jaar), tables.any_example(per_jaar),
                                           "Per 1.000 inwoners van 0-17 jaar", kind="rate", small=small),
                 benoemd, {"jaar": "Jaar", "groep": "Groep", count: "Jeugdigen", "jeugdigen_0_17": "Jeugdigen 0-17",
                           value: "Per 1.000 jeugdigen"},
                 key=f"gemeente_{key}", title=f"{what} per 1.000 jeugdigen {naam}",
                 definition=f"{what}: unieke jeugdigen met een lopend traject in het jaar, per gemeente geteld en "
                            "opgeteld, per 1.000 inwoners van 0-17 jaar.")
with tab_kpi:
    bron, voorbeeld = ui.trajecten_provenance()
    doelen = query("doelen", regio=sel.regio)
    doelen = doelen[doelen["kpi"].isin(list(kpi.DOEL_KPIS))]
    st.subheader("Doelen van de regio")
    if doelen.empty:
        st.info(f"In de bronnen van {sel.regio_naam} staat geen doel met een streefwaarde voor residentiële zorg "
                "of pleegzorg; er is dus geen status.")
    for _, doel in doelen.iterrows():
        segment = doel["segment_code"] if isinstance(doel["segment_code"], str) else None
        status = query("doel_status", regio=sel.regio, gemeenten=[code], kpi_naam=doel["kpi"], segment=segment,
                       basisjaar=int(doel["basisjaar"]), doeljaar=int(doel["doeljaar"]),
                       wijziging_pct=float(doel["wijziging_pct"]), tot_jaar=jaar)
        mijn = status[status["niveau"] == "selectie"].iloc[0]
        st.metric(f"{tables.doel_label(doel)} t.o.v. {int(doel['basisjaar'])}", mijn["status"].capitalize(),
                  delta=f"nu {fmt.count(mijn['laatste_waarde'])}, doel {fmt.number(mijn['doelwaarde'], 0)}, "
                        f"trend {fmt.number(mijn['prognose'], 0)}" if mijn["status"] != kpi.TE_WEINIG else None,
                  delta_color="off", delta_arrow="off")
    if not doelen.empty:
        st.caption(kpi.STATUS_RULE + " Meer op de pagina 'Doel residentiële zorg'.")
    st.subheader(f"Wachttijd en verblijfsduur {jaar}")
    cells = st.columns(2)
    for cell, measure, what, unit in ((cells[0], "wachttijd", "Mediaan wachttijd", "trajecten"),
                                      (cells[1], "verblijfsduur", "Mediaan verblijfsduur", "verblijven")):
        span = dict(regio=sel.regio, segmenten=[], jaar_van=jaar, jaar_tot=jaar)
        eigen, hele_regio = (f.iloc[0] if len(f) else None for f in
                             (query(measure, gemeenten=chosen, **span) for chosen in ([code], [])))
        cell.metric(what, days(eigen), delta=f"regio {days(hele_regio)} · {safe.md(naam)}: {fmt.count(eigen['aantal'])} {unit}"
                    if eigen is not None else f"regio {days(hele_regio)}", delta_color="off", delta_arrow="off")
    st.caption(f"Wachttijd: dagen van aanmelding tot start, naar jaar van start. Verblijfsduur: dagen van start tot "
               f"einde van beëindigde verblijven, naar jaar van einde. Alle segmenten. Bron: {safe.md(bron)}."
               + (" Voorbeelddata (fictief)." if voorbeeld else ""))
with tab_raad:
    themas = query("gemeente_themas", regio=sel.regio, gemeente=code)
    punten = query("consultatie_punten", regio=sel.regio, gemeenten=[code])
    if punten.empty:
        st.info(f"Van {safe.md(naam)} zijn geen punten uit consultaties ingelezen. Regionale consultaties staan op de "
                "pagina 'Wat zeiden de raden?'.")
    else:
        ui.chart(charts.punten_per_thema(themas, f"Thema's die {naam} noemde", tables.sources(themas)),
                 themas, {"naam": "Thema", "punten": "Punten"}, key="gemeente_themas", title=f"Thema's {naam}",
                 definition="Aantal punten van de raad per (eerste) thema; complimenten, koppen en afsluitingen "
                            "('algemeen') niet meegeteld.")
        ui.table(tables.points_table(punten), key="gemeente_punten", title=f"Punten van {naam}",
                 note="Samenvattingen in eigen woorden; de regel verwijst naar het brondocument.")
        st.caption("Samenvattingen in eigen woorden; de regel verwijst naar het brondocument.")

MAATEN = {  # column: (label, colour-bar title, kind, flag of the count behind it)
    "eur_per_jeugdige": ("Uitgaven per jeugdige", "€ per jeugdige", "eur", None),
    "per_1000_jeugdigen": ("Jeugdigen in zorg per 1.000 jeugdigen", "per 1.000", "rate", "jeugdigen_klein"),
    "residentieel_per_1000": ("Residentieel per 1.000 jeugdigen", "per 1.000", "rate", "jeugdigen_residentieel_klein"),
    "jeugdigen_residentieel": ("Jeugdigen in residentiële zorg", "jeugdigen", "count", "jeugdigen_residentieel_klein"),
}
with tab_kaart:
    maat = st.selectbox("Kleur naar", list(MAATEN), format_func=lambda m: MAATEN[m][0], key="gemeente_kaart_maat",
                        width=420)
    label, legend, kind, small = MAATEN[maat]
    clicks = []
    scopes = (("regio", kaart[kaart["regio_code"] == sel.regio]), ("nederland", kaart))
    for tab, (scope, shown) in zip(st.tabs(["Regio", "Nederland"]), scopes, strict=True):
        with tab:
            if shown.empty:
                # e.g. a year with trajecten but no population figures yet (CBS publishes them later)
                st.info(f"Voor {jaar} zijn er geen inwonertallen of cijfers per gemeente"
                        + (f" van {sel.regio_naam}" if scope == "regio" else "") + ": kies in de zijbalk een ander "
                        "jaar om de kaart te zien.", icon=":material/map:")
                continue
            grenzen = charts.gemeentegrenzen(tuple(shown["gemeente_code"]) if scope == "regio" else None)
            where = f"regio {sel.regio_naam}" if scope == "regio" else "Nederland"
            event = ui.chart(
                charts.kaart(shown, grenzen, maat, f"{label}, {jaar} — {where}", tables.sources(shown),
                             tables.any_example(shown), legend, kind=kind, small=small, highlight=code,
                             height=540 if scope == "regio" else 820),
                shown, {"gemeente": "Gemeente", "gemeente_code": "CBS-code", "regio": "Regio",
                        "jeugdigen_0_17": "Jeugdigen 0-17", "jeugdigen": "Jeugdigen in zorg",
                        "jeugdigen_residentieel": "Jeugdigen residentieel", maat: label},
                key=f"gemeente_kaart_{scope}_{code}", title=f"Kaart {label} {jaar}", on_select=True,
                definition=f"{label} in {jaar}, per gemeente; grijs: geen gegevens in dit dashboard of minder dan "
                           f"5 jeugdigen. Omlijnd: {naam}. Klik op een gemeente om haar profiel te openen.")
            points = event.selection.points if event is not None else []
            clicks += [p.get("location") for p in points[:1]]
    st.caption("Kaart: CBS / PDOK (CBS gebiedsindelingen), vereenvoudigd door cartomap/nl (CC BY 4.0)")

target = next((c for c in clicks if c and c != code), None)
if target in names:
    state["gemeente_van_kaart"] = target
    st.rerun()
elif target in set(kaart["gemeente_code"]):
    # A gemeente of another region: open the link of its profile within this session. The filter bar reads
    # the region from the URL when its own state is absent (its first run), so drop that state and rerun.
    state["gemeente_van_kaart"] = target
    st.query_params["regio"] = kaart.set_index("gemeente_code").at[target, "regio_code"]
    st.query_params["gemeente"] = target
    del state["filter_regio"]
    st.rerun()
elif target and state.get("gemeente_kaart_zonder") != target:
    state["gemeente_kaart_zonder"] = target   # the selection stays on the map: say it once, not on every rerun
    st.toast("Van deze gemeente zijn geen gegevens in dit dashboard.", icon=":material/info:")
