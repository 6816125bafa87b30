"""What the Wat als? page shows: the forecast without change (pagedata.prognose, no extra price rise), the selection's
spend and youths in care per group of care in the last known year, and the scenario of the knobs
(jeugdhulp.scenario), with status and source like every other figure."""

from __future__ import annotations

from dataclasses import dataclass, replace

import duckdb
import pandas as pd

from jeugdhulp import fmt, queries, scenario
from jeugdhulp.fmt import SMALL_COUNT
from jeugdhulp.pagedata import prognose as prognose_data
from jeugdhulp.scenario import GROEPEN, Knoppen, Scenario
from jeugdhulp.selectie import Selectie

# The region's targets that set a knob's default (sql/queries/doelen.sql, kpi -> knob).
DOEL_KNOPPEN = {"residentieel_volume": "residentieel", "pleegzorg_gezinshuis_volume": "pleegzorg"}


@dataclass(frozen=True)
class Standaard:
    """A knob's default from a target of the region: the change and where it comes from."""
    knop: str
    wijziging: float
    doeljaar: int
    bron: str


def standaard(con: duckdb.DuckDBPyConnection, sel: Selectie) -> list[Standaard]:
    """The region's own volume targets as the knobs' defaults (GRJR: -30% residential, +30% foster care and family
    homes); none for a region without a numeric target, whose knobs start at 0."""
    doelen = queries.doelen(con, sel.regio)
    doelen = doelen[doelen["gemeente_code"].isna() & doelen["wijziging_pct"].notna() & doelen["kpi"].isin(DOEL_KNOPPEN)]
    return [Standaard(DOEL_KNOPPEN[r.kpi], float(r.wijziging_pct) / 100, int(r.doeljaar), str(r.bron))
            for r in doelen.drop_duplicates("kpi", keep="last").itertuples()]


@dataclass(frozen=True)
class ScenarioData:
    prognose: prognose_data.PrognoseData
    groepen: pd.DataFrame            # per group (GROEPEN order): groep, naam, realisatie_eur, jeugdigen, status, source
    jaar: int | None                 # the last known year of spend: the groups' shares are from it
    scenario: Scenario | None        # None without a forecast or without spend per group
    knoppen: Knoppen
    jeugdigen_reden: str             # why youths and cost per youth are not shown ('' when they are)
    bron_jeugdigen: str = ""         # where the youths per group come from ('' when not shown)

    @property
    def aanwezig(self) -> set[str]:
        """The groups with spend in the selection: the only ones a knob can act on."""
        return set(self.groepen.loc[self.groepen["realisatie_eur"].fillna(0) > 0, "groep"])

    @property
    def voorbeeld(self) -> bool:
        return bool(self.prognose.voorbeeld("uitgaven") or self.groepen["voorbeeld"].any())

    @property
    def bron(self) -> str:
        """The spend's sources, and the youths' where the table shows them from other ones."""
        spend = self.prognose.bron("uitgaven")
        other = [b for b in self.bron_jeugdigen.split("; ") if b and b not in set(spend.split("; "))]
        return spend + (f"; jeugdigen in zorg: {'; '.join(other)}" if other else "")

    def reeks(self) -> pd.DataFrame:
        """The totals chart's table: each year known, then each year ahead without change and in the scenario."""
        known = self.prognose.reeks.dropna(subset=["realisatie_eur"])
        rows = [{"jaar": int(r.jaar), "werkelijk": float(r.realisatie_eur), "zonder_verandering": None,
                 "scenario": None, "verschil": None} for r in known.itertuples()]
        if self.scenario is not None:
            rows += [{"jaar": j, "werkelijk": None, "zonder_verandering": b, "scenario": s, "verschil": s - b}
                     for j, b, s in zip(self.scenario.jaren, self.scenario.totaal("basis"),
                                        self.scenario.totaal("scenario"), strict=True)]
        frame = pd.DataFrame(rows, columns=["jaar", "werkelijk", "zonder_verandering", "scenario", "verschil"])
        for c in ("werkelijk", "zonder_verandering", "scenario", "verschil"):
            frame[c] = pd.to_numeric(frame[c], errors="coerce").round(0)
        return frame.assign(voorbeeld=self.voorbeeld, bron=self.bron)

    def tabel(self) -> pd.DataFrame:
        """Per group the assumption and its effect in the last year ahead: the change in volume (None for a group
        without spend in the selection: the knob has nothing to act on), spend and youths in the last known year and
        the cost per youth, spend without change and in the scenario, the difference and the part of it the volume
        change alone makes."""
        frame = self.groepen.copy()
        frame["wijziging"] = [self.knoppen.volume(g) if g in self.aanwezig else None for g in frame["groep"]]
        frame["wijziging_pct"] = (pd.to_numeric(frame["wijziging"], errors="coerce") * 100).round(1)
        if self.scenario is not None:
            frame["zonder_verandering"] = [self.scenario.basis[g][-1] for g in frame["groep"]]
            frame["scenario"] = [self.scenario.scenario[g][-1] for g in frame["groep"]]
            frame["verschil"] = frame["scenario"] - frame["zonder_verandering"]
            frame["door_volume"] = [self.scenario.volume[g][-1] for g in frame["groep"]]
        for c in ("realisatie_eur", "kosten_per_jeugdige", "zonder_verandering", "scenario", "verschil", "door_volume"):
            if c in frame:
                frame[c] = pd.to_numeric(frame[c], errors="coerce").round(0)
        return frame.assign(bron=self.bron, voorbeeld=self.voorbeeld)

    def samenvatting(self) -> str:
        """The assumptions in a few words for a chart's title: the changes that are not 0, or 'geen veranderingen'."""
        k = self.knoppen
        volume = [f"{naam} {percent(k.volume(g))}" for g, naam in KORT.items() if k.volume(g) and g in self.aanwezig]
        if volume and self.scenario is not None:
            volume.append(f"volledig in {self.scenario.jaren[k.bereikt - 1]}")
        parts = volume + [f"{naam} {percent(value)}/jaar" for naam, value in (("prijs", k.prijs), ("jeugdigen", k.instroom))
                          if value]
        # A label and its value never apart when a long title wraps (charts.TITLE_LINE): no-break spaces inside.
        return ", ".join(p.replace(" ", NBSP) for p in parts) or "geen veranderingen"

    def aannames(self) -> pd.DataFrame:
        """The assumptions and their effect as text, the way the page's table and a PowerPoint slide show them: a
        row per group, then the knobs every group shares, then the total."""
        if self.scenario is None or self.jaar is None:
            return pd.DataFrame()
        last, known = self.scenario.jaren[-1], self.jaar
        table = self.tabel()

        def youths(row: pd.Series) -> str:
            return f"<{SMALL_COUNT}" if row["jeugdigen_klein"] else fmt.number(row["jeugdigen"])

        # Amounts in one unit per table: millions once the total is, else whole euros; never broken over two lines.
        in_mln = self.scenario.totaal("basis")[-1] >= 1e6

        def eur(value: float | None, sign: bool = False) -> str:
            """€ 12,3 mln or € 12.345; with `sign`, +/- in front of the amount as shown (€ 0 without)."""
            if value is None or pd.isna(value):
                return "–"
            shown = round(value / 1e6, 1) if in_mln else round(value)
            size = abs(shown) if sign else shown
            text = "€ 0" if not shown else f"€ {fmt.number(size, 1)} mln" if in_mln else fmt.eur(size)
            if sign and shown:
                text = ("+" if shown > 0 else "-") + WJ + text       # a browser may break after a hyphen
            return text.replace(" ", NBSP)

        rows = [{"Groep": r["naam"],
                 "Aanname": "n.v.t. (geen uitgaven)" if pd.isna(r["wijziging"]) else percent(r["wijziging"]),
                 f"Jeugdigen {known}": youths(r),
                 f"Kosten per jeugdige {known}": fmt.eur(r["kosten_per_jeugdige"]).replace(" ", NBSP),
                 f"Zonder verandering {last}": eur(r["zonder_verandering"]), f"Scenario {last}": eur(r["scenario"]),
                 "Verschil": eur(r["verschil"], sign=True), "waarvan volume": eur(r["door_volume"], sign=True)}
                for _, r in table.iterrows()]
        k = self.knoppen
        blank = {c: "" for c in rows[0] if c not in ("Groep", "Aanname")}
        rows += [{"Groep": "Extra prijsstijging (alle groepen)", "Aanname": percent(k.prijs)
                  + (" per jaar" if k.prijs else ""), **blank},
                 {"Groep": "Jeugdigen in zorg (alle groepen)", "Aanname": percent(k.instroom)
                  + (" per jaar" if k.instroom else ""), **blank},
                 {"Groep": "Volumeverandering volledig in", "Aanname": str(self.scenario.jaren[k.bereikt - 1]), **blank},
                 {"Groep": "Totaal", "Aanname": "", **blank,
                  f"Zonder verandering {last}": eur(self.scenario.totaal("basis")[-1]),
                  f"Scenario {last}": eur(self.scenario.totaal("scenario")[-1]),
                  "Verschil": eur(self.scenario.verschil()[-1], sign=True),
                  "waarvan volume": eur(sum(v[-1] for v in self.scenario.volume.values()), sign=True)}]
        return pd.DataFrame(rows)


NBSP = "\u00a0"
WJ = "\u2060"        # word joiner: no line break here
# Short names of the groups for a chart's title.
KORT = {"residentieel": "residentieel", "pleegzorg": "pleegzorg/gezinshuis", "ambulant": "ambulant"}


def percent(fraction: float) -> str:
    """-30% / +1,5% / 'geen': a knob's value as the page writes it (one decimal only where it has one)."""
    return "geen" if not fraction else fmt.pct_short(fraction, sign=True)

def _groepen(rows: pd.DataFrame) -> tuple[pd.DataFrame, str, str]:
    """The query's rows (vorm, residential flag) summed per group, youths masked under 5 and the cost per youth
    from the same published counts; youths left out where their status is not the spend's. Also why they are left
    out ('' when not) and the youths' sources."""
    rows = rows.assign(groep=[scenario.groep(v, bool(r)) for v, r in zip(rows["vorm"], rows["residentieel"], strict=True)])
    # Youths of another status than the spend, anywhere in the selection (also in a group without spend), are not
    # shown: a table of real spend would otherwise show example youths unmarked.
    spend_example = set(rows.loc[rows["realisatie_eur"].notna(), "voorbeeld_uitgaven"].astype(bool))
    youth_example = set(rows.loc[rows["jeugdigen"].notna(), "voorbeeld_jeugdigen"].astype(bool))
    mixed = bool(youth_example) and youth_example != spend_example
    out = []
    for g, naam in GROEPEN.items():
        part = rows[rows["groep"] == g]
        spend = float(part["realisatie_eur"].sum()) if part["realisatie_eur"].notna().any() else None
        youths = None if mixed or part["jeugdigen"].isna().all() else float(part["jeugdigen"].sum())
        klein = youths is not None and 0 < youths < SMALL_COUNT
        out.append({
            "groep": g, "naam": naam, "realisatie_eur": spend,
            "jeugdigen": None if klein else youths, "jeugdigen_klein": klein,
            "kosten_per_jeugdige": spend / youths if spend is not None and youths and not klein else None,
            "voorbeeld": bool(part["voorbeeld_uitgaven"].any()),
        })
    reason = ("De jeugdigen in zorg hebben een andere status (echt of voorbeeld) dan de uitgaven: de kosten per "
              "jeugdige zijn daarom niet berekend." if mixed else "")
    sources = "" if mixed else "; ".join(sorted({b for b in rows["bron_jeugdigen"].dropna() for b in b.split("; ")}))
    return pd.DataFrame(out), reason, sources


def load(con: duckdb.DuckDBPyConnection, sel: Selectie, **knoppen: float) -> ScenarioData:
    """The scenario of `knoppen` (Knoppen's fields) for the selection; the year the volume changes are whole is kept
    within the years ahead."""
    knoppen = Knoppen(**knoppen)
    forecast = prognose_data.load(con, sel, 0.0)
    known = forecast.reeks.dropna(subset=["realisatie_eur"])
    jaar = int(known["jaar"].max()) if not known.empty else None
    rows = (queries.scenario_groepen(con, **sel.params("regio", "gemeenten", "segmenten"), jaar=jaar)
            if jaar is not None else queries.scenario_groepen(con, sel.regio, [], [], -1))
    groepen, reason, bron_jeugdigen = _groepen(rows)
    result = None
    if forecast.uitgaven is not None and (groepen["realisatie_eur"].fillna(0) > 0).any():   # some group to split by
        knoppen = replace(knoppen, bereikt=min(max(int(knoppen.bereikt), 1), len(forecast.uitgaven.jaren)))
        result = scenario.bereken(forecast.uitgaven.jaren, forecast.uitgaven.midden,
                                  dict(zip(groepen["groep"], groepen["realisatie_eur"], strict=True)), knoppen)
    return ScenarioData(forecast, groepen, jaar, result, knoppen, reason, bron_jeugdigen)
