"""The pandas baseline: the same figures each page shows, computed per page view from the raw frames
(what an app without marts would do), and the comparison of those figures with the DuckDB results.

The KPI pages' figures are computed from the raw trajecten rows, not from per-day histograms: waits
(aanmelddatum to startdatum, at least 0) per start year and segment, lengths of ended stays per year of
ending and segment (numpy's linear percentiles, which jeugdhulp.kpi must equal exactly), distinct
providers and youths per segment, and the residential youths per gemeente and year behind the target
status, whose Theil-Sen trend and status rule are re-implemented here rather than taken from jeugdhulp.kpi.

Disclosure control is re-implemented here as well (the rule of sql/views/pub_klein.sql, not its SQL): every
cell (gemeente, segment, year[, provider]) holding 1-4 people is published as HIDDEN_VALUE; distinct youths
per gemeente are counted over the visible cells (>= 5 for that measure) plus HIDDEN_VALUE per hidden cell,
except that a gemeente with no visible cell keeps its own count when that is 1-4; a KPI statistic leaves
out the days of cells (gemeente, segment, year) with 1-4 cases, which count as HIDDEN_VALUE in n, needs at
least MIN_CASES_STATISTICS cases of visible cells and is rounded to whole days; the share within a norm is
built from each visible cell's published counts within and beyond the norm; a hidden cell that has providers
is one row without a provider (HIDDEN_VALUE youths and trajectories); the provider list names providers with
at least 5 (published) youths, without counts, and puts the others in one 'overig' line. The pages' final
mask (jeugdhulp.queries.mask_small_counts) then hides any shown figure of 1-4.

It is longer than 300 lines because it re-implements every page's figures independently in pandas, in one
place, so the check reads as one specification next to the SQL."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from bench.database import RawData
from bench.pages import RADEN
from jeugdhulp import tables, themas
from jeugdhulp.fmt import SMALL_COUNT
from jeugdhulp.kpi import DOEL_KPIS, NIET_OP_KOERS, OP_KOERS, RISICO, RISK_MARGIN, TE_WEINIG
from jeugdhulp.pagedata.wachttijden import GELEVERD_KOLOMMEN
from jeugdhulp.queries import mask_small_counts
from jeugdhulp.selectie import Selectie

Results = dict[str, pd.DataFrame]   # a page's baseline frames so far, by name

# --- helpers ----------------------------------------------------------------------------------

HIDDEN_VALUE = 3     # what a cell of 1-4 people is published as
MIN_CASES_STATISTICS = 10    # cases of visible cells a wait or stay statistic needs
OVERIG = "overige aanbieders (elk minder dan 5 jeugdigen)"   # the provider list's line for the others


def _small(values: pd.Series | np.ndarray) -> pd.Series | np.ndarray:
    """A count of 1-4 people: a hidden cell."""
    return (values >= 1) & (values < SMALL_COUNT)


def _published(values: pd.Series) -> pd.Series:
    """A cell's count as published: 1-4 becomes HIDDEN_VALUE."""
    return values.where(~_small(values), HIDDEN_VALUE)


def _published_distinct(frame: pd.DataFrame, who: pd.Series, by: list[str]) -> pd.Series:
    """Distinct youths (client_key where `who`) per `by` (a subset of gemeente_code and jaar), counted over
    published cells only: a youth counts through the cells (gemeente_code, segment_code, jaar) holding at
    least 5 such youths, and every cell of 1-4 adds HIDDEN_VALUE instead of its youths. A group without any
    visible cell whose own count of distinct youths is 1-4 keeps that count. Groups without any such youth
    are left out; the result is itself published (1-4 becomes HIDDEN_VALUE)."""
    cell = ["gemeente_code", "segment_code", "jaar"]
    rows = frame.loc[who.to_numpy(dtype=bool), [*cell, "client_key"]]
    per_cell = rows.groupby(cell, observed=True)["client_key"].transform("nunique")
    hidden = _small(per_cell)
    visible = rows[~hidden.to_numpy()].groupby(by, observed=True)["client_key"].nunique()
    hidden_cells = rows[hidden.to_numpy()].drop_duplicates(cell).groupby(by, observed=True).size()
    total = visible.add(HIDDEN_VALUE * hidden_cells, fill_value=0).astype(np.int64)
    own = rows.groupby(by, observed=True)["client_key"].nunique().reindex(total.index)
    only_hidden = visible.reindex(total.index, fill_value=0) == 0
    total = total.where(~(only_hidden & _small(own)), own).astype(np.int64)
    return _published(total[total > 0])


def _sum(values: pd.Series) -> float:
    """SQL sum(): NULL over no rows."""
    return values.sum(min_count=1)


def _ratio(numerator: pd.Series | float, denominator: pd.Series | float) -> pd.Series | float:
    """numerator / nullif(denominator, 0)."""
    if isinstance(denominator, pd.Series):
        return numerator / denominator.replace(0, np.nan)
    return numerator / denominator if denominator and not pd.isna(denominator) else np.nan


def _region_gemeenten(raw: RawData, regio: str) -> list[str]:
    return raw.gemeente.loc[raw.gemeente["regio_code"] == regio, "gemeente_code"].tolist()


def _population(raw: RawData) -> pd.DataFrame:
    """stg_gemeente_jaar: the newest active batch per gemeente and year."""
    pop = raw.bevolking.sort_values("batch_id").drop_duplicates(["gemeente_code", "jaar"], keep="last")
    return pop[["gemeente_code", "jaar", "jeugdigen_0_17"]]


def _running(raw: RawData, gemeenten: list[str], segmenten: list[str], jaar_van: int, jaar_tot: int,
             columns: list[str]) -> pd.DataFrame:
    """One row per trajectory and calendar year it runs in (open ones: up to the last year in the data),
    limited to jaar_van..jaar_tot: the year expansion of sql/marts/*.sql."""
    t = raw.trajecten
    laatste = max(t["startdatum"].max(), t["einddatum"].max()).year   # over all trajecten, as the marts do
    keep = t["gemeente_code"].isin(gemeenten)
    if segmenten:
        keep &= t["segment_code"].isin(segmenten)
    t = t[keep]
    first = np.maximum(t["startdatum"].dt.year.to_numpy(), jaar_van)
    last = np.minimum(t["einddatum"].dt.year.fillna(laatste).to_numpy(dtype=np.int64), jaar_tot)
    years = np.clip(last - first + 1, 0, None)
    rows = np.repeat(np.arange(len(t)), years)
    position = np.arange(len(rows)) - np.repeat(np.cumsum(years) - years, years)
    out = t[columns].iloc[rows].reset_index(drop=True)
    out["jaar"] = first[rows] + position
    return out


def _residential(raw: RawData, regio: str, frame: pd.DataFrame) -> pd.Series:
    """stg_trajecten.residentieel: the segment is residential, or crisis care with a stay."""
    seg = raw.segment[raw.segment["regio_code"] == regio].set_index("segment_code")
    segment = frame["segment_code"].astype("category")
    categories = segment.cat.categories.astype(str)
    residential = seg["residentieel"].reindex(categories, fill_value=False).to_numpy(dtype=bool)
    crisis = seg["vorm"].reindex(categories).eq("crisis").to_numpy(dtype=bool)
    codes = segment.cat.codes.to_numpy()
    stay = frame["verblijf"].fillna(False).to_numpy(dtype=bool)
    return pd.Series(residential[codes] | (crisis[codes] & stay), index=frame.index)


def _distinct(frame: pd.DataFrame, by: list[str]) -> pd.Series:
    return frame.groupby(by, observed=True)["client_key"].nunique()


# --- spend ------------------------------------------------------------------------------------


def _spend(raw: RawData, regio: str, segmenten: list[str]) -> pd.DataFrame:
    u = raw.uitgaven[raw.uitgaven["regio_code"] == regio]
    if segmenten:
        u = u[u["segment_code"].isin(segmenten)]
    return u


def uitgaven_trend(raw: RawData, sel: Selectie) -> pd.DataFrame:
    u = _spend(raw, sel.regio, list(sel.segmenten))
    u = u[u["jaar"].between(sel.jaar_van, sel.jaar_tot)]
    chosen = list(sel.gemeenten) or _region_gemeenten(raw, sel.regio)
    u = u.assign(selectie=u["bedrag_eur"].where(u["gemeente_code"].isin(chosen)))
    spend = u.groupby(["jaar", "soort"]).agg(selectie_eur=("selectie", _sum), regio_eur=("bedrag_eur", _sum))
    pop = _population(raw)
    pop = pop[pop["gemeente_code"].isin(_region_gemeenten(raw, sel.regio))]
    pop = pop.assign(selectie=pop["jeugdigen_0_17"].where(pop["gemeente_code"].isin(chosen)))
    youths = pop.groupby("jaar").agg(selectie_jeugdigen_0_17=("selectie", _sum),
                                     regio_jeugdigen_0_17=("jeugdigen_0_17", _sum))
    out = spend.reset_index().merge(youths.reset_index(), on="jaar", how="left")
    out["selectie_eur_per_jeugdige"] = _ratio(out["selectie_eur"], out["selectie_jeugdigen_0_17"])
    out["regio_eur_per_jeugdige"] = _ratio(out["regio_eur"], out["regio_jeugdigen_0_17"])
    return out


def uitgaven_per_gemeente(raw: RawData, sel: Selectie) -> pd.DataFrame:
    u = _spend(raw, sel.regio, list(sel.segmenten))
    u = u[(u["jaar"] == sel.jaar_tot) & u["gemeente_code"].isin(_region_gemeenten(raw, sel.regio))]
    u = u.assign(realisatie=u["bedrag_eur"].where(u["soort"] == "realisatie"),
                 begroting=u["bedrag_eur"].where(u["soort"] == "begroting"))
    out = u.groupby("gemeente_code").agg(realisatie_eur=("realisatie", _sum), begroting_eur=("begroting", _sum))
    pop = _population(raw)
    pop = pop[pop["jaar"] == sel.jaar_tot].set_index("gemeente_code")["jeugdigen_0_17"]
    out["jeugdigen_0_17"] = out.index.map(pop)
    out["eur_per_jeugdige"] = _ratio(out["realisatie_eur"], out["jeugdigen_0_17"])
    return out.reset_index()


def uitgaven_per_segment(raw: RawData, sel: Selectie) -> pd.DataFrame:
    u = _spend(raw, sel.regio, list(sel.segmenten))
    u = u[u["jaar"].between(sel.jaar_van, sel.jaar_tot)]
    if sel.gemeenten:
        u = u[u["gemeente_code"].isin(sel.gemeenten)]
    u = u.assign(realisatie=u["bedrag_eur"].where(u["soort"] == "realisatie"),
                 begroting=u["bedrag_eur"].where(u["soort"] == "begroting"))
    out = u.groupby(["jaar", "segment_code"]).agg(realisatie_eur=("realisatie", _sum),
                                                  begroting_eur=("begroting", _sum)).reset_index()
    totals = out.groupby("jaar")["realisatie_eur"].transform("sum")
    out["aandeel"] = out["realisatie_eur"] / totals.replace(0, np.nan)
    return out


def bron_begroting_jaarrekening(raw: RawData, regio: str = "GRJR") -> pd.DataFrame:
    b = raw.bron_cijfer
    b = b[(b["regio_code"] == regio) & (b["maat"] == "uitgaven_jeugdhulp") & b["soort"].isin(["begroting", "realisatie"])
          & ~b["onzeker"] & b["jaar"].notna()]
    return b.rename(columns={"waarde": "bedrag_eur"})[["jaar", "soort", "regel", "bedrag_eur"]]


def grjr_tab(raw: RawData, sel: Selectie) -> pd.DataFrame:
    """GRJR's begroting and jaarrekening from its strategy: on the Uitgaven page of a GRJR selection only."""
    frame = bron_begroting_jaarrekening(raw)
    return frame if sel.regio == "GRJR" else frame.iloc[0:0]


# --- youths -----------------------------------------------------------------------------------


def kerncijfers(raw: RawData, sel: Selectie) -> pd.DataFrame:
    jaar = sel.jaar_tot
    region = _region_gemeenten(raw, sel.regio)
    scopes = {"selectie": [g for g in region if not sel.gemeenten or g in sel.gemeenten], "regio": region}
    u = raw.uitgaven[raw.uitgaven["gemeente_code"].isin(region) & raw.uitgaven["jaar"].isin([jaar, jaar - 1])]
    if sel.segmenten:
        u = u[u["segment_code"].isin(sel.segmenten)]
    running = _running(raw, region, [], jaar, jaar, ["client_key", "gemeente_code", "segment_code", "verblijf"])
    running["residentieel"] = _residential(raw, sel.regio, running)
    # Distinct youths per gemeente over published cells (the mart's rule); the page sums those over the
    # gemeenten in scope.
    everyone = pd.Series(True, index=running.index)
    in_care = _published_distinct(running, everyone, ["gemeente_code"])
    residential = _published_distinct(running, running["residentieel"], ["gemeente_code"]).reindex(
        in_care.index, fill_value=0)
    pop = _population(raw)
    pop = pop[pop["jaar"] == jaar].set_index("gemeente_code")["jeugdigen_0_17"]
    rows = []
    for scope, gemeenten in scopes.items():
        s = u[u["gemeente_code"].isin(gemeenten)]
        realisatie = _sum(s.loc[(s["soort"] == "realisatie") & (s["jaar"] == jaar), "bedrag_eur"])
        youths = in_care.reindex(gemeenten).dropna()
        row = {
            "scope": scope,
            "realisatie_eur": realisatie,
            "realisatie_vorig_jaar_eur": _sum(s.loc[(s["soort"] == "realisatie") & (s["jaar"] == jaar - 1),
                                                    "bedrag_eur"]),
            "begroting_eur": _sum(s.loc[(s["soort"] == "begroting") & (s["jaar"] == jaar), "bedrag_eur"]),
            "jeugdigen_in_zorg": _sum(youths),
            "jeugdigen_residentieel": _sum(residential.reindex(youths.index)),
            "jeugdigen_0_17": _sum(pop.reindex(gemeenten).dropna()),
        }
        row["eur_per_jeugdige"] = _ratio(row["realisatie_eur"], row["jeugdigen_0_17"])
        row["aandeel_residentieel"] = _ratio(row["jeugdigen_residentieel"], row["jeugdigen_in_zorg"])
        rows.append(row)
    frame = pd.DataFrame(rows)
    return mask_small_counts(frame, ["jeugdigen_in_zorg", "jeugdigen_residentieel"], derived=["aandeel_residentieel"])


def volumes_per_segment(raw: RawData, sel: Selectie) -> pd.DataFrame:
    region = _region_gemeenten(raw, sel.regio)
    chosen = [g for g in region if not sel.gemeenten or g in sel.gemeenten]
    running = _running(raw, chosen, list(sel.segmenten), sel.jaar_van, sel.jaar_tot,
                       ["client_key", "gemeente_code", "segment_code"])
    # Distinct youths and trajectories per gemeente, segment and year (the mart's grain), each published
    # (1-4 counts as HIDDEN_VALUE), then summed over the gemeenten.
    per_gemeente = running.groupby(["gemeente_code", "segment_code", "jaar"], observed=True).agg(
        jeugdigen=("client_key", "nunique"), trajecten=("client_key", "size")).apply(_published)
    out = per_gemeente.groupby(["jaar", "segment_code"], observed=True).sum().reset_index()
    out["segment_code"] = out["segment_code"].astype(str)
    return mask_small_counts(out, ["jeugdigen", "trajecten"])


def volumes_per_gemeente(raw: RawData, sel: Selectie) -> pd.DataFrame:
    region = _region_gemeenten(raw, sel.regio)
    running = _running(raw, region, list(sel.segmenten), sel.jaar_tot, sel.jaar_tot,
                       ["client_key", "gemeente_code", "segment_code"])
    if sel.segmenten:   # published cells summed over the selected segments, as the query does
        counts = _published(_distinct(running, ["gemeente_code", "segment_code"])).groupby(level=0, observed=True).sum()
    else:               # distinct over all segments, over published cells
        counts = _published_distinct(running, pd.Series(True, index=running.index), ["gemeente_code"])
    out = counts.rename("jeugdigen").reset_index()
    out["gemeente_code"] = out["gemeente_code"].astype(str)
    pop = _population(raw)
    pop = pop[pop["jaar"] == sel.jaar_tot].set_index("gemeente_code")["jeugdigen_0_17"]
    out["jeugdigen_0_17"] = out["gemeente_code"].map(pop)
    out["per_1000_jeugdigen"] = 1000.0 * out["jeugdigen"] / out["jeugdigen_0_17"].replace(0, np.nan)
    return mask_small_counts(out, ["jeugdigen"], derived=["per_1000_jeugdigen"])


# --- waits and stays (Wachttijden) -----------------------------------------------------------

QUANTILES = {"p10": 0.10, "p25": 0.25, "mediaan": 0.50, "p75": 0.75, "p90": 0.90}
STATS = ("aantal", "gemiddeld", "mediaan", "p10", "p25", "p75", "p90")


def _chosen(raw: RawData, regio: str, gemeenten: list[str]) -> list[str]:
    """The selected gemeenten of the region (all of it when none are selected), as the queries join them."""
    return [g for g in _region_gemeenten(raw, regio) if not gemeenten or g in gemeenten]


def _segment_info(raw: RawData, regio: str) -> pd.DataFrame:
    return raw.segment[raw.segment["regio_code"] == regio].set_index("segment_code")[["naam", "volgorde", "vorm"]]


def _day_numbers(values: pd.Series) -> np.ndarray:
    """Dates as whole days since 1970 (float, NaN for a missing date)."""
    days = values.to_numpy(dtype="datetime64[ms]").astype("datetime64[D]")
    return np.where(np.isnat(days), np.nan, days.astype(np.int64).astype(float))


def _trajecten_of(raw: RawData, regio: str, gemeenten: list[str], segmenten: list[str]) -> pd.DataFrame:
    t = raw.trajecten
    keep = t["gemeente_code"].isin(_chosen(raw, regio, gemeenten))
    if segmenten:
        keep &= t["segment_code"].isin(segmenten)
    return t[keep]


_CELL = ["gemeente_code", "segment_code", "jaar"]


def _visible(frame: pd.DataFrame) -> pd.Series:
    """Per case: whether its cell (gemeente, segment, year) holds at least 5 cases (or none is small)."""
    per_cell = frame.groupby(_CELL, observed=True)["jaar"].transform("size")
    return ~_small(per_cell)


def _stats(frame: pd.DataFrame, by: list[str], value: str, norms: bool = False) -> pd.DataFrame:
    """Per group: n, and from at least MIN_CASES_STATISTICS cases of visible cells the mean and the linear
    percentiles of `value`, each rounded to whole days (numpy's round half to even). n sums the published
    counts of the cells (gemeente, segment, year): a cell of 1-4 counts as HIDDEN_VALUE and adds nothing to
    a statistic. With `norms` (column 'norm': the segment's norm in days), also norm_dagen and binnen_norm
    where there are statistics: norm_dagen where every cell of the group with a norm (hidden ones too) has
    the same norm, binnen_norm = the published counts within the norm of the visible cells with a norm over
    their published counts within and beyond it (a count of 1-4 as HIDDEN_VALUE)."""
    visible = _visible(frame)
    shown = frame[visible]
    groups = shown.groupby(by, observed=True, sort=True)[value]
    cell_keys = list(dict.fromkeys([*by, *_CELL]))
    flags = {"n": 1}
    if norms:
        flags.update(binnen=frame[value] <= frame["norm"], buiten=frame[value] > frame["norm"])
    cells = frame.assign(**flags).groupby(cell_keys, observed=True).agg(
        n=("n", "sum"), **({"binnen": ("binnen", "sum"), "buiten": ("buiten", "sum"), "norm": ("norm", "first")}
                           if norms else {}))
    hidden = _small(cells["n"])
    cells["n"] = _published(cells["n"])
    aantal = cells.groupby(by, observed=True)["n"].sum().sort_index()
    enough = groups.size().reindex(aantal.index, fill_value=0) >= MIN_CASES_STATISTICS
    out = pd.DataFrame({"aantal": aantal.astype(np.int64), "gemiddeld": groups.mean()})
    quantiles = groups.quantile(list(QUANTILES.values())).unstack() if len(shown) else pd.DataFrame()
    for name, q in QUANTILES.items():
        out[name] = quantiles.get(q, np.nan)
    statistics = [c for c in STATS if c != "aantal"]
    enough = enough.reindex(out.index, fill_value=False)
    out.loc[~enough, statistics] = np.nan
    out[statistics] = np.round(out[statistics].astype(float))
    out["aantal_klein"] = (out["aantal"] > 0) & _small(out["aantal"])
    if norms:
        for column in ("binnen", "buiten"):     # a hidden cell adds nothing within or beyond the norm
            cells[column] = _published(cells[column]).where(~hidden, 0)
        counted = cells[cells["norm"].notna()]
        per_group = counted.groupby(by, observed=True).agg(binnen=("binnen", "sum"), buiten=("buiten", "sum"),
                                                           laagste=("norm", "min"), hoogste=("norm", "max"))
        per_group["norm_dagen"] = per_group["laagste"].where(per_group["laagste"] == per_group["hoogste"])
        per_group["binnen_norm"] = _ratio(per_group["binnen"], per_group["binnen"] + per_group["buiten"])
        out = out.join(per_group[["norm_dagen", "binnen_norm"]])
        out.loc[~enough, ["norm_dagen", "binnen_norm"]] = np.nan
    return out.reset_index()


def _with_segment(frame: pd.DataFrame, raw: RawData, regio: str) -> pd.DataFrame:
    info = _segment_info(raw, regio)
    codes = frame["segment_code"].astype(str)
    return frame.assign(segment=codes.map(info["naam"]), volgorde=codes.map(info["volgorde"]))


def _norms(raw: RawData, regio: str) -> dict[str | None, float]:
    """Wait norms (days) per segment from the active region-wide 'wachttijd' targets (stg_doel: newest batch
    per key), None for a norm without segment."""
    d = _active_doelen(raw)
    d = d[(d["kpi"] == "wachttijd") & (d["regio_code"] == regio) & d["gemeente_code"].isna() & d["doelwaarde"].notna()]
    return {(None if pd.isna(code) else code): float(value)
            for code, value in d.groupby(d["segment_code"], dropna=False)["doelwaarde"].min().items()}


def wachttijd(raw: RawData, regio: str, gemeenten: list[str], segmenten: list[str], jaar_van: int, jaar_tot: int,
              per: str = "jaar") -> pd.DataFrame:
    t = _trajecten_of(raw, regio, gemeenten, segmenten)
    t = t[t["aanmelddatum"].notna()]
    start = _day_numbers(t["startdatum"])
    frame = pd.DataFrame({"jaar": t["startdatum"].dt.year.to_numpy(), "gemeente_code": t["gemeente_code"].astype(str).to_numpy(),
                          "segment_code": t["segment_code"].astype(str).to_numpy(),
                          "wacht_dagen": np.maximum(start - _day_numbers(t["aanmelddatum"]), 0)})
    frame = frame[(frame["jaar"] >= jaar_van) & (frame["jaar"] <= jaar_tot)]
    norms = _norms(raw, regio)
    frame["norm"] = frame["segment_code"].map(lambda code: norms.get(code, norms.get(None, np.nan))).astype(float)
    if per == "jaar":
        return _stats(frame, ["jaar"], "wacht_dagen", norms=True)
    return _stats(_with_segment(frame, raw, regio), ["volgorde", "segment"], "wacht_dagen", norms=True)


def verblijfsduur(raw: RawData, regio: str, gemeenten: list[str], segmenten: list[str], jaar_van: int, jaar_tot: int,
                  per: str = "jaar") -> pd.DataFrame:
    t = _trajecten_of(raw, regio, gemeenten, segmenten)
    t = t[t["einddatum"].notna() & t["verblijf"].fillna(False).astype(bool)]
    frame = pd.DataFrame({"jaar": t["einddatum"].dt.year.to_numpy(), "gemeente_code": t["gemeente_code"].to_numpy(),
                          "segment_code": t["segment_code"].to_numpy(),
                          "duur_dagen": _day_numbers(t["einddatum"]) - _day_numbers(t["startdatum"])})
    frame = frame[(frame["jaar"] >= jaar_van) & (frame["jaar"] <= jaar_tot) & (frame["duur_dagen"] >= 0)]
    if per == "jaar":
        return _stats(frame, ["jaar"], "duur_dagen")
    return _stats(_with_segment(frame, raw, regio), ["volgorde", "segment"], "duur_dagen")


def per_inkoopmodel(raw: RawData, measure: str, regio: str, segmenten: list[str], jaar_van: int,
                    jaar_tot: int) -> pd.DataFrame:
    g = raw.gemeente[raw.gemeente["regio_code"] == regio]
    models = g.assign(model=g["inkoopmodel"].fillna("regionaal")).groupby("model")["gemeente_code"].agg(sorted)
    if len(models) < 2:
        return pd.DataFrame()
    function = {"verblijfsduur": verblijfsduur, "wachttijd": wachttijd}[measure]
    return pd.concat([function(raw, regio, codes, segmenten, jaar_van, jaar_tot).assign(inkoopmodel=model)
                      for model, codes in models.items()], ignore_index=True)


def _provider_counts(raw: RawData, regio: str, gemeenten: list[str], segmenten: list[str], jaar: int) -> pd.DataFrame:
    """Per segment and provider: youths and trajectories running in the year, per gemeente as published
    (distinct youths per gemeente, each count of 1-4 as HIDDEN_VALUE), summed over the gemeenten. A cell
    (gemeente, segment, year) of 1-4 youths (over all its trajectories, with a provider or not) shows no
    providers: when it has a trajectory with a provider it is one row without a provider (aanbieder
    missing) of HIDDEN_VALUE youths and trajectories; without any, no row."""
    running = _running(raw, _chosen(raw, regio, gemeenten), segmenten, jaar, jaar,
                       ["client_key", "gemeente_code", "segment_code", "aanbieder"])
    cells = running.groupby(["gemeente_code", "segment_code"], observed=True).agg(
        jeugdigen=("client_key", "nunique"), trajecten=("client_key", "size"),
        met_aanbieder=("aanbieder", "count"))
    hidden = cells[_small(cells["jeugdigen"]) & (cells["met_aanbieder"] > 0)]
    visible_rows = running.set_index(["gemeente_code", "segment_code"]).index.isin(
        cells.index[~_small(cells["jeugdigen"])])
    shown = running[visible_rows & running["aanbieder"].notna().to_numpy()]
    per_gemeente = shown.groupby(["gemeente_code", "segment_code", "aanbieder"], observed=True).agg(
        jeugdigen=("client_key", "nunique"), trajecten=("client_key", "size")).apply(_published).reset_index()
    per_gemeente["aanbieder"] = per_gemeente["aanbieder"].astype(str)
    hidden_rows = pd.DataFrame({"gemeente_code": hidden.index.get_level_values(0),
                                "segment_code": hidden.index.get_level_values(1),
                                "aanbieder": None, "jeugdigen": HIDDEN_VALUE, "trajecten": HIDDEN_VALUE})
    both = pd.concat([per_gemeente, hidden_rows], ignore_index=True)
    both["segment_code"] = both["segment_code"].astype(str)
    out = both.groupby(["segment_code", "aanbieder"], dropna=False, as_index=False)[["jeugdigen", "trajecten"]].sum()
    return _with_segment(out, raw, regio)


def aanbieders_per_segment(raw: RawData, sel: Selectie) -> pd.DataFrame:
    counts = _provider_counts(raw, sel.regio, list(sel.gemeenten), list(sel.segmenten), sel.jaar_tot)
    out = counts.groupby(["volgorde", "segment_code", "segment"], as_index=False).agg(
        aanbieders=("aanbieder", "count"), jeugdigen=("jeugdigen", "sum"))   # count: providers, not the hidden row
    return out.sort_values("volgorde", ignore_index=True)


def aanbieders(raw: RawData, sel: Selectie) -> pd.DataFrame:
    """The providers of every segment of the selection (the page's drill-down shows one segment of them):
    providers with at least 5 (published) youths by name, largest first (ties by name), then one line OVERIG
    per segment with the number of the other providers (a hidden cell's row adds none); their place (rang) in
    the segment, no counts."""
    counts = _provider_counts(raw, sel.regio, list(sel.gemeenten), list(sel.segmenten), sel.jaar_tot)
    named = counts["aanbieder"].notna() & (counts["jeugdigen"] >= SMALL_COUNT)
    rows = []
    for segment_code, part in counts.groupby("segment_code", sort=True):
        ranked = part[named[part.index]].sort_values(["jeugdigen", "aanbieder"], ascending=[False, True])
        rows += [{"segment_code": segment_code, "aanbieder": name, "aanbieders_in_groep": 1, "overig": False}
                 for name in ranked["aanbieder"]]
        others = part[~named[part.index]]
        if len(others):
            rows.append({"segment_code": segment_code, "aanbieder": OVERIG, "overig": True,
                         "aanbieders_in_groep": max(1, others["aanbieder"].dropna().nunique())})
    out = pd.DataFrame(rows, columns=["segment_code", "aanbieder", "aanbieders_in_groep", "overig"])
    out["rang"] = out.groupby("segment_code").cumcount() + 1
    return out


def kpi_waarden(raw: RawData, sel: Selectie) -> pd.DataFrame:
    k = raw.kpi_waarde[raw.kpi_waarde["regio_code"] == sel.regio]
    if sel.gemeenten:
        k = k[k["gemeente_code"].isna() | k["gemeente_code"].isin(sel.gemeenten)]
    k = k[(k["jaar"] >= sel.jaar_van) & (k["jaar"] <= sel.jaar_tot)]   # the page shows the chosen years only
    # The gemeente by name, the segment as "code – name" (the page's table).
    names = raw.gemeente.set_index("gemeente_code")["naam"]
    segments = raw.segment[raw.segment["regio_code"] == sel.regio].set_index("segment_code")["naam"]
    k = k.assign(gemeente=k["gemeente_code"].map(names).fillna(k["gemeente_code"]),
                 segment=k["segment_code"].map(lambda c: None if pd.isna(c) else
                                               f"{c} – {segments[c]}" if c in segments.index else c))
    return k.sort_values(["kpi", "jaar"])


def geleverd(raw: RawData, sel: Selectie) -> pd.DataFrame:
    """kpi_waarden as the Wachttijden page's data holds it: Dutch column names, numbers (the screen writes them as
    Dutch text; the same tables function as the page; nothing masked here, so a count of people of 1-4 would differ)."""
    return tables.export_frame(kpi_waarden(raw, sel), GELEVERD_KOLOMMEN)


def consultatie_punten(raw: RawData, sel: Selectie, measures: tuple[str, ...]) -> pd.DataFrame:
    """The councils' panel under a page: the selected gemeenten's points whose first or second theme answers
    one of the page's measures."""
    wanted = {t for m in measures for t in themas.themes_for(m)}
    c = raw.consultatie[raw.consultatie["regio_code"] == sel.regio]
    if sel.gemeenten:
        c = c[c["gemeente_code"].isin(sel.gemeenten)]
    return c[c["thema"].isin(wanted) | c["thema2"].isin(wanted)]


def trajecten_bron(raw: RawData) -> pd.DataFrame:
    """The source line and example flag of the figures computed from trajecten: the active trajecten batches'
    sources and whether any is example data."""
    active = raw.batch[(raw.batch["status"] == "actief") & (raw.batch["kind"] == "trajecten")]
    return pd.DataFrame([{"bron": "; ".join(sorted(set(active["bron"]))) or "geen trajecten ingelezen",
                          "voorbeeld": bool(active["voorbeeld"].any())}])


# --- targets (Doelen) -------------------------------------------------------------------------


def _active_doelen(raw: RawData) -> pd.DataFrame:
    """stg_doel: the newest active batch per kpi, regio, gemeente, segment and doeljaar."""
    return raw.doel.sort_values("batch_id").drop_duplicates(
        ["kpi", "regio_code", "gemeente_code", "segment_code", "doeljaar"], keep="last")


def doel_keuze(done: Results) -> dict[str, object]:
    """The target the Doelen page preselects, from the baseline's own targets: the first of its kpis in
    DOEL_KPIS order, with the base year the select box starts at (the target's own when it lies before the
    target year, else the first offered, 2017)."""
    frame = done["doelen"]
    order = list(DOEL_KPIS)
    frame = frame[frame["kpi"].isin(order)].sort_values("kpi", key=lambda k: k.map(order.index))
    if frame.empty:
        raise RuntimeError("no target for the region: the Doelen page would show its branch without a target")
    doel = frame.iloc[0]
    jaren = list(range(2017, int(doel["doeljaar"])))
    basisjaar = int(doel["basisjaar"]) if int(doel["basisjaar"]) in jaren else jaren[0]
    return {"kpi_naam": doel["kpi"], "segment": doel["segment_code"] if isinstance(doel["segment_code"], str) else None,
            "basisjaar": basisjaar, "doeljaar": int(doel["doeljaar"]), "wijziging_pct": float(doel["wijziging_pct"])}


def doelen(raw: RawData, sel: Selectie) -> pd.DataFrame:
    d = _active_doelen(raw)
    return d[d["regio_code"] == sel.regio].sort_values(["kpi", "doeljaar"], ignore_index=True)


def _data_years(raw: RawData) -> np.ndarray:
    """The years any trajectory runs in (the marts' years), without expanding all rows: a year counts when
    more trajectories started in or before it than ended before it."""
    t = raw.trajecten
    start = t["startdatum"].dt.year.to_numpy()
    laatste = max(t["startdatum"].max(), t["einddatum"].max()).year
    end = t["einddatum"].dt.year.fillna(laatste).to_numpy(dtype=np.int64)
    first = int(start.min())
    started = np.cumsum(np.bincount(start - first, minlength=laatste - first + 1))
    ended_before = np.concatenate([[0], np.cumsum(np.bincount(end - first, minlength=laatste - first + 1))[:-1]])
    return np.arange(first, laatste + 1)[started - ended_before > 0]


def doel_reeks(raw: RawData, regio: str, kpi_naam: str, segment: str | None) -> pd.DataFrame:
    """Youths in the target's segment per gemeente of the region and year (0 where none), unmasked."""
    if segment is None:
        raise RuntimeError("the benchmark's default target is expected to name a segment")
    years = _data_years(raw)
    g = raw.gemeente[raw.gemeente["regio_code"] == regio]
    running = _running(raw, g["gemeente_code"].tolist(), [segment], int(years.min()), int(years.max()),
                       ["client_key", "gemeente_code"])
    # Distinct youths per gemeente, segment and year, as published (1-4 counts as HIDDEN_VALUE).
    counts = _published(running.groupby(["gemeente_code", "jaar"], observed=True)["client_key"].nunique())
    grid = pd.MultiIndex.from_product([g["gemeente_code"], years], names=["gemeente_code", "jaar"])
    out = counts.reindex(grid, fill_value=0).rename("waarde").reset_index()
    out["gemeente_code"] = out["gemeente_code"].astype(str)
    info = g.set_index("gemeente_code")
    out["gemeente"] = out["gemeente_code"].map(info["naam"])
    out["inkoopmodel"] = out["gemeente_code"].map(info["inkoopmodel"]).fillna("regionaal")
    return out


def _theil_sen(years: np.ndarray, values: np.ndarray) -> tuple[float, float]:
    i, j = np.triu_indices(len(years), k=1)
    distinct = years[j] != years[i]
    slopes = (values[j] - values[i])[distinct] / (years[j] - years[i])[distinct]
    slope = float(np.median(slopes)) if len(slopes) else 0.0
    return slope, float(np.median(values - slope * years))


def _voortgang(yearly: pd.Series, basisjaar: int, doeljaar: int, wijziging_pct: float, tot_jaar: int) -> dict:
    """The status rule of pages/doelen.py (STATUS_RULE) on one yearly series (index jaar, sorted)."""
    used = yearly[(yearly.index >= basisjaar) & (yearly.index <= tot_jaar)].dropna()
    none = {"basiswaarde": np.nan, "doelwaarde": np.nan, "laatste_jaar": np.nan, "laatste_waarde": np.nan,
            "prognose": np.nan, "helling": np.nan}
    if basisjaar not in used.index:
        return {"status": TE_WEINIG, **none}
    base = float(used[basisjaar])
    row = {**none, "basiswaarde": base, "doelwaarde": base * (1 + wijziging_pct / 100),
           "laatste_jaar": int(used.index[-1]), "laatste_waarde": float(used.iloc[-1])}
    if len(used) < 3 or base < SMALL_COUNT:
        return {"status": TE_WEINIG, **row}
    slope, intercept = _theil_sen(used.index.to_numpy(dtype=float), used.to_numpy(dtype=float))
    prognose = max(0.0, slope * doeljaar + intercept)
    miss = (prognose - row["doelwaarde"]) if wijziging_pct < 0 else (row["doelwaarde"] - prognose)
    status = OP_KOERS if miss <= 0 else RISICO if miss < RISK_MARGIN * base else NIET_OP_KOERS
    return {**row, "status": status, "prognose": prognose, "helling": slope}


def doel_status(raw: RawData, sel: Selectie, done: Results) -> pd.DataFrame:
    keuze = doel_keuze(done)
    series = doel_reeks(raw, sel.regio, keuze["kpi_naam"], keuze["segment"])
    chosen = series[series["gemeente_code"].isin(sel.gemeenten)] if sel.gemeenten else series
    groups = [("gemeente", naam, part) for naam, part in series.groupby("gemeente", sort=True)]
    groups.append(("selectie", "Selectie" if sel.gemeenten else "Hele regio", chosen))
    groups += [("inkoopmodel", model, part) for model, part in series.groupby("inkoopmodel", sort=True)]
    rows = []
    for niveau, naam, part in groups:
        yearly = part.groupby("jaar")["waarde"].sum().sort_index()
        rows.append({"niveau": niveau, "naam": naam,
                     **_voortgang(yearly, keuze["basisjaar"], keuze["doeljaar"], keuze["wijziging_pct"], sel.jaar_tot)})
    out = pd.DataFrame(rows)
    small = out["basiswaarde"].fillna(0) < SMALL_COUNT
    out.loc[small, ["basiswaarde", "doelwaarde", "laatste_waarde", "prognose", "helling"]] = np.nan
    out["basiswaarde_klein"] = small & out["basiswaarde"].isna()
    return out


def doel_jaarreeks(raw: RawData, sel: Selectie, done: Results, groep: str = "selectie") -> pd.DataFrame:
    keuze = doel_keuze(done)
    series = doel_reeks(raw, sel.regio, keuze["kpi_naam"], keuze["segment"])
    if groep == "selectie":
        chosen = series[series["gemeente_code"].isin(sel.gemeenten)] if sel.gemeenten else series
        out = chosen.groupby("jaar", as_index=False)["waarde"].sum().assign(
            groep="Selectie" if sel.gemeenten else "Hele regio")
    else:
        out = series.groupby(["inkoopmodel", "jaar"], as_index=False)["waarde"].sum().rename(
            columns={"inkoopmodel": "groep"})
    out = out[(out["jaar"] >= sel.jaar_van) & (out["jaar"] <= sel.jaar_tot)]   # the chart draws the chosen years only
    return mask_small_counts(out, ["waarde"])


def ambulant_per_bed(raw: RawData, sel: Selectie) -> pd.DataFrame:
    chosen = _chosen(raw, sel.regio, list(sel.gemeenten))
    running = _running(raw, chosen, [], sel.jaar_van, sel.jaar_tot, ["client_key", "gemeente_code", "segment_code",
                                                                     "verblijf"])
    vorm = running["segment_code"].astype(str).map(_segment_info(raw, sel.regio)["vorm"])
    ambulant = pd.Series(vorm.isin(["ambulant", "ggz"]).to_numpy(), index=running.index)
    met_verblijf = running["verblijf"].fillna(False).astype(bool)
    # Distinct youths per gemeente and year over published cells (the mart's grain and rule), published,
    # summed per purchasing model.
    by = ["gemeente_code", "jaar"]
    per_gemeente = pd.DataFrame({"jeugdigen_ambulant": _published_distinct(running, ambulant, by),
                                 "jeugdigen_verblijf": _published_distinct(running, met_verblijf, by)})
    per_gemeente = per_gemeente.fillna(0).astype(np.int64).reset_index()
    model = raw.gemeente.set_index("gemeente_code")["inkoopmodel"]
    per_gemeente["inkoopmodel"] = per_gemeente["gemeente_code"].astype(str).map(model).fillna("regionaal")
    out = per_gemeente.groupby(["inkoopmodel", "jaar"], as_index=False)[["jeugdigen_ambulant",
                                                                         "jeugdigen_verblijf"]].sum()
    out["ambulant_per_bed"] = out["jeugdigen_ambulant"] / out["jeugdigen_verblijf"].replace(0, np.nan)
    return mask_small_counts(out, ["jeugdigen_ambulant", "jeugdigen_verblijf"], derived=["ambulant_per_bed"])


def stuurvariabelen(raw: RawData, sel: Selectie) -> pd.DataFrame:
    """The region's steering variables as the Doelen page's table shows them (tables.bron_kpi_table: Dutch
    column names, numbers as Dutch text)."""
    return tables.bron_kpi_table(raw.bron_kpi[raw.bron_kpi["regio_code"] == sel.regio].sort_values("kpi"))


# --- pages ------------------------------------------------------------------------------------

Baseline = Callable[[RawData, Selectie, Results], pd.DataFrame]


def _on_selection(compute: Callable[[RawData, Selectie], pd.DataFrame]) -> Baseline:
    return lambda raw, sel, _: compute(raw, sel)


def _all(s: Selectie) -> tuple[str, list[str], list[str], int, int]:
    return s.regio, list(s.gemeenten), list(s.segmenten), s.jaar_van, s.jaar_tot


def _raden(page: str) -> Baseline:
    return lambda raw, sel, _: consultatie_punten(raw, sel, RADEN[page])


# Per page, the frames of bench.pages.FIELDS by the same names, in the page's order (later ones may use earlier
# results).
BASELINES: dict[str, tuple[tuple[str, Baseline], ...]] = {
    "overzicht": (("kerncijfers", _on_selection(kerncijfers)), ("uitgaven_trend", _on_selection(uitgaven_trend))),
    "uitgaven": (("uitgaven_trend", _on_selection(uitgaven_trend)),
                 ("uitgaven_per_gemeente", _on_selection(uitgaven_per_gemeente)),
                 ("uitgaven_per_segment", _on_selection(uitgaven_per_segment)),
                 ("bron_begroting_jaarrekening", lambda raw, sel, _: grjr_tab(raw, sel)),
                 ("consultatie_punten", _raden("uitgaven"))),
    "volumes": (("volumes_per_segment", _on_selection(volumes_per_segment)),
                ("volumes_per_gemeente", _on_selection(volumes_per_gemeente))),
    "wachttijden": (
        ("wachttijd", lambda raw, sel, _: wachttijd(raw, *_all(sel))),
        ("wachttijd[segment]", lambda raw, sel, _: wachttijd(raw, *_all(sel), per="segment")),
        ("verblijfsduur", lambda raw, sel, _: verblijfsduur(raw, *_all(sel))),
        ("verblijfsduur[segment]", lambda raw, sel, _: verblijfsduur(raw, *_all(sel), per="segment")),
        ("per_inkoopmodel[verblijfsduur]", lambda raw, sel, _: per_inkoopmodel(
            raw, "verblijfsduur", sel.regio, list(sel.segmenten), sel.jaar_van, sel.jaar_tot)),
        ("per_inkoopmodel[wachttijd]", lambda raw, sel, _: per_inkoopmodel(
            raw, "wachttijd", sel.regio, list(sel.segmenten), sel.jaar_van, sel.jaar_tot)),
        ("geleverd", _on_selection(geleverd)),
        ("trajecten_bron", lambda raw, sel, _: trajecten_bron(raw)),
        ("aanbieders_per_segment", _on_selection(aanbieders_per_segment)),
        ("aanbieders", _on_selection(aanbieders)),
        ("consultatie_punten", _raden("wachttijden")),
    ),
    "doelen": (
        ("doelen", _on_selection(doelen)),
        ("trajecten_bron", lambda raw, sel, _: trajecten_bron(raw)),
        ("doel_status", doel_status),
        ("doel_jaarreeks", doel_jaarreeks),
        ("doel_jaarreeks[inkoopmodel]", lambda raw, sel, done: doel_jaarreeks(raw, sel, done, groep="inkoopmodel")),
        ("ambulant_per_bed", _on_selection(ambulant_per_bed)),
        ("stuurvariabelen", _on_selection(stuurvariabelen)),
        ("consultatie_punten", _raden("doelen")),
    ),
}

_STATISTICS = ("aantal", "gemiddeld", "mediaan", "p10", "p25", "p75", "p90", "aantal_klein")

# Per compared frame (by its name in bench.pages.FIELDS): the key columns and the figures compared between DuckDB and pandas.
COMPARED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "kerncijfers": (("scope",), ("realisatie_eur", "realisatie_vorig_jaar_eur", "begroting_eur", "jeugdigen_in_zorg",
                                 "jeugdigen_residentieel", "jeugdigen_0_17", "eur_per_jeugdige",
                                 "aandeel_residentieel")),
    "uitgaven_trend": (("jaar", "soort"), ("selectie_eur", "regio_eur", "selectie_jeugdigen_0_17",
                                           "regio_jeugdigen_0_17", "selectie_eur_per_jeugdige",
                                           "regio_eur_per_jeugdige")),
    "uitgaven_per_gemeente": (("gemeente_code",), ("realisatie_eur", "begroting_eur", "jeugdigen_0_17",
                                                   "eur_per_jeugdige")),
    "uitgaven_per_segment": (("jaar", "segment_code"), ("realisatie_eur", "begroting_eur", "aandeel")),
    "bron_begroting_jaarrekening": (("jaar", "soort", "regel"), ("bedrag_eur",)),
    "volumes_per_segment": (("jaar", "segment_code"), ("jeugdigen", "trajecten", "jeugdigen_klein",
                                                       "trajecten_klein")),
    "volumes_per_gemeente": (("gemeente_code",), ("jeugdigen", "jeugdigen_0_17", "per_1000_jeugdigen",
                                                  "jeugdigen_klein")),
    # binnen_norm: in segments with a norm (GRJR: crisis, 1 day), the visible cells' published counts within
    # that norm over their published counts within and beyond it.
    "wachttijd": (("jaar",), (*_STATISTICS, "norm_dagen", "binnen_norm")),
    "wachttijd[segment]": (("segment",), (*_STATISTICS, "norm_dagen", "binnen_norm")),
    "verblijfsduur": (("jaar",), _STATISTICS),
    "verblijfsduur[segment]": (("segment",), _STATISTICS),
    "per_inkoopmodel[verblijfsduur]": (("inkoopmodel", "jaar"), _STATISTICS),
    "per_inkoopmodel[wachttijd]": (("inkoopmodel", "jaar"), (*_STATISTICS, "norm_dagen", "binnen_norm")),
    # Dutch column names; the value a number ("<5" under 5), within 1e-9.
    "geleverd": (("KPI", "Jaar", "Gemeente", "Segment", "Periode"), ("Waarde",)),
    "trajecten_bron": (("bron",), ("voorbeeld",)),
    "consultatie_punten": (("gemeente_code", "document", "punt"), ("thema", "thema2", "standpunt", "reactie_uitkomst")),
    "aanbieders_per_segment": (("segment_code",), ("aanbieders", "jeugdigen")),
    # No counts per provider (they would give back 'overig' by subtraction): the names, the place and the
    # number of providers in 'overig'.
    "aanbieders": (("segment_code", "aanbieder"), ("rang", "aanbieders_in_groep", "overig")),
    "doelen": (("kpi", "gemeente_code", "segment_code", "doeljaar"), ("basisjaar", "doelwaarde", "wijziging_pct")),
    "doel_status": (("niveau", "naam"), ("status", "basiswaarde", "doelwaarde", "laatste_jaar", "laatste_waarde",
                                         "prognose", "helling", "basiswaarde_klein")),
    "doel_jaarreeks": (("groep", "jaar"), ("waarde", "waarde_klein")),
    "doel_jaarreeks[inkoopmodel]": (("groep", "jaar"), ("waarde", "waarde_klein")),
    "ambulant_per_bed": (("inkoopmodel", "jaar"), ("jeugdigen_ambulant", "jeugdigen_verblijf", "ambulant_per_bed",
                                                   "jeugdigen_ambulant_klein", "jeugdigen_verblijf_klein")),
    # As shown: Dutch column names, numbers as Dutch text.
    "stuurvariabelen": (("Onderdeel", "KPI"), ("Richting", "Streefwaarde", "Streefjaar")),
}
# Counts, years and the statistics of waits and stays (whole days) must be equal; every other figure (sums of
# money, ratios, trends) within 1e-9 relative.
EXACT = frozenset({
    "aantal", "aanbieders", "aanbieders_in_groep", "jeugdigen", "trajecten", "jeugdigen_in_zorg",
    "jeugdigen_residentieel", "jeugdigen_0_17", "selectie_jeugdigen_0_17", "regio_jeugdigen_0_17",
    "jeugdigen_ambulant", "jeugdigen_verblijf", "waarde", "basiswaarde", "laatste_waarde", "laatste_jaar",
    "basisjaar", "doeljaar", "streefjaar", "norm_dagen", "rang",
    "gemiddeld", "mediaan", "p10", "p25", "p75", "p90",    # whole days
})


def run_page(raw: RawData, page: str, sel: Selectie) -> dict[str, pd.DataFrame]:
    results: dict[str, pd.DataFrame] = {}
    for name, compute in BASELINES.get(page, ()):   # a page without a baseline is timed only
        results[name] = compute(raw, sel, results)
    return results


def _same(a: object, b: object, exact: bool = False) -> bool:
    a_missing, b_missing = pd.isna(a), pd.isna(b)
    if a_missing or b_missing:
        return bool(a_missing and b_missing)
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    if isinstance(a, (bool, np.bool_)) or isinstance(b, (bool, np.bool_)):
        return bool(a) == bool(b)
    if exact:
        return float(a) == float(b)
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def _key_text(values: pd.Series) -> pd.Series:
    """Keys compared as text: 2019 and 2019.0 alike, a missing key as ''."""
    return values.astype(object).map(lambda v: "" if pd.isna(v) else str(v).removesuffix(".0"))


def compare(name: str, duck: pd.DataFrame, pandas_frame: pd.DataFrame) -> tuple[int, list[str]]:
    """Compare one query's figures; return how many values were compared and the differences found."""
    keys, columns = COMPARED[name]
    wanted = list(keys) + list(columns)
    frames = []
    for frame in (duck, pandas_frame):
        # An empty result may have no columns at all (per_inkoopmodel for a region with one model).
        frame = frame.reindex(columns=wanted) if frame.empty else frame[wanted].copy()
        for key in keys:
            frame[key] = _key_text(frame[key])
        frames.append(frame)
    merged = frames[0].merge(frames[1], on=list(keys), how="outer", suffixes=("_duckdb", "_pandas"), indicator=True)
    differences = []
    for row in merged[merged["_merge"] != "both"].itertuples(index=False):
        where = "only in DuckDB" if row._merge == "left_only" else "only in pandas"
        differences.append(f"{name} {dict(zip(keys, row[:len(keys)], strict=True))}: {where}")
    both = merged[merged["_merge"] == "both"]
    for column in columns:
        for key_values, a, b in zip(both[list(keys)].itertuples(index=False), both[f"{column}_duckdb"],
                                    both[f"{column}_pandas"], strict=True):
            if not _same(a, b, exact=column in EXACT):
                differences.append(f"{name} {tuple(key_values)} {column}: duckdb={a} pandas={b}")
    return len(both) * len(columns), differences
