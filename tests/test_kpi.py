"""KPI tests: the pure arithmetic in jeugdhulp.kpi against hand values (and numpy), and the KPI queries in
jeugdhulp.queries on tiny hand-made trajecten files loaded through the real importer.

Every expected number below is literal and worked out by hand in the comment next to it; nothing here
re-implements the product's logic. Percentiles are numpy's 'linear' method: position p/100 * (n - 1) in
the sorted values, interpolated between the two neighbours.

Region GRJR. Gemeenten: Rotterdam GM0599, Barendrecht GM0489 (regional model, "regionale inkoop (12
gemeenten, indeling 2021)"), Schiedam GM0606, Vlaardingen GM0622 (taakgericht model, "taakgericht (MVS,
eigen model)"). Segments: B residentieel (a stay), C pleegzorg (a stay), E ambulant, F crisis (no stay
unless the row says verblijf ja). A trajectory counts in every year from start to end; open ones run to
the last year in the data (2024 in both files); only ended stays count for verblijfsduur.

Disclosure control (sql/views/pub_klein.sql): a cell is one (gemeente, segment, year), or (gemeente, segment,
year, aanbieder) for providers. A cell holding 1-4 people is hidden and adds the fixed value 3 to every sum
instead of its own count; a per-gemeente count of distinct youths counts the youths of the visible cells plus
3 per hidden cell. For wachttijd/verblijfsduur a hidden cell adds 3 to n ("aantal") but none of its days to
a statistic; statistics need at least kpi.MIN_CASES_STATISTICS = 10 cases in visible cells and are rounded to
whole days (numpy round: half to even). The share within the wachttijd norm is built from each visible cell's
published counts within and beyond the norm (each 1-4 -> 3, 0 stays 0). A shown total of 1-4 is "<5".
The provider table names providers with at least 5 youths and groups the rest as 'overig', without counts.
"""

from __future__ import annotations

import math

import duckdb
import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from jeugdhulp import kpi, queries
from tests.conftest import load, make_csv, uploaded_source

NAN = math.nan
REGIONAAL = "regionale inkoop (12 gemeenten, indeling 2021)"
TAAKGERICHT = "taakgericht (MVS, eigen model)"
OVERIG = "overige aanbieders (elk minder dan 5 jeugdigen)"
SEG_B = "Behandeling met verblijf (pakket B)"
SEG_C = "Alternatief thuis (pakket C)"
SEG_E = "Specialistische ambulante hulp (pakket E)"
SEG_F = "Crisis (pakket F)"


def assert_rows(frame: pd.DataFrame, columns: list[str], expected: list[tuple]) -> None:
    """The frame's rows, in order, for these columns; NaN equals NaN, floats to 1e-9 relative."""
    actual = frame[columns].reset_index(drop=True)
    wanted = pd.DataFrame(expected, columns=columns)
    pdt.assert_frame_equal(actual, wanted, check_dtype=False, rtol=1e-9, atol=1e-9)


# --- kpi.weighted_percentile -------------------------------------------------------------------

def test_weighted_percentile_hand_values() -> None:
    values, counts = np.array([10, 20, 30, 40]), np.array([1, 1, 1, 1])
    # n = 4: median at position 0.5 * 3 = 1.5 -> 20 + 0.5 * (30 - 20) = 25
    assert kpi.weighted_percentile(values, counts, 50) == 25.0
    # p90 at position 0.9 * 3 = 2.7 -> 30 + 0.7 * (40 - 30) = 37
    assert kpi.weighted_percentile(values, counts, 90) == pytest.approx(37.0)
    # p0 and p100 are the extremes
    assert kpi.weighted_percentile(values, counts, 0) == 10.0
    assert kpi.weighted_percentile(values, counts, 100) == 40.0
    # Unsorted input with repeats: 5 x 2 and 1 x 7 -> 2 2 2 2 2 7; p90 at 0.9 * 5 = 4.5 -> 2 + 0.5 * 5 = 4.5
    assert kpi.weighted_percentile(np.array([7, 2]), np.array([1, 5]), 90) == pytest.approx(4.5)
    # No cases at all: no percentile
    assert math.isnan(kpi.weighted_percentile(np.array([1, 2]), np.array([0, 0]), 50))


@pytest.mark.parametrize(("values", "counts"), [
    ([10, 20, 30, 40], [1, 1, 1, 1]),
    ([3, 1, 2], [2, 0, 5]),                   # unsorted, and a value that never occurs
    ([0, 1, 2, 5, 300], [4, 1, 1, 2, 1]),     # a long tail
    ([42], [3]),                              # one value only
    ([1, 2, 3, 4, 5, 6], [0, 0, 0, 7, 0, 1]),
])
def test_weighted_percentile_equals_numpy_on_the_expanded_data(values: list[int], counts: list[int]) -> None:
    expanded = np.repeat(values, counts)
    for q in (0, 10, 25, 50, 75, 90, 100):
        assert kpi.weighted_percentile(np.array(values), np.array(counts), q) == pytest.approx(
            float(np.percentile(expanded, q)), abs=1e-12), q


def _histogram(days: list[tuple[str, int, int]], cells: list[tuple[str, int, int, int]]) -> pd.DataFrame:
    """histogram_stats' input in the shape the SQL gives it: day rows (g, dagen, aantal) of the visible cells only,
    and one cell row per cell (g, cel_aantal, binnen, buiten), already published (1-4 -> 3); norm 2 days on
    every row."""
    rows = [{"g": g, "dagen": d, "aantal": a, "cel_aantal": 0, "binnen": 0, "buiten": 0} for g, d, a in days]
    rows += [{"g": g, "dagen": NAN, "aantal": 0, "cel_aantal": c, "binnen": b, "buiten": o} for g, c, b, o in cells]
    return pd.DataFrame(rows).assign(norm=2.0)


# Group a: two visible cells of 5 cases, norm 2 days.
#   cell a1: 0 1 1 2 2   -> cel 5; within 5, beyond 0 (0 stays 0)
#   cell a2: 1 3 5 9 12  -> cel 5; within 1 -> published 3, beyond 4 -> published 3
A_DAYS = [("a", 0, 1), ("a", 1, 3), ("a", 2, 2), ("a", 3, 1), ("a", 5, 1), ("a", 9, 1), ("a", 12, 1)]
A_CELLS = [("a", 5, 5, 0), ("a", 5, 3, 3)]
# a's 10 visible cases sorted: 0 1 1 1 2 2 3 5 9 12 (sum 36)
#   mean 36 / 10 = 3.6 -> 4; p10 at 0.9 -> 0 + 0.9 * 1 = 0.9 -> 1; p25 at 2.25 -> 1 + 0.25 * 0 = 1;
#   median at 4.5 -> 2 + 0.5 * 0 = 2; p75 at 6.75 -> 3 + 0.75 * 2 = 4.5 -> 4 (half to even); p90 at 8.1 -> 9 + 0.1 * 3
#   = 9.3 -> 9; within the norm from the published counts: (5 + 3) / (5 + 0 + 3 + 3) = 8 / 11 (not the real 6 / 10)
A_ROW = (4.0, 2.0, 1.0, 1.0, 4.0, 9.0, 2.0, 8 / 11)
HIST = ["g", "aantal", "gemiddeld", "mediaan", "p10", "p25", "p75", "p90", "norm_dagen", "binnen_norm", "aantal_klein"]
NO_STATS = (NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN)


def test_histogram_stats_keeps_small_groups_without_statistics() -> None:
    frame = _histogram(
        [*A_DAYS,
         ("b", 4, 2), ("b", 6, 3),                        # b: one visible cell 4 4 6 6 6
         *[("c", d, 1) for d in range(1, 10)]],           # c: one visible cell 1 2 ... 9
        [*A_CELLS,
         ("b", 5, 0, 5),                                  # b: within 0, beyond 5
         ("c", 9, 3, 7)])                                 # c: within 2 -> 3, beyond 7
    out = kpi.histogram_stats(frame, ["g"], "dagen", norm="norm")
    assert kpi.MIN_CASES_STATISTICS == 10
    # a: 10 visible cases -> statistics, whole days (see A_ROW).
    # b: 5 cases -> n = 5, not "<5", but no statistics and no share within the norm (p25, median and p75 would be
    #    single children's values).  c: 9 cases, one short -> n = 9, no statistics.
    assert_rows(out, HIST, [
        ("a", 10, *A_ROW, False),
        ("b", 5, *NO_STATS, False),
        ("c", 9, *NO_STATS, False),
    ])


def test_histogram_stats_counts_hidden_cells_in_n_but_not_in_a_statistic() -> None:
    # A hidden cell (1-4 cases) has no day rows and one cell row: cel_aantal 3 (published), binnen = buiten = 0.
    frame = _histogram(
        [*A_DAYS, *[("d", d, 1) for d in range(1, 10)]],
        [*A_CELLS, ("a", 3, 0, 0),
         ("b", 3, 0, 0), ("b", 3, 0, 0),
         ("c", 3, 0, 0),
         ("d", 9, 3, 7), ("d", 3, 0, 0)])
    out = kpi.histogram_stats(frame, ["g"], "dagen", norm="norm")
    # a: n = 5 + 5 + 3 = 13; statistics and the share within the norm over the two visible cells only: A_ROW.
    # b: two hidden cells, n = 3 + 3 = 6 but no visible case -> no statistics, and n is not "<5".
    # c: one hidden cell, n = 3 -> "<5".
    # d: a visible cell of 9 (1 ... 9) and a hidden one: n = 9 + 3 = 12 >= 10, but only 9 visible cases -> no
    #    statistics (the hidden cell never helps reach the minimum).
    assert_rows(out, HIST, [
        ("a", 13, *A_ROW, False),
        ("b", 6, *NO_STATS, False),
        ("c", 3, *NO_STATS, True),
        ("d", 12, *NO_STATS, False),
    ])


@pytest.mark.parametrize("days", [
    [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89],             # whole days in a short range: counted into a table
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 900_000],           # a range too wide for a table: sorted
    [0.5, 1, 1.5, 2, 3, 5, 8, 13, 21, 34, 55, 89],         # not whole days: sorted
])
def test_histogram_stats_equals_numpy_per_group_on_the_expanded_data(days: list[float]) -> None:
    # Three groups over the same days with other counts; group z has 9 cases, one short of statistics. Each
    # visible group's statistics must be numpy's on its expanded cases, rounded to whole days (half to even).
    weights = {"x": [3, 1, 0, 2, 5, 1, 1, 4, 2, 1, 1, 1], "y": [1] * 12, "z": [9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}
    rows = [(g, d, a) for g in ("z", "y", "x") for d, a in zip(days, weights[g], strict=True) if a]
    frame = _histogram(rows, [(g, sum(weights[g]), 0, 0) for g in weights])
    out = kpi.histogram_stats(frame.sample(frac=1, random_state=7), ["g"], "dagen")   # row order must not matter
    assert out["g"].tolist() == ["x", "y", "z"]
    assert out["aantal"].tolist() == [22, 12, 9]
    for g in ("x", "y"):
        expanded = np.repeat(days, weights[g])
        row = out[out["g"] == g].iloc[0]
        assert row["gemiddeld"] == np.round(expanded.mean())
        for name, q in (("p10", 10), ("p25", 25), ("mediaan", 50), ("p75", 75), ("p90", 90)):
            assert row[name] == np.round(np.percentile(expanded, q)), (g, name)
    assert out[out["g"] == "z"][list(kpi.STATISTICS)].isna().all(axis=None)


# --- kpi.theil_sen ------------------------------------------------------------------------------

def test_theil_sen_ignores_one_outlier() -> None:
    years = np.array([2019, 2020, 2021, 2022, 2023])
    values = np.array([10, 12, 14, 40, 18])          # 2022 is the odd year
    # Pairwise slopes (j > i):  19-20: 2   19-21: 4/2=2   19-22: 30/3=10   19-23: 8/4=2
    #                           20-21: 2   20-22: 28/2=14  20-23: 6/3=2
    #                           21-22: 26  21-23: 4/2=2
    #                           22-23: -22
    # Sorted: -22 2 2 2 2 2 2 10 14 26 -> median of ten = (2 + 2) / 2 = 2.
    # Intercept: median of y - 2x = -4028 -4028 -4028 -4004 -4028 -> -4028 (the line is 10 in 2019).
    slope, intercept = kpi.theil_sen(years, values)
    assert slope == 2.0
    assert intercept == -4028.0
    assert slope * 2025 + intercept == 22.0
    # Least squares would be pulled up by the outlier (slope 4.4); Theil-Sen is not.
    assert np.polyfit(years, values, 1)[0] == pytest.approx(4.4)


def test_theil_sen_of_one_year_is_flat() -> None:
    assert kpi.theil_sen(np.array([2021]), np.array([7.0])) == (0.0, 7.0)


# --- kpi.voortgang: -30% from base 100 (target 70) in 2025, judged on 2021..2024 ---------------------

def _series(values: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame({"jaar": list(values), "waarde": list(values.values())})


def test_voortgang_op_koers_uses_only_basisjaar_to_tot_jaar() -> None:
    # 2020 and 2025 fall outside 2021..2024 and are ignored.  100 92 84 76: every pairwise slope is -8;
    # trend in 2025 = 76 - 8 = 68 <= 70 -> op koers.
    series = _series({2020: 500, 2021: 100, 2022: 92, 2023: 84, 2024: 76, 2025: 0})
    result = kpi.voortgang(series, 2021, 2025, -30, 2024)
    assert result == kpi.Voortgang(kpi.OP_KOERS, 100.0, 70.0, 2024, 76.0, pytest.approx(68.0), -8.0)


def test_voortgang_risico_when_missing_by_less_than_5_points() -> None:
    # 100 93 86 79: slope -7; trend in 2025 = 79 - 7 = 72; misses 70 by 2 < 5% of 100 -> risico.
    result = kpi.voortgang(_series({2021: 100, 2022: 93, 2023: 86, 2024: 79}), 2021, 2025, -30, 2024)
    assert result.status == kpi.RISICO == "risico"
    assert (result.basiswaarde, result.doelwaarde, result.laatste_jaar, result.laatste_waarde) == (100.0, 70.0, 2024, 79.0)
    assert result.prognose == pytest.approx(72.0)
    assert result.helling == -7.0


def test_voortgang_niet_op_koers() -> None:
    # 100 98 96 94: slope -2; trend in 2025 = 92; misses 70 by 22 >= 5 -> niet op koers.
    result = kpi.voortgang(_series({2021: 100, 2022: 98, 2023: 96, 2024: 94}), 2021, 2025, -30, 2024)
    assert (result.status, result.prognose, result.helling) == (kpi.NIET_OP_KOERS, pytest.approx(92.0), -2.0)


def test_voortgang_missing_by_exactly_5_points_is_niet_op_koers() -> None:
    # 100 93.75 87.5 81.25: slope -6.25; trend in 2025 = 75 (exact in binary); miss 5 is not < 5.
    result = kpi.voortgang(_series({2021: 100, 2022: 93.75, 2023: 87.5, 2024: 81.25}), 2021, 2025, -30, 2024)
    assert (result.status, result.prognose) == (kpi.NIET_OP_KOERS, 75.0)


def test_voortgang_increase_target() -> None:
    # +30% from 100: target 130.  100 105 110 115: slope 5; trend in 2025 = 120; misses 130 by 10 -> niet op koers.
    result = kpi.voortgang(_series({2021: 100, 2022: 105, 2023: 110, 2024: 115}), 2021, 2025, 30, 2024)
    assert (result.status, result.doelwaarde, result.prognose) == (kpi.NIET_OP_KOERS, 130.0, pytest.approx(120.0))
    # 100 110 120 130: trend in 2025 = 140 >= 130 -> op koers.
    result = kpi.voortgang(_series({2021: 100, 2022: 110, 2023: 120, 2024: 130}), 2021, 2025, 30, 2024)
    assert result.status == kpi.OP_KOERS


def test_voortgang_te_weinig_gegevens() -> None:
    # Two years only (tot_jaar 2022): base and target known, no trend.
    result = kpi.voortgang(_series({2021: 100, 2022: 90, 2023: 80}), 2021, 2025, -30, 2022)
    assert result == kpi.Voortgang(kpi.TE_WEINIG, 100.0, 70.0, 2022, 90.0, None, None)
    # A base under 5: 4 * 0.7 = 2.8, no trend.
    result = kpi.voortgang(_series({2021: 4, 2022: 3, 2023: 2, 2024: 1}), 2021, 2025, -30, 2024)
    assert (result.status, result.basiswaarde, result.laatste_waarde, result.prognose) == (kpi.TE_WEINIG, 4.0, 1.0, None)
    assert result.doelwaarde == pytest.approx(2.8)
    # No value in the base year: nothing at all.
    result = kpi.voortgang(_series({2022: 100, 2023: 90, 2024: 80}), 2021, 2025, -30, 2024)
    assert result == kpi.Voortgang(kpi.TE_WEINIG, None, None, None, None, None, None)
    # A missing value does not count as a year: 2021, 2023 left -> te weinig.
    result = kpi.voortgang(_series({2021: 100, 2022: NAN, 2023: 80}), 2021, 2025, -30, 2024)
    assert (result.status, result.laatste_jaar) == (kpi.TE_WEINIG, 2023)


def test_voortgang_projection_is_clipped_at_zero() -> None:
    # 100 60 20: slope -40; the line gives 20 - 2 * 40 = -60 in 2025, clipped to 0 -> op koers.
    result = kpi.voortgang(_series({2021: 100, 2022: 60, 2023: 20}), 2021, 2025, -30, 2023)
    assert (result.status, result.prognose, result.helling) == (kpi.OP_KOERS, 0.0, -40.0)


# --- trajecten file 1: waiting, length of stay, providers, ambulant per bed ------------------------
#
# Rotterdam (regional model)
#   RB1-RB5  B  start 01-03-2023, ended after 10, 20, 30, 40, 100 days        ended stays 2023
#   RB1-RB5  B  a second stay from 01-07-2023, ended after 12, 25, 35, 61, 150  ended stays 2023 (same youths)
#   RB1      E  01-02-2023 - 30-04-2023                                        ambulant 2023 (also a stay)
#   RBN      B  01-05-2023 - 01-06-2023, verblijf nee (as given)              no stay
#   RE1-RE5  E  01-04-2023 - 30-09-2023                                        ambulant 2023
#   RA6,RA7  E  started 2023 after 7 and 14 days waiting, ended 2023            ambulant 2023
#   RC1,RC2  C  start 01-02-2024, ended after 50 and 70 days                   ended stays 2024
#   RF1      F  01-06-2024 - 04-06-2024 (3 days), verblijf ja, Crisis Direct   ended stay 2024
#   RB6      B  from 01-09-2024, open, Zeeuws                                  stay 2024, not ended
#   RW1-RW6  F  started 2024 after 0 (aanmelding 2 days after start), 0, 1, 1, 2, 5 days waiting,
#               Crisis Direct; RW1 has a second F trajectory in November (no aanmelddatum)
#   RW7-RW10 F  started 10-03-2024 after 0, 1, 3, 8 days waiting, no provider named
#   RA1-RA5  E  started 2024 after 10, 20, 30, 40, 50 days waiting, open;
#               RA1-RA3 Brug, RA4 Oost, RA5 Kompas
# Schiedam (taakgericht model)
#   SC1      C  01-01-2023 - 20-07-2023 (200 days)                              ended stay 2023
#   SE1-SE6  E  01-06-2023 - 31-03-2024; SE1-SE4 Kompas, SE5, SE6 Oost          ambulant 2023 and 2024
#   SB1-SB5  B  from 01-02-2024, open, Horizon                                 stays 2024

def _rows(prefix: str, segment: str, starts: list[str], ends: list[str], **extra: object) -> list[dict]:
    return [{"client": f"{prefix}{i}", "segment": segment, "startdatum": start, "einddatum": end, **extra}
            for i, (start, end) in enumerate(zip(starts, ends, strict=True), start=1)]


KPI_TRAJECTEN = [
    {"gemeente": "Rotterdam", **row} for row in [
        *_rows("RB", "B", ["01-03-2023"] * 5, ["11-03-2023", "21-03-2023", "31-03-2023", "10-04-2023", "09-06-2023"]),
        # 01-07-2023 + 12 = 13-07, + 25 = 26-07, + 35 = 05-08 (31 days to 01-08, then 4), + 61 = 31-08 (31 + 30),
        # + 150 = 28-11 (01-11 is + 123, then 27)
        *_rows("RB", "B", ["01-07-2023"] * 5, ["13-07-2023", "26-07-2023", "05-08-2023", "31-08-2023", "28-11-2023"]),
        {"client": "RB1", "segment": "E", "startdatum": "01-02-2023", "einddatum": "30-04-2023"},
        {"client": "RBN", "segment": "B", "startdatum": "01-05-2023", "einddatum": "01-06-2023", "verblijf": "nee"},
        *_rows("RE", "E", ["01-04-2023"] * 5, ["30-09-2023"] * 5),
        {"client": "RA6", "segment": "E", "aanmelddatum": "01-05-2023", "startdatum": "08-05-2023", "einddatum": "31-08-2023"},
        {"client": "RA7", "segment": "E", "aanmelddatum": "01-05-2023", "startdatum": "15-05-2023", "einddatum": "31-08-2023"},
        *_rows("RC", "C", ["01-02-2024"] * 2, ["22-03-2024", "11-04-2024"]),
        {"client": "RF1", "segment": "F", "startdatum": "01-06-2024", "einddatum": "04-06-2024", "verblijf": "ja",
         "aanbieder": "Crisis Direct"},
        {"client": "RB6", "segment": "B", "startdatum": "01-09-2024", "einddatum": "", "aanbieder": "Zeeuws"},
        *[{"client": f"RW{i}", "segment": "F", "aanmelddatum": aanmeld, "startdatum": "10-03-2024", "einddatum": "24-03-2024",
           "aanbieder": "Crisis Direct"}
          for i, aanmeld in enumerate(["12-03-2024", "10-03-2024", "09-03-2024", "09-03-2024", "08-03-2024", "05-03-2024"],
                                      start=1)],
        {"client": "RW1", "segment": "F", "startdatum": "01-11-2024", "einddatum": "10-11-2024", "aanbieder": "Crisis Direct"},
        *[{"client": f"RW{i}", "segment": "F", "aanmelddatum": aanmeld, "startdatum": "10-03-2024", "einddatum": "24-03-2024"}
          for i, aanmeld in enumerate(["10-03-2024", "09-03-2024", "07-03-2024", "02-03-2024"], start=7)],
        *[{"client": f"RA{i}", "segment": "E", "aanmelddatum": "01-01-2024", "startdatum": start, "einddatum": "",
           "aanbieder": aanbieder}
          for i, (start, aanbieder) in enumerate(zip(["11-01-2024", "21-01-2024", "31-01-2024", "10-02-2024", "20-02-2024"],
                                                     ["Brug", "Brug", "Brug", "Oost", "Kompas"], strict=True), start=1)],
    ]
] + [
    {"gemeente": "Schiedam", **row} for row in [
        {"client": "SC1", "segment": "C", "startdatum": "01-01-2023", "einddatum": "20-07-2023"},
        *[{**row, "aanbieder": aanbieder} for row, aanbieder in zip(
            _rows("SE", "E", ["01-06-2023"] * 6, ["31-03-2024"] * 6), ["Kompas"] * 4 + ["Oost"] * 2, strict=True)],
        *_rows("SB", "B", ["01-02-2024"] * 5, [""] * 5, aanbieder="Horizon"),
    ]
]
COLUMNS = ["client", "gemeente", "segment", "aanmelddatum", "startdatum", "einddatum", "aanbieder", "verblijf"]
KPI_CSV = make_csv([COLUMNS, *[[row.get(c, "") for c in COLUMNS] for row in KPI_TRAJECTEN]])
WACHTTIJD_NORM_CSV = make_csv([
    ["kpi", "basisjaar", "doeljaar", "doelwaarde", "regio", "segment", "bron"],
    ["wachttijd", "2024", "2024", "1", "Rijnmond (GRJR)", "F", "crisis binnen 1 dag"],
])


def _load(con: duckdb.DuckDBPyConnection, name: str, data: bytes, kind: str) -> None:
    report = load(con, name, data, kind)
    assert report.ok, report.problems


@pytest.fixture
def kcon(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """conftest's `con` with trajecten file 1."""
    _load(con, "trajecten.csv", KPI_CSV, "trajecten")
    return con


STATS = ["aantal", "gemiddeld", "mediaan", "p10", "p25", "p75", "p90", "aantal_klein"]


def test_verblijfsduur_per_jaar(kcon) -> None:
    frame = queries.verblijfsduur(kcon, "GRJR", [], [], 2023, 2024)
    # 2023: cells Rotterdam B = RB1-RB5 twice (10 20 30 40 100 and 12 25 35 61 150: 10 stays, visible; RBN has
    #   verblijf nee, RB1's E is no stay) and Schiedam C = SC1 (200 days: 1, hidden -> counts 3, its 200 days left
    #   out) -> n = 10 + 3 = 13; statistics over the 10 visible stays only, sorted 10 12 20 25 30 35 40 61 100 150
    #   (sum 483): mean 48.3 -> 48; p10 at 0.9 -> 10 + 0.9 * 2 = 11.8 -> 12; p25 at 2.25 -> 20 + 0.25 * 5 = 21.25
    #   -> 21; median at 4.5 -> 30 + 0.5 * 5 = 32.5 -> 32 (half to even); p75 at 6.75 -> 40 + 0.75 * 21 = 55.75
    #   -> 56; p90 at 8.1 -> 100 + 0.1 * 50 = 105
    # 2024: cells Rotterdam C = RC1 50, RC2 70 (2, hidden -> 3) and Rotterdam F = RF1 3 (crisis with verblijf ja: 1,
    #   hidden -> 3); RB6 and SB1-SB5 are still open -> n = 3 + 3 = 6 >= 5, but no visible cell -> no statistics,
    #   and n itself is not "<5"
    assert_rows(frame, ["jaar", *STATS], [
        (2023, 13, 48.0, 32.0, 12.0, 21.0, 56.0, 105.0, False),
        (2024, 6, NAN, NAN, NAN, NAN, NAN, NAN, False),
    ])
    # Schiedam alone: cell C 2023 = SC1 only (1, hidden) -> n = 3 -> "<5"
    assert_rows(queries.verblijfsduur(kcon, "GRJR", ["GM0606"], [], 2023, 2024), ["jaar", "aantal", "mediaan", "aantal_klein"],
                [(2023, 3, NAN, True)])
    # The year range is on the year of ending
    assert queries.verblijfsduur(kcon, "GRJR", [], [], 2024, 2024)["jaar"].tolist() == [2024]


def test_verblijfsduur_per_segment(kcon) -> None:
    frame = queries.verblijfsduur(kcon, "GRJR", [], [], 2023, 2024, per="segment")
    # B: one cell, Rotterdam 2023 = the 10 stays of the test above (visible): mean 48; median 32; p90 105
    # C: cells Schiedam 2023 = SC1 (1) and Rotterdam 2024 = RC1, RC2 (2), both hidden -> n = 3 + 3 = 6, no statistics
    # F: cell Rotterdam 2024 = RF1 (1, hidden) -> n = 3 -> "<5"
    assert_rows(frame, ["volgorde", "segment", "aantal", "gemiddeld", "mediaan", "p90", "aantal_klein"], [
        (1, SEG_B, 10, 48.0, 32.0, 105.0, False),
        (2, SEG_C, 6, NAN, NAN, NAN, False),
        (5, SEG_F, 3, NAN, NAN, NAN, True),
    ])
    # Segment filter: C as above, 3 + 3
    assert_rows(queries.verblijfsduur(kcon, "GRJR", [], ["C"], 2023, 2024, per="segment"), ["segment", "aantal"],
                [(SEG_C, 6)])


WAIT = ["jaar", "aantal", "gemiddeld", "mediaan", "p10", "p25", "p75", "p90", "norm_dagen", "binnen_norm",
        "aantal_klein"]


def test_wachttijd_without_a_norm(kcon) -> None:
    frame = queries.wachttijd(kcon, "GRJR", [], [], 2023, 2024)
    # 2023: one cell, Rotterdam E = RA6 7, RA7 14 (2, hidden) -> n = 3 -> "<5".
    # 2024: cells Rotterdam F = RW1-RW6 0 0 1 1 2 5 and RW7-RW10 0 1 3 8 (10; RW1's second trajectory has no
    #   aanmelddatum; RW1 was registered after the start, which counts as 0) and Rotterdam E = 10 20 30 40 50 (5),
    #   both visible, n = 15: sorted 0 0 0 1 1 1 2 3 5 8 10 20 30 40 50 (sum 21 + 150 = 171); mean 171 / 15 = 11.4
    #   -> 11; p10 at 1.4 -> 0; p25 at 3.5 -> 1 + 0.5 * 0 = 1; median at 7 -> 3; p75 at 10.5 -> 10 + 0.5 * 10 = 15;
    #   p90 at 12.6 -> 30 + 0.6 * 10 = 36
    assert_rows(frame, WAIT, [
        (2023, 3, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, True),
        (2024, 15, 11.0, 3.0, 0.0, 1.0, 15.0, 36.0, NAN, NAN, False),
    ])


# F in 2024 with the norm of 1 day: one cell, Rotterdam, RW1-RW10 (10, visible), sorted 0 0 0 1 1 1 2 3 5 8 (sum 21):
#   mean 2.1 -> 2; p10 at 0.9 -> 0; p25 at 2.25 -> 0 + 0.25 * 1 = 0.25 -> 0; median at 4.5 -> 1; p75 at 6.75 ->
#   2 + 0.75 * 1 = 2.75 -> 3; p90 at 8.1 -> 5 + 0.1 * 3 = 5.3 -> 5;
#   within 1 day: RW1 RW2 RW3 RW4 RW7 RW8 = 6; beyond: RW5 RW6 RW9 RW10 = 4 -> published 3 -> 6 / (6 + 3) = 2 / 3
F_2024 = (10, 2.0, 1.0, 0.0, 0.0, 3.0, 5.0, 1.0, 2 / 3, False)


def test_wachttijd_per_segment_with_the_norm_from_a_doelen_upload(kcon) -> None:
    _load(kcon, "doelen.csv", WACHTTIJD_NORM_CSV, "doelen")
    frame = queries.wachttijd(kcon, "GRJR", [], [], 2023, 2024, per="segment")
    # E: cells Rotterdam 2023 = 7 14 (2, hidden -> 3, its days left out) and Rotterdam 2024 = 10 20 30 40 50
    #    (5, visible) -> n = 3 + 5 = 8, but 5 visible cases < 10 -> no statistics; no norm for E.
    # F: F_2024.
    assert_rows(frame, ["segment", *WAIT[1:]], [
        (SEG_E, 8, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, False),
        (SEG_F, *F_2024),
    ])
    # Only segment F selected, per year: 2024 is all crisis -> F_2024.
    assert_rows(queries.wachttijd(kcon, "GRJR", [], ["F"], 2023, 2024), WAIT, [(2024, *F_2024)])


def test_wachttijd_per_jaar_measures_only_segments_with_a_norm(kcon) -> None:
    _load(kcon, "doelen.csv", WACHTTIJD_NORM_CSV, "doelen")
    frame = queries.wachttijd(kcon, "GRJR", [], [], 2023, 2024)
    # 2024 has 15 visible cases (statistics shown). The share within the norm can only be about the segments that
    # have one: F, 6 / (6 + 3) = 2 / 3 as in F_2024 (E's 5 waits of 10-50 days would make it 6 / (6 + 3 + 5)).
    assert frame.loc[frame["jaar"] == 2024, "binnen_norm"].tolist() == [pytest.approx(2 / 3)]


def test_per_inkoopmodel_verblijfsduur(kcon) -> None:
    frame = queries.per_inkoopmodel(kcon, "verblijfsduur", "GRJR", [], 2023, 2024)
    # regional (Rotterdam): 2023 cell B = RB1-RB5 twice (10, visible; as in test_verblijfsduur_per_jaar: mean 48,
    #   median 32, p90 105); 2024 cells C = RC1, RC2 (2) and F = RF1 (1), both hidden -> n = 3 + 3 = 6, no visible
    #   cell -> no statistics
    # taakgericht (Schiedam): 2023 cell C = SC1 only (1, hidden) -> n = 3 -> "<5"
    assert_rows(frame, ["inkoopmodel", "jaar", "aantal", "gemiddeld", "mediaan", "p90", "aantal_klein"], [
        (REGIONAAL, 2023, 10, 48.0, 32.0, 105.0, False),
        (REGIONAAL, 2024, 6, NAN, NAN, NAN, False),
        (TAAKGERICHT, 2023, 3, NAN, NAN, NAN, True),
    ])


def test_ambulant_per_bed_per_inkoopmodel(kcon) -> None:
    frame = queries.ambulant_per_bed(kcon, "GRJR", [], 2023, 2024)
    # Per cell (gemeente, segment, year); a cell of 1-4 youths for a measure adds 3 to it.
    # regional 2023: ambulant cell E = RB1, RE1-RE5, RA6, RA7 = 8; stays cell B = RB1-RB5 = 5 (RBN: verblijf nee)
    #   -> 8 / 5 = 1.6
    # regional 2024: ambulant cell E = RA1-RA5 = 5; stays only in three hidden cells of Rotterdam: C = RC1, RC2 (2),
    #   F = RF1 (1), B = RB6 (1): no visible cell, and the 4 distinct youths are 1-4, so Rotterdam keeps 4 (not
    #   3 + 3 + 3), published as 3 -> "<5", ratio hidden
    # taakgericht 2023: ambulant cell E = SE1-SE6 = 6; stays cell C = SC1 (1, hidden) -> 3 -> "<5", ratio hidden
    # taakgericht 2024: ambulant cell E = SE1-SE6 = 6 (until 31-03-2024); stays cell B = SB1-SB5 = 5 -> 6 / 5 = 1.2
    assert_rows(frame, ["inkoopmodel", "jaar", "jeugdigen_ambulant", "jeugdigen_verblijf", "ambulant_per_bed",
                        "jeugdigen_ambulant_klein", "jeugdigen_verblijf_klein"], [
        (REGIONAAL, 2023, 8.0, 5.0, 1.6, False, False),
        (REGIONAAL, 2024, 5.0, NAN, NAN, False, True),
        (TAAKGERICHT, 2023, 6.0, NAN, NAN, False, True),
        (TAAKGERICHT, 2024, 6.0, 5.0, 1.2, False, False),
    ])
    # One gemeente, one year
    assert_rows(queries.ambulant_per_bed(kcon, "GRJR", ["GM0599"], 2023, 2023),
                ["inkoopmodel", "jaar", "jeugdigen_ambulant", "jeugdigen_verblijf", "ambulant_per_bed"],
                [(REGIONAAL, 2023, 8.0, 5.0, 1.6)])


def test_aanbieders_groups_small_providers_as_overig(kcon) -> None:
    frame = queries.aanbieders(kcon, "GRJR", [], [], 2024)
    # No counts of people at all: the segment's count is exact elsewhere, so 'overig' would come back by subtraction.
    assert list(frame.columns) == ["volgorde", "segment_code", "segment", "aanbieder", "aanbieders_in_groep", "overig",
                                   "rang"]
    # 2024, published cells (gemeente, segment, aanbieder), youths of 1-4 -> 3, summed over the gemeenten per
    # segment and provider (C has no provider named; RW7-RW10 and the second RB stays have none either):
    #   B: Horizon Schiedam SB1-SB5 = 5 -> named; Rotterdam's cell B is hidden (RB6 = 1): one row without its
    #      provider (Zeeuws) -> overig: no provider named, but a hidden cell stands for at least one -> 1
    #   E: Kompas Schiedam SE1-SE4 = 4 -> 3, Rotterdam RA5 = 1 -> 3: 6 -> named;
    #      Oost Rotterdam RA4 = 1 -> 3, Schiedam SE5, SE6 = 2 -> 3: 6 -> named (a tie with Kompas: by name);
    #      Brug Rotterdam RA1-RA3 = 3 -> 3 -> overig (1 provider)
    #   F: Crisis Direct Rotterdam RW1-RW6 + RF1 = 7 -> named; nothing below 5, so no overig line
    # volgorde from data/referentie/segmenten.csv: B 1, E 4, F 5
    assert_rows(frame, ["volgorde", "segment_code", "segment", "aanbieder", "aanbieders_in_groep", "overig", "rang"], [
        (1, "B", SEG_B, "Horizon", 1, False, 1),
        (1, "B", SEG_B, OVERIG, 1, True, 2),
        (4, "E", SEG_E, "Kompas", 1, False, 1),
        (4, "E", SEG_E, "Oost", 1, False, 2),
        (4, "E", SEG_E, OVERIG, 1, True, 3),
        (5, "F", SEG_F, "Crisis Direct", 1, False, 1),
    ])
    assert queries.OVERIG_AANBIEDERS == OVERIG
    # Rotterdam alone, segment E: Brug 3, Oost 1 -> 3, Kompas 1 -> 3 -> all below 5: one overig line of 3 providers
    assert_rows(queries.aanbieders(kcon, "GRJR", ["GM0599"], ["E"], 2024),
                ["aanbieder", "aanbieders_in_groep", "overig", "rang"], [(OVERIG, 3, True, 1)])


def test_aanbieders_per_segment(kcon) -> None:
    frame = queries.aanbieders_per_segment(kcon, "GRJR", [], [], 2024)
    # Published cells as in the test above: B: Horizon (5) and Rotterdam's hidden cell (3, its provider Zeeuws not
    # named, so not counted); E: Kompas, Oost, Brug (6 + 6 + 3); F: Crisis Direct (7)
    assert_rows(frame, ["segment_code", "segment", "aanbieders", "jeugdigen"], [
        ("B", SEG_B, 1, 8), ("E", SEG_E, 3, 15), ("F", SEG_F, 1, 7),
    ])
    # 2023: no trajectory with a provider runs in 2023 except SE1-SE6 (E, Schiedam: Kompas SE1-SE4 = 4 -> 3,
    # Oost SE5, SE6 = 2 -> 3: 3 + 3 = 6)
    assert_rows(queries.aanbieders_per_segment(kcon, "GRJR", [], [], 2023), ["segment_code", "aanbieders", "jeugdigen"],
                [("E", 2, 6)])


KPI_CSV_UPLOAD = make_csv([
    ["kpi", "jaar", "waarde", "regio", "gemeente", "eenheid"],
    ["wachttijd", "2024", "12", "Rijnmond (GRJR)", "", "dagen"],
    ["wachttijd", "2024", "9,5", "Rijnmond (GRJR)", "Rotterdam", "dagen"],
    ["verblijfsduur", "2023", "210", "Rijnmond (GRJR)", "Schiedam", "dagen"],
])


def test_kpi_waarden_carry_the_upload_as_source(con) -> None:
    _load(con, "kpi.csv", KPI_CSV_UPLOAD, "kpi")
    bron = uploaded_source("kpi.csv")
    columns = ["kpi", "jaar", "waarde", "eenheid", "gemeente_code", "bron", "voorbeeld"]
    # Ordered by kpi, jaar; rows with the same kpi and year by gemeente (NULL = the region as a whole last)
    frame = queries.kpi_waarden(con, "GRJR", []).sort_values(["kpi", "jaar", "gemeente_code"], na_position="last")
    assert_rows(frame, columns, [
        ("verblijfsduur", 2023, 210.0, "dagen", "GM0606", bron, False),
        ("wachttijd", 2024, 9.5, "dagen", "GM0599", bron, False),
        ("wachttijd", 2024, 12.0, "dagen", None, bron, False),
    ])
    # A selection keeps its own gemeente's rows and the regional ones
    assert_rows(queries.kpi_waarden(con, "GRJR", ["GM0599"]).sort_values(["kpi", "gemeente_code"], na_position="last"),
                ["kpi", "waarde", "gemeente_code"], [("wachttijd", 9.5, "GM0599"), ("wachttijd", 12.0, None)])
    assert queries.kpi_waarden(con, "ZHZ", []).empty


# --- trajecten file 2: the residential-care target --------------------------------------------------
#
# Youths in residential care (segment B, or crisis F with verblijf ja) per year 2021-2024:
#   Rotterdam    RL1, RL2  B 01-06-2021 - 31-03-2024                       2021 2022 2023 2024
#                RD        B twice in 2021 (Feb, Oct-Nov): one youth        2021
#                RF        F 01-02-2022 - 10-02-2022, verblijf ja           2022 (not in segment B)
#                RO        B from 01-09-2023, open                         2023 2024
#                RP        C in 2021, RQ F verblijf nee in 2021, RE E in 2022: never residential
#                plus one-year B youths: 7 in 2021, 6 in 2022, 5 in 2023, 4 in 2024
#                cell B: 10, 8, 8, 7 (visible); cell F 2022: RF only (1, hidden) -> adds 3
#                -> 10, 11, 8, 7         (segment B only: 10, 8, 8, 7)
#   Barendrecht  5 youths B 01-01-2021 - 31-12-2024                        -> 5, 5, 5, 5
#   Schiedam     6 youths B from 15-01-2021, open                         -> 6, 6, 6, 6
#   Vlaardingen  V1, V2 B 2021-2024; V3 B 01-03-2021 - 30-06-2022; V4 B 2021: cell B 4, 3, 2, 2, each hidden
#                -> 3, 3, 3, 3
#   the other 9 GRJR gemeenten: 0

def _doel_rows() -> list[list[str]]:
    rows = [
        ["RL1", "Rotterdam", "B", "01-06-2021", "31-03-2024", ""],
        ["RL2", "Rotterdam", "B", "01-06-2021", "31-03-2024", ""],
        ["RD", "Rotterdam", "B", "01-02-2021", "28-02-2021", ""],
        ["RD", "Rotterdam", "B", "01-10-2021", "30-11-2021", ""],
        ["RF", "Rotterdam", "F", "01-02-2022", "10-02-2022", "ja"],
        ["RO", "Rotterdam", "B", "01-09-2023", "", ""],
        ["RP", "Rotterdam", "C", "01-03-2021", "30-06-2021", ""],
        ["RQ", "Rotterdam", "F", "01-03-2021", "05-03-2021", "nee"],
        ["RE", "Rotterdam", "E", "01-03-2022", "30-06-2022", ""],
        ["V1", "Vlaardingen", "B", "01-01-2021", "31-12-2024", ""],
        ["V2", "Vlaardingen", "B", "01-01-2021", "31-12-2024", ""],
        ["V3", "Vlaardingen", "B", "01-03-2021", "30-06-2022", ""],
        ["V4", "Vlaardingen", "B", "01-03-2021", "30-06-2021", ""],
    ]
    for year, n in {2021: 7, 2022: 6, 2023: 5, 2024: 4}.items():
        rows += [[f"R{year}-{i}", "Rotterdam", "B", f"01-03-{year}", f"30-06-{year}", ""] for i in range(n)]
    rows += [[f"B{i}", "Barendrecht", "B", "01-01-2021", "31-12-2024", ""] for i in range(5)]
    rows += [[f"S{i}", "Schiedam", "B", "15-01-2021", "", ""] for i in range(6)]
    return [["client", "gemeente", "segment", "startdatum", "einddatum", "verblijf"], *rows]


DOEL_CSV = make_csv(_doel_rows())
DOEL_UPLOAD = make_csv([
    ["kpi", "basisjaar", "doeljaar", "wijziging_pct", "regio", "bron"],
    ["residentieel_volume", "2021", "2025", "-30", "Rijnmond (GRJR)", "testdoel"],
])
OTHERS = ["Albrandswaard", "Capelle aan den IJssel", "Goeree-Overflakkee", "Krimpen aan den IJssel", "Lansingerland",
          "Maassluis", "Nissewaard", "Ridderkerk", "Voorne aan Zee"]


@pytest.fixture
def dcon(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """conftest's `con` with trajecten file 2 and a -30% target from 2021 to 2025."""
    _load(con, "trajecten.csv", DOEL_CSV, "trajecten")
    _load(con, "doelen.csv", DOEL_UPLOAD, "doelen")
    return con


STATUS = ["niveau", "naam", "status", "basiswaarde", "doelwaarde", "laatste_jaar", "laatste_waarde", "prognose", "helling"]
TE_WEINIG_ROW = ("te weinig gegevens", NAN, NAN, 2024, NAN, NAN, NAN)
# No youths at all: base and target hidden with the base under 5, the last value 0 shown (a 0 is no hidden count).
GEEN_ROW = ("te weinig gegevens", NAN, NAN, 2024, 0.0, NAN, NAN)


def _status_rows(con: duckdb.DuckDBPyConnection, gemeenten: list[str], tot_jaar: int = 2024) -> pd.DataFrame:
    doel = queries.doelen(con, "GRJR").iloc[0]
    assert (doel["kpi"], doel["basisjaar"], doel["doeljaar"], doel["wijziging_pct"]) == ("residentieel_volume", 2021, 2025, -30)
    return queries.doel_status(con, "GRJR", gemeenten, doel["kpi"], None, int(doel["basisjaar"]), int(doel["doeljaar"]),
                               float(doel["wijziging_pct"]), tot_jaar)


def test_doel_status_per_gemeente_selectie_and_inkoopmodel(dcon) -> None:
    frame = _status_rows(dcon, ["GM0599", "GM0622"])
    # Rotterdam 10 11 8 7: slopes 1 -1 -1 (2021-) -3 -2 (2022-) -1 (2023-24) -> sorted -3 -2 -1 -1 -1 1, median -1;
    #   trend in 2025 = median(10 - 4, 11 - 3, 8 - 2, 7 - 1) = median(6, 8, 6, 6) = 6 <= 10 * 0.7 = 7 -> op koers
    # Barendrecht 5 5 5 5: trend 5 > 3.5, miss 1.5 >= 0.25 -> niet op koers
    # Schiedam 6 6 6 6: trend 6 > 4.2, miss 1.8 >= 0.3 -> niet op koers
    # Vlaardingen 3 3 3 3 (published) and the others 0 0 0 0: base under 5 -> te weinig gegevens, figures hidden
    # Selectie Rotterdam + Vlaardingen 13 14 11 10 (Rotterdam + 3): slope -1 as Rotterdam;
    #   trend = median(13 - 4, 14 - 3, 11 - 2, 10 - 1) = median(9, 11, 9, 9) = 9 <= 13 * 0.7 = 9.1 -> op koers
    # regional model (Rotterdam + Barendrecht) 15 16 13 12: slope -1; trend = median(11, 13, 11, 11) = 11 > 10.5,
    #   miss 0.5 < 0.05 * 15 = 0.75 -> risico
    # taakgericht (Schiedam + Vlaardingen) 9 9 9 9: slope 0, trend 9 > 9 * 0.7 = 6.3, miss 2.7 >= 0.45 -> niet op koers
    expected = {
        "Barendrecht": ("niet op koers", 5.0, 3.5, 2024, 5.0, 5.0, 0.0),
        "Rotterdam": ("op koers", 10.0, 7.0, 2024, 7.0, 6.0, -1.0),
        "Schiedam": ("niet op koers", 6.0, 4.2, 2024, 6.0, 6.0, 0.0),
        "Vlaardingen": TE_WEINIG_ROW,
    }
    assert_rows(frame, STATUS, [
        *[("gemeente", naam, *expected.get(naam, GEEN_ROW)) for naam in sorted([*OTHERS, *expected])],
        ("selectie", "Selectie", "op koers", 13.0, 9.1, 2024, 10.0, 9.0, -1.0),
        ("inkoopmodel", REGIONAAL, "risico", 15.0, 10.5, 2024, 12.0, 11.0, -1.0),
        ("inkoopmodel", TAAKGERICHT, "niet op koers", 9.0, 6.3, 2024, 9.0, 9.0, 0.0),
    ])
    # Hidden figures are flagged so the table can say "<5" (Vlaardingen, base 4) ...
    assert frame.set_index("naam").loc["Vlaardingen", "basiswaarde_klein"]
    assert not frame.set_index("naam").loc["Rotterdam", "basiswaarde_klein"]
    # ... and the whole region: 10+5+6+3 = 24, 11+5+6+3 = 25, 22, 21: slope -1 as Rotterdam; trend = median(24 - 4,
    # 25 - 3, 22 - 2, 21 - 1) = median(20, 22, 20, 20) = 20 > 24 * 0.7 = 16.8, miss 3.2 >= 0.05 * 24 = 1.2 -> niet op koers
    region = _status_rows(dcon, [])
    assert_rows(region[region["niveau"] == "selectie"], STATUS, [
        ("selectie", "Hele regio", "niet op koers", 24.0, 16.8, 2024, 21.0, 20.0, -1.0),
    ])


def test_doel_status_with_fewer_years_and_for_segment_b(dcon) -> None:
    # Up to 2022 only two years are known (Rotterdam 10, 11) -> te weinig gegevens, base and target still shown
    frame = _status_rows(dcon, ["GM0599"], tot_jaar=2022)
    assert_rows(frame[frame["niveau"] == "selectie"], STATUS, [
        ("selectie", "Selectie", "te weinig gegevens", 10.0, 7.0, 2022, 11.0, None, None),   # no trend in any row
    ])
    # Segment B counts youths in that segment only: Rotterdam 10 8 8 7 (RF is crisis):
    # slopes -2 -1 -1 (2021-) 0 -1/2 (2022-) -1 (2023-24) -> median -1; trend = median(10-4, 8-3, 8-2, 7-1) = 6 -> op koers
    frame = queries.doel_status(dcon, "GRJR", ["GM0599"], "residentieel_volume", "B", 2021, 2025, -30, 2024)
    assert_rows(frame[frame["niveau"] == "selectie"], STATUS, [
        ("selectie", "Selectie", "op koers", 10.0, 7.0, 2024, 7.0, 6.0, -1.0),
    ])


def test_doel_jaarreeks_masks_small_counts(dcon) -> None:
    # Vlaardingen alone: 4 3 2 2, published 3 3 3 3 -> every year "<5"
    assert_rows(queries.doel_jaarreeks(dcon, "GRJR", ["GM0622"], "residentieel_volume", None),
                ["groep", "jaar", "waarde", "waarde_klein"],
                [("Selectie", year, NAN, True) for year in (2021, 2022, 2023, 2024)])
    # Per model: regional (Rotterdam 10 11 8 7 + Barendrecht 5) 15 16 13 12, taakgericht (Schiedam 6 + Vlaardingen 3)
    # 9 9 9 9
    assert_rows(queries.doel_jaarreeks(dcon, "GRJR", [], "residentieel_volume", None, groep="inkoopmodel"),
                ["groep", "jaar", "waarde"],
                [(REGIONAAL, 2021, 15.0), (REGIONAAL, 2022, 16.0), (REGIONAAL, 2023, 13.0), (REGIONAAL, 2024, 12.0),
                 (TAAKGERICHT, 2021, 9.0), (TAAKGERICHT, 2022, 9.0), (TAAKGERICHT, 2023, 9.0), (TAAKGERICHT, 2024, 9.0)])


def test_loaded_kpi_values_name_the_gemeente_and_the_segment(con) -> None:
    # The table 'Aangeleverde KPI-waarden' showed GM0599 and "B" (fresh eyes): a reader knows Rotterdam and the
    # segment's name. The codes stay in the query's result, the page's table shows the names.
    from jeugdhulp.pagedata import wachttijden
    from jeugdhulp.selectie import Selectie

    _load(con, "kpi.csv", make_csv([
        ["kpi", "jaar", "waarde", "regio", "gemeente", "segment", "eenheid"],
        ["wachttijd", "2024", "9,5", "Rijnmond (GRJR)", "Rotterdam", "B", "dagen"],
        ["wachttijd", "2024", "12", "Rijnmond (GRJR)", "", "", "dagen"],
    ]), "kpi")
    segment_b = con.execute("SELECT naam FROM segment WHERE regio_code = 'GRJR' AND segment_code = 'B'").fetchone()[0]
    sel = Selectie("GRJR", "Rijnmond (GRJR)", (), (), 2019, 2025, ())
    shown = wachttijden.load(con, sel).geleverd.sort_values("Gemeente", na_position="last")
    assert shown[["Gemeente", "Segment", "Waarde"]].fillna("").values.tolist() == [
        ["Rotterdam", f"B – {segment_b}", 9.5], ["", "", 12.0]]   # the region as a whole: no gemeente, no segment
