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

    Every group at once, without a loop over groups: the day rows are merged per (group, day) in one sort of
    integer keys, and each percentile of every group is one search in the running total of the cases (at ten
    million trajecten a region's histogram has tens of thousands of rows and a page asks for several groupings).
    The percentiles are those of numpy.percentile on the expanded data (weighted_percentile)."""
    group, first = _groups(frame, by)
    groups = len(first)
    columns: dict[str, object] = {column: frame[column].take(first).tolist() for column in by}
    all_values = frame[value].to_numpy(dtype=float)
    is_cell = np.isnan(all_values)
    columns["aantal"] = _per_group(group[is_cell], frame["cel_aantal"].to_numpy(dtype=np.int64)[is_cell], groups)
    cases, key_group, key_day = _cases_per_day(group[~is_cell], all_values[~is_cell],
                                               frame[count].to_numpy(dtype=np.int64)[~is_cell], groups)
    running = np.cumsum(cases)
    starts = np.searchsorted(key_group, np.arange(groups))
    before = np.concatenate(([0.0], running))[starts]   # the cases of the groups before each group
    total = np.bincount(key_group, weights=cases, minlength=groups)
    shown = total >= MIN_CASES_STATISTICS
    padded = np.append(key_day, np.nan)   # a group without days searches past the end: no value

    def percentile(q: float) -> np.ndarray:
        position = q / 100 * np.maximum(total - 1, 0)
        below = np.floor(position)
        low = padded[np.searchsorted(running, before + below, side="right")]
        high = padded[np.searchsorted(running, before + np.minimum(below + 1, np.maximum(total - 1, 0)), side="right")]
        return np.where(shown, np.round(low + (high - low) * (position - below)), np.nan)

    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(key_group, weights=cases * key_day, minlength=groups) / total
    columns["gemiddeld"] = np.where(shown, np.round(mean), np.nan)
    columns["mediaan"] = percentile(50)
    for q in (10, 25, 75, 90):
        columns[f"p{q}"] = percentile(q)
    if norm is not None:
        columns.update(_norm_share(frame, norm, group, is_cell, groups, shown))
    out = pd.DataFrame(columns)   # the keys, aantal, STATISTICS in order, and the norm
    out["aantal_klein"] = (out["aantal"] > 0) & (out["aantal"] < SMALL_COUNT)
    return out


def _groups(frame: pd.DataFrame, by: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each row's group number, in the order of the groups' key tuples, and a row of each group."""
    group, size = np.zeros(len(frame), dtype=np.int64), 1
    for column in by:
        codes, uniques = pd.factorize(frame[column], sort=True)
        group, size = group * max(len(uniques), 1) + codes, size * max(len(uniques), 1)
    if size > 4 * len(frame) + 1024:   # many key combinations: number the ones present by sorting
        _, first, group = np.unique(group, return_index=True, return_inverse=True)
        return group, first
    present = np.bincount(group, minlength=size) > 0
    group = (np.cumsum(present) - 1)[group]
    first = np.full(int(present.sum()), len(frame), dtype=np.int64)
    np.minimum.at(first, group, np.arange(len(frame)))
    return group, first


def _cases_per_day(group: np.ndarray, days: np.ndarray, counts: np.ndarray,
                   groups: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The cases of the day rows merged per group and day, ordered by group and then day: number of cases, group,
    day. Whole days in a range a table of every group by every day can hold are counted into that table (no sort);
    any other days are sorted."""
    if len(days) and (days == np.floor(days)).all():
        low = days.min()
        span = int(days.max() - low) + 1
        if groups * span <= 4 * len(days) + (1 << 16):
            cases = np.bincount(group * span + (days - low).astype(np.int64), weights=counts, minlength=groups * span)
            return cases, np.repeat(np.arange(groups), span), np.tile(low + np.arange(span, dtype=float), groups)
    distinct, day_code = np.unique(days, return_inverse=True)
    width = max(len(distinct), 1)
    keys, merged = np.unique(group * width + day_code, return_inverse=True)
    return np.bincount(merged, weights=counts, minlength=len(keys)), keys // width, distinct[keys % width]


def _per_group(group: np.ndarray, counts: np.ndarray, groups: int) -> np.ndarray:
    """The sum of whole counts per group number (0 .. groups - 1), as whole numbers."""
    return np.bincount(group, weights=counts, minlength=groups).round().astype(np.int64)


def _norm_share(frame: pd.DataFrame, norm: str, group: np.ndarray, is_cell: np.ndarray, groups: int,
                shown: np.ndarray) -> dict[str, np.ndarray]:
    """Per group with statistics: the norm in days (when all its cells with a norm share one, else NaN) and the
    share of the published counts within it, over the cells of segments that have a norm, each against its own."""
    limits = frame[norm].to_numpy(dtype=float)[is_cell]
    cell_group = group[is_cell]
    with_norm = ~np.isnan(limits)
    lowest, highest = np.full(groups, np.inf), np.full(groups, -np.inf)
    np.minimum.at(lowest, cell_group[with_norm], limits[with_norm])
    np.maximum.at(highest, cell_group[with_norm], limits[with_norm])
    within = _per_group(cell_group[with_norm], frame["binnen"].to_numpy(dtype=np.int64)[is_cell][with_norm], groups)
    beyond = _per_group(cell_group[with_norm], frame["buiten"].to_numpy(dtype=np.int64)[is_cell][with_norm], groups)
    has_norm = shown & np.isfinite(lowest)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = within / (within + beyond)
    return {"norm_dagen": np.where(has_norm & (lowest == highest), lowest, np.nan),
            "binnen_norm": np.where(has_norm & (within + beyond > 0), share, np.nan)}


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
