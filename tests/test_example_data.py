"""The example dataset as loaded on first start is calibrated (data/README.md, "The example dataset"): region totals
equal the real totals of the purchasing strategies to the cent, and youths in care, spend per youth, the residential
share, waits and stays stay within plausible bands per gemeente and year."""

from __future__ import annotations

import csv

import duckdb
import pytest

from jeugdhulp import queries
from loaders.defaults import SOURCES_DIR

YEARS = range(2019, 2026)
# Youths in care per 1,000 youths 0-17, per gemeente and year. Nationally about 100-130 (CBS: 12.5% of children
# under 18 in 2020); the GRJR example holds only the regionally bought packages B-F, so fewer youths are in it.
PER_1000 = {"ZHZ": (90, 150), "MIJOV": (90, 150), "GRJR": (40, 85)}
# Spend per youth in care (EUR), per gemeente and year; GRJR is specialised care only, so dearer.
PER_YOUTH_IN_CARE = {"ZHZ": (8_000, 20_000), "MIJOV": (8_000, 20_000), "GRJR": (12_000, 25_000)}
# Share of the youths in care who are in residential care, per gemeente and year.
RESIDENTIAL_SHARE = {"ZHZ": (0.02, 0.12), "MIJOV": (0.02, 0.12), "GRJR": (0.03, 0.15)}


def _source_total(file_name: str, year: str, kind: str, segment: str) -> float:
    with (SOURCES_DIR / file_name).open(encoding="utf-8", newline="") as handle:
        (row,) = [r for r in csv.DictReader(handle) if r["measure"] == "uitgaven_jeugdhulp" and r["year"] == year
                  and r["kind"] == kind and r["segment"] == segment]
    return float(row["value"])


def _region_total(con: duckdb.DuckDBPyConnection, regio: str, jaar: int, soort: str) -> float:
    """The region's spend as stored, to the cent (the mart carries amounts as DOUBLE; each is a whole cent)."""
    return con.execute(
        "SELECT sum(bedrag_eur::DECIMAL(18, 2)) FROM mart_uitgaven_gemeente_jaar"
        " WHERE regio_code = ? AND jaar = ? AND soort = ?",
        [regio, jaar, soort]).fetchone()[0]


def _per_gemeente_jaar(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(regio, gemeente, jaar, youths 0-17, youths in care, of whom residential, realisatie) for 2019-2025."""
    return con.execute(
        "SELECT g.regio_code, g.gemeente_code, p.jaar, p.jeugdigen_0_17, j.jeugdigen, j.jeugdigen_residentieel,"
        "       (SELECT sum(u.bedrag_eur) FROM mart_uitgaven_gemeente_jaar AS u WHERE u.gemeente_code = g.gemeente_code"
        "          AND u.jaar = p.jaar AND u.soort = 'realisatie')"
        " FROM gemeente AS g JOIN stg_gemeente_jaar AS p USING (gemeente_code)"
        " JOIN pub_jeugdigen_gemeente_jaar AS j USING (gemeente_code, jaar)"
        " WHERE p.jaar BETWEEN 2019 AND 2025 ORDER BY 1, 2, 3").fetchall()


def test_mijov_realisatie_2023_is_the_strategy_total_to_the_cent(example: duckdb.DuckDBPyConnection) -> None:
    assert _source_total("figures_mijov.csv", "2023", "realisatie", "totaal") == 98_673_332
    assert _region_total(example, "MIJOV", 2023, "realisatie") == 98_673_332
    overzicht = queries.kerncijfers(example, "MIJOV", [], [], 2023).set_index("scope")
    assert round(overzicht.loc["regio", "realisatie_eur"], 2) == 98_673_332


def test_grjr_2019_realisatie_and_begroting_are_the_gr_figures_to_the_cent(example: duckdb.DuckDBPyConnection) -> None:
    assert _source_total("figures_grjr.csv", "2019", "realisatie", "totaal regionaal ingekocht") == 235_900_000
    assert _source_total("figures_grjr.csv", "2019", "begroting", "totaal regionaal ingekocht") == 206_000_000
    assert _region_total(example, "GRJR", 2019, "realisatie") == 235_900_000
    assert _region_total(example, "GRJR", 2019, "begroting") == 206_000_000
    # Regionally bought care only: the example's GRJR spend is in packages B-F and nowhere else.
    segments = {r[0] for r in example.execute(
        "SELECT DISTINCT segment_code FROM mart_uitgaven_gemeente_jaar WHERE regio_code = 'GRJR'").fetchall()}
    assert segments == {"B", "C", "D", "E", "F"}


def test_youths_in_care_per_1000_youths_is_plausible_per_gemeente_and_year(example: duckdb.DuckDBPyConnection) -> None:
    rows = _per_gemeente_jaar(example)
    assert len(rows) == 31 * len(YEARS)
    outside = [(regio, code, jaar, round(in_care / youths * 1000)) for regio, code, jaar, youths, in_care, _, _ in rows
               if not PER_1000[regio][0] <= in_care / youths * 1000 <= PER_1000[regio][1]]
    assert outside == []
    # Dordrecht, the example of an implausible figure (18 per 1,000): now about one youth in eight.
    dordrecht = [in_care / youths * 1000 for _, code, jaar, youths, in_care, _, _ in rows if code == "GM0505"]
    assert all(100 <= value <= 150 for value in dordrecht)


def test_spend_per_youth_in_care_is_plausible_per_gemeente_and_year(example: duckdb.DuckDBPyConnection) -> None:
    rows = _per_gemeente_jaar(example)
    outside = [(regio, code, jaar, round(spend / in_care)) for regio, code, jaar, _, in_care, _, spend in rows
               if not PER_YOUTH_IN_CARE[regio][0] <= spend / in_care <= PER_YOUTH_IN_CARE[regio][1]]
    assert outside == []
    # Per region, ZHZ and MIJOV (all care) stay within the national order of EUR 10,000-16,000 a youth a year.
    for regio in ("ZHZ", "MIJOV"):
        for jaar in YEARS:
            spend = sum(r[6] for r in rows if r[0] == regio and r[2] == jaar)
            in_care = sum(r[4] for r in rows if r[0] == regio and r[2] == jaar)
            assert 10_000 <= spend / in_care <= 16_000, (regio, jaar)


def test_residential_share_of_youths_and_spend_is_plausible(example: duckdb.DuckDBPyConnection) -> None:
    rows = _per_gemeente_jaar(example)
    outside = [(regio, code, jaar, round(res / in_care, 3)) for regio, code, jaar, _, in_care, res, _ in rows
               if not RESIDENTIAL_SHARE[regio][0] <= res / in_care <= RESIDENTIAL_SHARE[regio][1]]
    assert outside == []
    shares = dict(((r, j), s) for r, j, s in example.execute(
        "SELECT u.regio_code, u.jaar, sum(u.bedrag_eur) FILTER (WHERE s.residentieel) / sum(u.bedrag_eur)"
        " FROM mart_uitgaven_gemeente_jaar AS u"
        " JOIN segment AS s ON s.regio_code = u.regio_code AND s.segment_code = u.segment_code"
        " WHERE u.soort = 'realisatie' GROUP BY ALL").fetchall())
    assert all(0.10 <= share <= 0.35 for share in shares.values()), shares
    assert all(shares[(regio, 2025)] < shares[(regio, 2019)] for regio in ("ZHZ", "MIJOV", "GRJR"))


def test_residential_care_falls_at_a_pace_that_differs_per_gemeente(example: duckdb.DuckDBPyConnection) -> None:
    change = {}
    for regio, code, jaar, _, _, res, _ in _per_gemeente_jaar(example):
        change.setdefault((regio, code), {})[jaar] = res
    by_region = {}
    for (regio, _), per_year in change.items():
        totals = by_region.setdefault(regio, [0, 0])
        totals[0] += per_year[2019]
        totals[1] += per_year[2025]
    assert all(later < first for first, later in by_region.values()), by_region
    relative = [per_year[2025] / per_year[2019] - 1 for per_year in change.values()]
    assert min(relative) <= -0.30          # some gemeenten meet the GRJR target of 30% less by 2025
    assert max(relative) >= -0.10          # others hardly move


def _average_wait(con: duckdb.DuckDBPyConnection, regio: str, segment: str | None = None) -> dict[int, float]:
    return dict(con.execute(
        "SELECT m.startjaar, sum(m.wacht_dagen * m.aantal) / sum(m.aantal) FROM mart_wachttijd_dag AS m"
        " JOIN gemeente AS g USING (gemeente_code)"
        " WHERE g.regio_code = ? AND (? IS NULL OR m.segment_code = ?) AND m.startjaar BETWEEN 2019 AND 2025"
        " GROUP BY ALL", [regio, segment, segment]).fetchall())


def test_average_waits_agree_with_what_the_regions_report(example: duckdb.DuckDBPyConnection) -> None:
    months = 365.25 / 12
    # MIJOV strategy: on average 3 to 6 months (figures_mijov.csv, gemiddelde_wachttijd_*).
    assert all(3 * months <= wait <= 6 * months for wait in _average_wait(example, "MIJOV").values())
    # GRJR: 13-14 weeks on average for package E (jeugdhulprijnmond.nl, 2023).
    assert all(11 * 7 <= wait <= 16 * 7 for wait in _average_wait(example, "GRJR", "E").values())
    # ZHZ has no reported figure: the national order of some weeks, not months.
    assert all(4 * 7 <= wait <= 10 * 7 for wait in _average_wait(example, "ZHZ").values())


@pytest.mark.parametrize(("regio", "segment", "low", "high"), [
    ("ZHZ", "1", 150, 400), ("GRJR", "B", 150, 400), ("MIJOV", "VERBL", 150, 400),   # residential: months
    ("GRJR", "C", 400, 900),                                                           # foster care: years
    ("ZHZ", "5", 14, 60), ("GRJR", "F", 14, 60),                                       # crisis: weeks
])
def test_average_stay_fits_the_kind_of_care(example: duckdb.DuckDBPyConnection, regio: str, segment: str,
                                            low: int, high: int) -> None:
    days = example.execute(
        "SELECT sum(m.duur_dagen * m.aantal) / sum(m.aantal) FROM mart_verblijfsduur_dag AS m"
        " JOIN gemeente AS g USING (gemeente_code) WHERE g.regio_code = ? AND m.segment_code = ?",
        [regio, segment]).fetchone()[0]
    assert low <= days <= high


def test_inhabitants_are_the_rounded_cbs_figures_of_2024(example: duckdb.DuckDBPyConnection) -> None:
    inwoners = dict(example.execute(
        "SELECT gemeente_code, inwoners FROM stg_gemeente_jaar WHERE jaar = 2024").fetchall())
    assert inwoners["GM0505"] == 122_000       # Dordrecht
    assert inwoners["GM0642"] == 45_000        # Zwijndrecht (CBS 70072NED: 44,874)
    assert inwoners["GM0599"] == 670_500       # Rotterdam
    assert inwoners["GM0244"] == 12_500        # Hattem
    shares = [youths / people for people, youths in example.execute(
        "SELECT inwoners, jeugdigen_0_17 FROM stg_gemeente_jaar").fetchall()]
    assert all(0.17 <= share <= 0.22 for share in shares)
