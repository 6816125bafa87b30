"""Query tests: a tiny hand-made dataset (population, spend, trajecten for two ZHZ gemeenten) loaded
through the importer once per module, and the exact frames jeugdhulp.queries returns for it.

Hand computation of the dataset (ZHZ; Dordrecht GM0505, Gorinchem GM0512):
  jeugdigen 0-17: Dordrecht 24000 (2023), 25000 (2024); Gorinchem 8000 (2023), 5000 (2024)
  realisatie 2023: Dordrecht 4A 1.000.000 + 1 2.000.000; Gorinchem 4A 1.000.000   -> regio 4.000.000
  realisatie 2024: Dordrecht 4A 1.250.000 + 1 2.500.000; Gorinchem 4A   900.000   -> regio 4.650.000
  begroting  2024: Dordrecht 4A 1.200.000;               Gorinchem 4A   300.000   -> regio 1.500.000
  trajecten: Dordrecht 4A D8 in 2023; D1-D6 in 2024; Dordrecht 1 (residentieel) D1, D7, D9-D11 in 2024;
             Gorinchem 4A G1-G3 in 2024 (open ones run to 2024, the last year in the data)
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pandas.testing as pdt
import pytest

from jeugdhulp import db, queries
from loaders.defaults import SOURCES_DIR, load_reference
from loaders.importer import InputFile, import_file
from tests.conftest import TEST_KEY, load, make_csv, uploaded_source

NAN = math.nan
SEG_1 = "Hoogspecialistisch en weinig voorkomend"
SEG_4A = "Specialistisch en veel voorkomend (lokaal)"

GEMEENTEN = make_csv([
    ["code", "naam", "regio", "inwoners", "jeugdigen_0_17", "jaar"],
    ["GM0505", "Dordrecht", "Zuid-Holland Zuid", "120000", "24000", "2023"],
    ["GM0505", "Dordrecht", "Zuid-Holland Zuid", "121000", "25000", "2024"],
    ["GM0512", "Gorinchem", "Zuid-Holland Zuid", "37000", "8000", "2023"],
    ["GM0512", "Gorinchem", "Zuid-Holland Zuid", "38000", "5000", "2024"],
])
UITGAVEN = make_csv([
    ["gemeente", "jaar", "segment", "soort", "bedrag"],
    ["Dordrecht", "2023", "4A", "realisatie", "1.000.000"],
    ["Dordrecht", "2023", "1", "realisatie", "2.000.000"],
    ["Gorinchem", "2023", "4A", "realisatie", "1.000.000"],
    ["Dordrecht", "2024", "4A", "realisatie", "1.250.000"],
    ["Dordrecht", "2024", "1", "realisatie", "2.500.000"],
    ["Gorinchem", "2024", "4A", "realisatie", "900.000"],
    ["Dordrecht", "2024", "4A", "begroting", "1.200.000"],
    ["Gorinchem", "2024", "4A", "begroting", "300.000"],
    ["Rotterdam", "2024", "pakket B", "realisatie", "999"],     # another region: never in ZHZ results
])
TRAJECTEN = make_csv([
    ["client", "gemeente", "segment", "startdatum", "einddatum"],
    ["D1", "Dordrecht", "4A", "15-01-2024", ""],
    ["D2", "Dordrecht", "4A", "01-02-2024", ""],
    ["D3", "Dordrecht", "4A", "01-03-2024", "30-09-2024"],
    ["D4", "Dordrecht", "4A", "01-04-2024", ""],
    ["D5", "Dordrecht", "4A", "01-05-2024", ""],
    ["D6", "Dordrecht", "4A", "01-06-2024", "31-12-2024"],
    ["D1", "Dordrecht", "1", "01-07-2024", ""],
    ["D7", "Dordrecht", "1", "10-01-2024", ""],
    ["D9", "Dordrecht", "1", "01-02-2024", ""],
    ["D10", "Dordrecht", "1", "01-02-2024", ""],
    ["D11", "Dordrecht", "1", "01-02-2024", ""],
    ["D8", "Dordrecht", "4A", "01-02-2023", "30-11-2023"],
    ["G1", "Gorinchem", "4A", "01-01-2024", ""],
    ["G2", "Gorinchem", "4A", "01-01-2024", ""],
    ["G3", "Gorinchem", "4A", "01-01-2024", ""],
])
BRON_UITGAVEN = uploaded_source("uitgaven.csv")
BRON_TRAJECTEN = uploaded_source("trajecten.csv")


def query_db(path: Path) -> duckdb.DuckDBPyConnection:
    """conftest's `con` state plus the dataset above and the GRJR and MIJOV source figures, in a new file."""
    connection = db.connect(path)
    load_reference(connection)
    files = [
        ("gemeenten.csv", (SOURCES_DIR / "gemeenten.csv").read_bytes(), "gemeenten"),
        ("bevolking.csv", GEMEENTEN, "gemeenten"),
        ("uitgaven.csv", UITGAVEN, None),
        ("trajecten.csv", TRAJECTEN, None),
        ("figures_grjr.csv", (SOURCES_DIR / "figures_grjr.csv").read_bytes(), "broncijfers"),
        ("figures_mijov.csv", (SOURCES_DIR / "figures_mijov.csv").read_bytes(), "broncijfers"),
    ]
    for name, data, kind in files:
        report = import_file(connection, InputFile(name, data, kind), user="test", key=TEST_KEY)
        assert report.ok, (name, report.problems)
    return connection


@pytest.fixture(scope="module")
def qcon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """The query dataset (query_db); read-only use."""
    connection = query_db(tmp_path_factory.mktemp("queries") / "queries.duckdb")
    yield connection
    connection.close()


def assert_rows(frame: pd.DataFrame, columns: list[str], expected: list[tuple]) -> None:
    """The frame's rows, in order, for these columns; NaN equals NaN, floats to 1e-9."""
    actual = frame[columns].reset_index(drop=True)
    wanted = pd.DataFrame(expected, columns=columns)
    pdt.assert_frame_equal(actual, wanted, check_dtype=False, rtol=1e-9, atol=0)


# --- spend --------------------------------------------------------------------------------------

TREND = ["jaar", "soort", "selectie_eur", "regio_eur", "selectie_jeugdigen_0_17", "regio_jeugdigen_0_17",
         "selectie_eur_per_jeugdige", "regio_eur_per_jeugdige", "voorbeeld", "bron"]


def test_uitgaven_trend_selection_against_region(qcon):
    frame = queries.uitgaven_trend(qcon, "ZHZ", ["GM0505"], [], 2023, 2024)
    assert_rows(frame, TREND, [
        (2023, "realisatie", 3_000_000.0, 4_000_000.0, 24000, 32000, 125.0, 125.0, False, BRON_UITGAVEN),
        (2024, "begroting", 1_200_000.0, 1_500_000.0, 25000, 30000, 48.0, 50.0, False, BRON_UITGAVEN),
        (2024, "realisatie", 3_750_000.0, 4_650_000.0, 25000, 30000, 150.0, 155.0, False, BRON_UITGAVEN),
    ])


def test_uitgaven_trend_segment_filter_and_year_range(qcon):
    frame = queries.uitgaven_trend(qcon, "ZHZ", ["GM0505"], ["1"], 2024, 2024)
    assert_rows(frame, TREND, [
        (2024, "realisatie", 2_500_000.0, 2_500_000.0, 25000, 30000, 100.0, 2_500_000 / 30000, False, BRON_UITGAVEN),
    ])


def test_uitgaven_trend_other_region(qcon):
    frame = queries.uitgaven_trend(qcon, "GRJR", [], [], 2023, 2024)
    assert_rows(frame, TREND, [(2024, "realisatie", 999.0, 999.0, NAN, NAN, NAN, NAN, False, BRON_UITGAVEN)])


def test_uitgaven_per_gemeente(qcon):
    frame = queries.uitgaven_per_gemeente(qcon, "ZHZ", [], 2024)
    assert_rows(frame, ["gemeente_code", "gemeente", "realisatie_eur", "begroting_eur", "jeugdigen_0_17",
                        "eur_per_jeugdige", "voorbeeld", "bron"], [
        ("GM0512", "Gorinchem", 900_000.0, 300_000.0, 5000, 180.0, False, BRON_UITGAVEN),
        ("GM0505", "Dordrecht", 3_750_000.0, 1_200_000.0, 25000, 150.0, False, BRON_UITGAVEN),
    ])
    only_1 = queries.uitgaven_per_gemeente(qcon, "ZHZ", ["1"], 2023)
    assert_rows(only_1, ["gemeente_code", "realisatie_eur", "begroting_eur", "jeugdigen_0_17", "eur_per_jeugdige"], [
        ("GM0505", 2_000_000.0, NAN, 24000, 2_000_000 / 24000),
    ])


SEGMENT = ["jaar", "segment_code", "segment", "vorm", "volgorde", "realisatie_eur", "begroting_eur", "voorbeeld",
           "aandeel"]


def test_uitgaven_per_segment_with_aandeel(qcon):
    frame = queries.uitgaven_per_segment(qcon, "ZHZ", [], [], 2023, 2024)
    assert_rows(frame, SEGMENT, [
        (2023, "1", SEG_1, "residentieel", 1, 2_000_000.0, NAN, False, 0.5),
        (2023, "4A", SEG_4A, "ambulant", 4, 2_000_000.0, NAN, False, 0.5),
        (2024, "1", SEG_1, "residentieel", 1, 2_500_000.0, NAN, False, 2_500_000 / 4_650_000),
        (2024, "4A", SEG_4A, "ambulant", 4, 2_150_000.0, 1_500_000.0, False, 2_150_000 / 4_650_000),
    ])
    gorinchem = queries.uitgaven_per_segment(qcon, "ZHZ", ["GM0512"], [], 2023, 2024)
    assert_rows(gorinchem, SEGMENT, [
        (2023, "4A", SEG_4A, "ambulant", 4, 1_000_000.0, NAN, False, 1.0),
        (2024, "4A", SEG_4A, "ambulant", 4, 900_000.0, 300_000.0, False, 1.0),
    ])


# --- volumes, with counts under 5 masked --------------------------------------------------------

def test_trajecten_marts_for_the_dataset(qcon):
    assert qcon.execute(
        "SELECT gemeente_code, segment_code, jaar, jeugdigen, jeugdigen_verblijf, trajecten, gestart, beeindigd"
        " FROM mart_trajecten_segment_jaar ORDER BY ALL").fetchall() == [
        ("GM0505", "1", 2024, 5, 5, 5, 5, 0),
        ("GM0505", "4A", 2023, 1, 0, 1, 1, 1),
        ("GM0505", "4A", 2024, 6, 0, 6, 6, 2),
        ("GM0512", "4A", 2024, 3, 0, 3, 3, 0),
    ]
    # Per gemeente, counted over published cells (gemeente, segment, jaar) only: a cell of 1-4 youths adds 3.
    #   GM0505 2023: cell 4A holds D8 only (1, hidden) and no cell is visible: the gemeente's 1 youth is itself
    #                1-4, so it keeps 1 (shown as "<5"), not 3; residential: no residential cell -> 0
    #   GM0505 2024: cells 1 (D1 D7 D9 D10 D11 = 5) and 4A (D1-D6 = 6) both visible -> distinct D1-D7, D9-D11 = 10;
    #                residential: cell 1 holds 5 -> 5
    #   GM0512 2024: cell 4A holds G1-G3 (3, hidden), no visible cell, 3 distinct youths -> 3; residential 0
    assert qcon.execute(
        "SELECT gemeente_code, jaar, jeugdigen, jeugdigen_residentieel FROM mart_jeugdigen_gemeente_jaar ORDER BY ALL"
    ).fetchall() == [("GM0505", 2023, 1, 0), ("GM0505", 2024, 10, 5), ("GM0512", 2024, 3, 0)]


def test_volumes_per_segment_masks_small_counts(qcon):
    frame = queries.volumes_per_segment(qcon, "ZHZ", [], [], 2023, 2024)
    assert_rows(frame, ["jaar", "segment_code", "segment", "jeugdigen", "trajecten", "jeugdigen_klein",
                        "trajecten_klein", "voorbeeld", "bron"], [
        (2023, "4A", SEG_4A, NAN, NAN, True, True, False, BRON_TRAJECTEN),      # 1 youth, 1 trajectory
        (2024, "1", SEG_1, 5.0, 5.0, False, False, False, BRON_TRAJECTEN),
        (2024, "4A", SEG_4A, 9.0, 9.0, False, False, False, BRON_TRAJECTEN),    # 6 Dordrecht + 3 Gorinchem
    ])
    gorinchem = queries.volumes_per_segment(qcon, "ZHZ", ["GM0512"], ["4A"], 2023, 2024)
    assert_rows(gorinchem, ["jaar", "segment_code", "jeugdigen", "trajecten", "jeugdigen_klein", "trajecten_klein"], [
        (2024, "4A", NAN, NAN, True, True),                                        # 3
    ])


VOLUMES_GEMEENTE = ["gemeente_code", "gemeente", "jeugdigen", "jeugdigen_0_17", "per_1000_jeugdigen",
                    "jeugdigen_klein", "voorbeeld", "bron"]


def test_volumes_per_gemeente_masks_count_and_rate(qcon):
    # Sorted by code here: the query orders by the rate, which for a masked row is the hidden one.
    frame = queries.volumes_per_gemeente(qcon, "ZHZ", [], 2024).sort_values("gemeente_code")
    assert_rows(frame, VOLUMES_GEMEENTE, [
        ("GM0505", "Dordrecht", 10.0, 25000, 0.4, False, False, BRON_TRAJECTEN),
        ("GM0512", "Gorinchem", NAN, 5000, NAN, True, False, BRON_TRAJECTEN),   # 3 youths, 0.6 per 1000
    ])
    segment = queries.volumes_per_gemeente(qcon, "ZHZ", ["4A"], 2024).sort_values("gemeente_code")
    assert_rows(segment, VOLUMES_GEMEENTE, [
        ("GM0505", "Dordrecht", 6.0, 25000, 0.24, False, False, BRON_TRAJECTEN),
        ("GM0512", "Gorinchem", NAN, 5000, NAN, True, False, BRON_TRAJECTEN),
    ])
    # The region's rate counts Gorinchem's hidden 3 youths as the published 3: (10 + 3) and (6 + 3) per 30.000.
    assert frame["regio_per_1000_jeugdigen"].tolist() == pytest.approx([13 / 30, 13 / 30])
    assert segment["regio_per_1000_jeugdigen"].tolist() == pytest.approx([9 / 30, 9 / 30])


def test_mask_small_counts_directly():
    frame = pd.DataFrame({"n": [0, 1, 4, 5, None], "rate": [0.0, 0.1, 0.4, 0.5, 0.9]})
    masked = queries.mask_small_counts(frame, ["n"], derived=["rate"])
    assert_rows(masked, ["n", "n_klein", "rate"], [
        (0.0, False, 0.0), (NAN, True, NAN), (NAN, True, NAN), (5.0, False, 0.5), (NAN, False, 0.9)])
    assert frame["n"].tolist()[:4] == [0, 1, 4, 5]      # the input is not changed


# --- overview -----------------------------------------------------------------------------------

KERN = ["scope", "realisatie_eur", "realisatie_vorig_jaar_eur", "begroting_eur", "jeugdigen_in_zorg",
        "jeugdigen_residentieel", "jeugdigen_0_17", "eur_per_jeugdige", "aandeel_residentieel",
        "jeugdigen_in_zorg_klein", "jeugdigen_residentieel_klein", "voorbeeld_uitgaven", "bron_uitgaven",
        "voorbeeld_jeugdigen", "bron_jeugdigen"]


def test_kerncijfers(qcon):
    frame = queries.kerncijfers(qcon, "ZHZ", ["GM0505"], [], 2024)
    assert_rows(frame, KERN, [
        ("selectie", 3_750_000.0, 3_000_000.0, 1_200_000.0, 10.0, 5.0, 25000, 150.0, 0.5,
         False, False, False, BRON_UITGAVEN, False, BRON_TRAJECTEN),
        ("regio", 4_650_000.0, 4_000_000.0, 1_500_000.0, 13.0, 5.0, 30000, 155.0, 5 / 13,
         False, False, False, BRON_UITGAVEN, False, BRON_TRAJECTEN),
    ])


def test_kerncijfers_masks_small_counts_and_their_share(qcon):
    frame = queries.kerncijfers(qcon, "ZHZ", ["GM0505"], [], 2023)
    assert_rows(frame, KERN, [
        ("selectie", 3_000_000.0, NAN, NAN, NAN, 0.0, 24000, 125.0, NAN,
         True, False, False, BRON_UITGAVEN, False, BRON_TRAJECTEN),
        ("regio", 4_000_000.0, NAN, NAN, NAN, 0.0, 32000, 125.0, NAN,
         True, False, False, BRON_UITGAVEN, False, BRON_TRAJECTEN),
    ])


# --- figures from the source documents ----------------------------------------------------------

def test_bron_begroting_jaarrekening_grjr(qcon):
    frame = queries.bron_begroting_jaarrekening(qcon, "GRJR")
    mln = 1_000_000
    assert_rows(frame, ["jaar", "soort", "bedrag_eur", "onderdeel", "regel"], [
        (2015, "begroting", 215.6 * mln, "totaal regionaal ingekocht", "638"),
        (2015, "realisatie", 218.0 * mln, "totaal regionaal ingekocht", "639"),
        (2016, "begroting", 208.5 * mln, "totaal regionaal ingekocht", "638"),
        (2016, "realisatie", 210.5 * mln, "totaal regionaal ingekocht", "639"),
        (2017, "begroting", 188.6 * mln, "totaal regionaal ingekocht", "638"),
        (2017, "realisatie", 204.0 * mln, "totaal regionaal ingekocht", "639"),
        (2018, "begroting", 190.6 * mln, "totaal regionaal ingekocht", "638"),
        (2018, "realisatie", 221.9 * mln, "totaal regionaal ingekocht", "639"),
        (2019, "begroting", 206.0 * mln, "totaal regionaal ingekocht", "638"),
        (2019, "realisatie", 235.9 * mln, "totaal regionaal ingekocht", "639"),
    ])


def test_uncertain_mijov_figures_stored_but_not_charted(qcon):
    uncertain = qcon.execute(
        "SELECT jaar, onderdeel, waarde FROM bron_cijfer WHERE regio_code = 'MIJOV' AND onzeker ORDER BY waarde DESC"
    ).fetchall()
    assert uncertain == [
        (2023, "Begeleiding individueel", 21936063.0),
        (2023, "Begeleiding groep", 3042366.0),
        (2023, "Respijtopvang jeugd", 1249576.0),
        (2023, "Wonen en verblijf Crisis", 988640.0),
        (2023, "Wonen en verblijf Individueel met begeleiding", 551439.0),
        (2023, "Zorgcoördinatie", 44843.0),
        (2023, "Begeleiding crisis", 39345.0),
        (2023, "Opslag kindplaats", 20369.0),
    ]
    assert qcon.execute("SELECT count(*) FILTER (WHERE onzeker), count(*) FROM bron_cijfer").fetchone() == (8, 118)
    frame = queries.bron_begroting_jaarrekening(qcon, "MIJOV")
    assert_rows(frame, ["jaar", "soort", "bedrag_eur", "onderdeel"], [(2023, "realisatie", 98673332.0, "totaal")])


def test_onzeker_flag_follows_the_note(con):
    data = make_csv([
        ["region", "gemeente", "year", "measure", "segment", "value", "unit", "kind", "source_document",
         "source_line", "note"],
        ["Zuid-Holland Zuid", "", "2023", "uitgaven_jeugdhulp", "4A", "10", "EUR", "realisatie", "doc", "1",
         "toewijzing onzeker: hypothese"],
        ["Zuid-Holland Zuid", "", "2023", "uitgaven_jeugdhulp", "totaal", "30", "EUR", "realisatie", "doc", "2",
         "zeker; niet 'toewijzing onzeker'"],
        ["Zuid-Holland Zuid", "", "2022", "uitgaven_jeugdhulp", "totaal", "25", "EUR", "begroting", "doc", "3", ""],
    ], delimiter=",")
    assert load(con, "figuren.csv", data, kind="broncijfers").ok
    assert con.execute("SELECT regel, onzeker FROM bron_cijfer ORDER BY regel").fetchall() == [
        ("1", True), ("2", False), ("3", False)]
    assert_rows(queries.bron_begroting_jaarrekening(con, "ZHZ"), ["jaar", "soort", "bedrag_eur", "regel"], [
        (2022, "begroting", 25.0, "3"), (2023, "realisatie", 30.0, "2")])


def test_filter_options(qcon):
    assert queries.jaren(qcon, "ZHZ") == [2023, 2024]
    assert queries.segmenten(qcon, "GRJR")["segment_code"].tolist() == ["B", "C", "D", "E", "F", "SYS", "PRES", "FLEX"]
    assert queries.gemeenten(qcon, "MIJOV")["naam"].tolist() == [
        "Apeldoorn", "Brummen", "Epe", "Hattem", "Heerde", "Lochem", "Voorst", "Zutphen"]


def test_queries_return_no_rows_for_an_empty_year(qcon):
    assert queries.uitgaven_per_gemeente(qcon, "ZHZ", [], 2030).empty
    assert queries.volumes_per_segment(qcon, "ZHZ", [], [], 2030, 2031).empty
    assert_rows(queries.kerncijfers(qcon, "ZHZ", [], [], 2030),
                ["scope", "realisatie_eur", "begroting_eur", "jeugdigen_in_zorg", "aandeel_residentieel"], [
        ("selectie", NAN, NAN, NAN, NAN), ("regio", NAN, NAN, NAN, NAN)])


def test_klein_flag_is_false_where_the_count_is_missing(con):
    data = make_csv([["gemeente", "jaar", "segment", "toewijzingen"],
                     ["Dordrecht", "2024", "4A", "12"], ["Gorinchem", "2024", "4A", "3"]])
    assert load(con, "volumes.csv", data).ok
    frame = queries.volumes_per_segment(con, "ZHZ", [], [], 2024, 2024)
    assert_rows(frame, ["jaar", "segment_code", "jeugdigen", "trajecten", "trajecten_klein"], [
        (2024, "4A", NAN, 15.0, False)])
    assert frame["jeugdigen_klein"].dtype == bool
    assert frame["jeugdigen_klein"].tolist() == [False]
