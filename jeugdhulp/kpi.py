"""KPI arithmetic on small aggregates: exact percentiles from per-day histograms, a robust trend
(Theil-Sen) and the target status rule. Pure functions, no database, no Streamlit."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from jeugdhulp.fmt import SMALL_COUNT

# Status of a target, with the rule the pages print under the chart.
OP_KOERS, RISICO, NIET_OP_KOERS, TE_WEINIG = "op koers", "risico", "niet op koers", "te weinig gegevens"
STATUS_RULE = (
    "Status: we trekken een trendlijn door de jaarcijfers vanaf het basisjaar en kijken waar die in het doeljaar "
    "uitkomt. De trend is de middelste van alle stijgingen per jaar tussen twee jaren (de mediaan), zodat één "
    "uitschieter hem niet scheef trekt. "
    "Op koers: de trend haalt het doel. Risico: de trend mist het doel met minder dan 5 procentpunt van de "
    "basiswaarde. Niet op koers: de trend mist het doel met 5 procentpunt of meer. Minder dan 3 jaren met "
    f"cijfers, of een basiswaarde onder {SMALL_COUNT}: te weinig gegevens. Een aantal van 1 tot en met "
    f"{SMALL_COUNT - 1} telt in de trend als 3, zoals in elk totaal, nooit als het echte aantal; staat de laatste waarde op "
    f"<{SMALL_COUNT}, dan wordt de trend niet getoond, omdat die het verborgen aantal zou benaderen."
)
RISK_MARGIN = 0.05
# The targets the Doelen page offers, in the order it offers them (the first one preselected), with their definition.
DOEL_KPIS = {
    "residentieel_volume": "Unieke jeugdigen in residentiële zorg per jaar: in een segment dat als residentieel "
                           "telt, of in crisiszorg met verblijf (bij een segment: in dat segment), per gemeente "
                           "geteld en opgeteld.",
    "pleegzorg_gezinshuis_volume": "Unieke jeugdigen in pleegzorg of een gezinshuis per jaar (bij een segment: in dat "
                                   "segment), per gemeente geteld en opgeteld.",
}


def weighted_percentile(values: np.ndarray, counts: np.ndarray, q: float) -> float:
    """The q-th percentile (0-100) of the data in which each value occurs `counts` times, exactly as
    numpy.percentile (linear interpolation) would give on the expanded data."""
    order = np.argsort(values, kind="stable")
    values, counts = np.asarray(values, dtype=float)[order], np.asarray(counts, dtype=np.int64)[order]
    total = int(counts.sum())
    if total == 0:
        return float("nan")
    position = q / 100 * (total - 1)
    below, fraction = int(np.floor(position)), position - np.floor(position)
    ends = np.cumsum(counts)                       # index of the last copy of each value, +1
    low = values[np.searchsorted(ends, below, side="right")]
    high = values[np.searchsorted(ends, min(below + 1, total - 1), side="right")]
    return float(low + (high - low) * fraction)


def _sorted_percentiles(values: np.ndarray, counts: np.ndarray, qs: tuple[float, ...]) -> list[float]:
    """Several percentiles of one histogram whose values are sorted already (see weighted_percentile)."""
    ends = np.cumsum(counts)
    total = int(ends[-1])
    out = []
    for q in qs:
        position = q / 100 * (total - 1)
        below, fraction = int(np.floor(position)), position - np.floor(position)
        low = values[np.searchsorted(ends, below, side="right")]
        high = values[np.searchsorted(ends, min(below + 1, total - 1), side="right")]
        out.append(float(low + (high - low) * fraction))
    return out


MIN_CASES_STATISTICS = 10    # a mean or percentile of fewer cases would show single children's waits or stays


def histogram_stats(frame: pd.DataFrame, by: list[str], value: str, count: str = "aantal",
                    norm: str | None = None) -> pd.DataFrame:
    """Per group: n, mean, median, p90 and the box (p10, p25, p75) from a histogram, and the share within the
    norm where one applies.

    The frame has day rows (value set: `count` cases with that many days) of the visible cells only, and one
    cell row per cell (value missing) with `cel_aantal`, its published count, and `binnen`/`buiten`, its
    published counts within and beyond the norm (sql/queries/*_histogram.sql, disclosure control in
    sql/views/pub_klein.sql). n is the sum of the published counts ("<5" under 5). Statistics need at least
    MIN_CASES_STATISTICS cases in visible cells and are whole days: with fewer, or finer, the percentiles would
    give back single children's values. The share within the norm is built from the published counts.

    One sort of all rows (group, then day, cell rows last) instead of a DataFrame or a sort per group: at ten
    million trajecten a region's histogram has tens of thousands of rows and a page asks for several groupings."""
    all_values = frame[value].to_numpy(dtype=float)
    all_counts = frame[count].to_numpy(dtype=np.int64)
    all_cells = frame["cel_aantal"].to_numpy(dtype=np.int64)
    all_within = frame["binnen"].to_numpy(dtype=np.int64)
    all_beyond = frame["buiten"].to_numpy(dtype=np.int64)
    all_limits = frame[norm].to_numpy(dtype=float) if norm is not None else None
    keys = [frame[column].to_numpy() for column in by]
    group = np.zeros(len(frame), dtype=np.int64)
    for column in by:   # one number per group whose order is the order of the key tuples
        codes, uniques = pd.factorize(frame[column], sort=True)
        group = group * max(len(uniques), 1) + codes
    is_cell = np.isnan(all_values)
    order = np.lexsort((np.where(is_cell, np.inf, all_values), group))
    sorted_group = group[order]
    boundaries = np.flatnonzero(sorted_group[1:] != sorted_group[:-1]) + 1
    columns: dict[str, list[object]] = {name: [] for name in [*by, "aantal", *STATISTICS]}
    if norm is not None:
        columns.update(norm_dagen=[], binnen_norm=[])
    for rows in np.split(order, boundaries) if len(order) else []:   # the rows of each group, in sorted order
        cells, days = rows[is_cell[rows]], rows[~is_cell[rows]]   # days sorted by value, cells after them
        for column, key in zip(by, keys, strict=True):
            columns[column].append(key[rows[0]].item() if hasattr(key[rows[0]], "item") else key[rows[0]])
        columns["aantal"].append(int(all_cells[cells].sum()))
        values, counts = all_values[days], all_counts[days]
        stats = dict.fromkeys(STATISTICS, float("nan"))
        norm_days = share = float("nan")
        if counts.sum() >= MIN_CASES_STATISTICS:
            p10, p25, p50, p75, p90 = _sorted_percentiles(values, counts, (10, 25, 50, 75, 90))
            stats = {"gemiddeld": float(np.average(values, weights=counts)), "mediaan": p50, "p10": p10, "p25": p25,
                     "p75": p75, "p90": p90}
            stats = {name: float(np.round(figure)) for name, figure in stats.items()}
            if all_limits is not None and not np.isnan(all_limits[cells]).all():
                # Only cells of segments that have a norm count, each against its own segment's norm.
                limits = all_limits[cells]
                with_norm = cells[~np.isnan(limits)]
                lowest = float(np.nanmin(limits))
                norm_days = lowest if (limits[~np.isnan(limits)] == lowest).all() else float("nan")
                within, beyond = all_within[with_norm].sum(), all_beyond[with_norm].sum()
                share = float(within / (within + beyond)) if within + beyond else float("nan")
        for name in STATISTICS:
            columns[name].append(stats[name])
        if norm is not None:
            columns["norm_dagen"].append(norm_days)
            columns["binnen_norm"].append(share)
    out = pd.DataFrame(columns)
    out["aantal_klein"] = (out["aantal"] > 0) & (out["aantal"] < SMALL_COUNT)
    return out


STATISTICS = ("gemiddeld", "mediaan", "p10", "p25", "p75", "p90")


def theil_sen(years: np.ndarray, values: np.ndarray) -> tuple[float, float]:
    """Slope and intercept of the Theil-Sen line: robust against one odd year."""
    x, y = np.asarray(years, dtype=float), np.asarray(values, dtype=float)
    slopes = [(y[j] - y[i]) / (x[j] - x[i]) for i in range(len(x)) for j in range(i + 1, len(x)) if x[j] != x[i]]
    slope = float(np.median(slopes)) if slopes else 0.0
    intercept = float(np.median(y - slope * x))
    return slope, intercept


@dataclass(frozen=True)
class Voortgang:
    status: str
    basiswaarde: float | None
    doelwaarde: float | None
    laatste_jaar: int | None
    laatste_waarde: float | None
    prognose: float | None          # the trend's value in the target year
    helling: float | None           # per year


def voortgang(series: pd.DataFrame, basisjaar: int, doeljaar: int, wijziging_pct: float,
              tot_jaar: int) -> Voortgang:
    """Where a yearly series (columns jaar, waarde) stands against 'change by wijziging_pct% from
    basisjaar to doeljaar', judged on the years basisjaar..tot_jaar."""
    return voortgang_arrays(series["jaar"].to_numpy(dtype=float), series["waarde"].to_numpy(dtype=float),
                            basisjaar, doeljaar, wijziging_pct, tot_jaar)


def voortgang_arrays(jaren: np.ndarray, waarden: np.ndarray, basisjaar: int, doeljaar: int, wijziging_pct: float,
                     tot_jaar: int) -> Voortgang:
    """voortgang on the series as two arrays (years in the series' order): no DataFrame per group, for the status
    of every gemeente, the selection and each model in one page view."""
    keep = (jaren >= basisjaar) & (jaren <= tot_jaar) & ~np.isnan(waarden)
    jaren, waarden = jaren[keep], waarden[keep]
    at_base = np.flatnonzero(jaren == basisjaar)
    if not len(at_base):
        return Voortgang(TE_WEINIG, None, None, None, None, None, None)
    base = float(waarden[at_base[0]])
    target = base * (1 + wijziging_pct / 100)
    last_year, last_value = int(jaren[-1]), float(waarden[-1])
    if len(jaren) < 3 or base < SMALL_COUNT:
        return Voortgang(TE_WEINIG, base, target, last_year, last_value, None, None)
    slope, intercept = theil_sen(jaren, waarden)
    projected = max(0.0, slope * doeljaar + intercept)   # a volume cannot go below zero
    decrease = wijziging_pct < 0
    miss = (projected - target) if decrease else (target - projected)
    if miss <= 0:
        status = OP_KOERS
    elif miss < RISK_MARGIN * base:
        status = RISICO
    else:
        status = NIET_OP_KOERS
    return Voortgang(status, base, target, last_year, last_value, projected, slope)
