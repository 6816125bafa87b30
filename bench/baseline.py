"""The pandas baseline: the same figures each page shows, computed per page view from the raw frames
(what an app without marts would do), and the comparison of those figures with the DuckDB results."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from bench.database import RawData
from bench.pages import Selectie
from jeugdhulp.queries import mask_small_counts

# --- helpers ----------------------------------------------------------------------------------


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
    # The mart counts distinct youths per gemeente; the page sums those over the gemeenten in scope.
    in_care = _distinct(running, ["gemeente_code"])
    residential = _distinct(running[running["residentieel"]], ["gemeente_code"]).reindex(in_care.index, fill_value=0)
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
    # Distinct youths per gemeente, segment and year (the mart's grain), then summed over the gemeenten.
    per_gemeente = running.groupby(["gemeente_code", "segment_code", "jaar"], observed=True).agg(
        jeugdigen=("client_key", "nunique"), trajecten=("client_key", "size"))
    out = per_gemeente.groupby(["jaar", "segment_code"], observed=True).sum().reset_index()
    out["segment_code"] = out["segment_code"].astype(str)
    return mask_small_counts(out, ["jeugdigen", "trajecten"])


def volumes_per_gemeente(raw: RawData, sel: Selectie) -> pd.DataFrame:
    region = _region_gemeenten(raw, sel.regio)
    running = _running(raw, region, list(sel.segmenten), sel.jaar_tot, sel.jaar_tot,
                       ["client_key", "gemeente_code", "segment_code"])
    if sel.segmenten:   # summed over the selected segments, as the query does
        counts = _distinct(running, ["gemeente_code", "segment_code"]).groupby(level=0, observed=True).sum()
    else:
        counts = _distinct(running, ["gemeente_code"])
    out = counts.rename("jeugdigen").reset_index()
    out["gemeente_code"] = out["gemeente_code"].astype(str)
    pop = _population(raw)
    pop = pop[pop["jaar"] == sel.jaar_tot].set_index("gemeente_code")["jeugdigen_0_17"]
    out["jeugdigen_0_17"] = out["gemeente_code"].map(pop)
    out["per_1000_jeugdigen"] = 1000.0 * out["jeugdigen"] / out["jeugdigen_0_17"].replace(0, np.nan)
    return mask_small_counts(out, ["jeugdigen"], derived=["per_1000_jeugdigen"])


# --- pages ------------------------------------------------------------------------------------

BASELINES: dict[str, tuple[tuple[str, Callable[[RawData, Selectie], pd.DataFrame]], ...]] = {
    "overzicht": (("kerncijfers", kerncijfers), ("uitgaven_trend", uitgaven_trend)),
    "uitgaven": (("uitgaven_trend", uitgaven_trend), ("uitgaven_per_gemeente", uitgaven_per_gemeente),
                 ("uitgaven_per_segment", uitgaven_per_segment),
                 ("bron_begroting_jaarrekening", lambda raw, sel: bron_begroting_jaarrekening(raw))),
    "volumes": (("volumes_per_segment", volumes_per_segment), ("volumes_per_gemeente", volumes_per_gemeente)),
}

# Per query: the key columns and the figures compared between DuckDB and pandas.
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
}


def run_page(raw: RawData, page: str, sel: Selectie) -> dict[str, pd.DataFrame]:
    return {name: compute(raw, sel) for name, compute in BASELINES[page]}


def _same(a: object, b: object) -> bool:
    a_missing, b_missing = pd.isna(a), pd.isna(b)
    if a_missing or b_missing:
        return bool(a_missing and b_missing)
    if isinstance(a, (bool, np.bool_)) or isinstance(b, (bool, np.bool_)):
        return bool(a) == bool(b)
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-6)


def compare(name: str, duck: pd.DataFrame, pandas_frame: pd.DataFrame) -> tuple[int, list[str]]:
    """Compare one query's figures; return how many values were compared and the differences found."""
    keys, columns = COMPARED[name]
    left = duck[list(keys) + list(columns)].copy()
    right = pandas_frame[list(keys) + list(columns)].copy()
    for frame in (left, right):
        for key in keys:
            frame[key] = frame[key].astype(str).str.removesuffix(".0")
    merged = left.merge(right, on=list(keys), how="outer", suffixes=("_duckdb", "_pandas"), indicator=True)
    differences = []
    for row in merged[merged["_merge"] != "both"].itertuples(index=False):
        where = "only in DuckDB" if row._merge == "left_only" else "only in pandas"
        differences.append(f"{name} {dict(zip(keys, row[:len(keys)], strict=True))}: {where}")
    both = merged[merged["_merge"] == "both"]
    for column in columns:
        for key_values, a, b in zip(both[list(keys)].itertuples(index=False), both[f"{column}_duckdb"],
                                    both[f"{column}_pandas"], strict=True):
            if not _same(a, b):
                differences.append(f"{name} {tuple(key_values)} {column}: duckdb={a} pandas={b}")
    return len(both) * len(columns), differences
