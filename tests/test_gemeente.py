"""The Gemeenteprofiel: its queries on a tiny hand-made dataset (exact rows) and on the example data
(checked against plain pandas over the tables), and an AppTest smoke test of the page.

Hand computation of the tiny dataset (youths 0-17 in 2024; ZHZ = Dordrecht, Gorinchem, Alblasserdam):
  Dordrecht GM0505 1000 (also 1000 in 2023)   Gorinchem GM0512 1900 (also 1900 in 2023)   Alblasserdam GM0482 2100
  Rotterdam GM0599 520    Apeldoorn GM0200 2000    Brummen GM0213 500    Barendrecht GM0489 3000 (1000 in 2023)
  |ln(n / 1000)| in 2024: Gorinchem 0.642, Rotterdam 0.654, Apeldoorn = Brummen = ln 2 = 0.693 (tie: lower code
  first), Alblasserdam 0.742, Barendrecht 1.099 -> the five: GM0512, GM0599, GM0200, GM0213, GM0482.
  (By absolute difference Rotterdam, 480 away, would come before Gorinchem, 900 away.)
  realisatie 2024: Dordrecht 4A 1.000.000 + segment 1 (residentieel) 500.000; Gorinchem 4A 950.000;
                   Rotterdam B (residentieel) 260.000 + E (ambulant) 260.000; Apeldoorn BEH (ambulant) 1.000.000;
                   realisatie 2023: Dordrecht 4A 800.000; a begroting row that must not count.
  youths in care 2024, per cell (gemeente, segment, jaar); a cell of 1-4 youths is hidden and counts as 3
  (sql/views/pub_klein.sql), a per-gemeente count is the distinct youths of its visible cells + 3 per hidden cell:
                       Dordrecht 4A D1-D6 (6) + segment 1 R1-R4 (4, hidden, residential): 6 + 3 = 9, residential 3;
                       Gorinchem 4A G1-G3 (3, hidden): 3, residential 0;
                       Rotterdam E P1-P6 (6) + B P1, P7 (2, hidden, residential): 6 + 3 = 9, residential 3;
                       Apeldoorn VERBL A1-A5 (5, residential): 5, residential 5.
  (True counts: Dordrecht 10 / 4, Gorinchem 3 / 0, Rotterdam 7 / 2, Apeldoorn 5 / 5.)
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from jeugdhulp import db, queries
from jeugdhulp.pagedata import gemeente
from jeugdhulp.selectie import Selectie
from loaders.defaults import SOURCES_DIR, load_reference
from loaders.importer import InputFile, import_file
from tests.conftest import TEST_KEY, app_on, copy_example, make_csv
from tests.test_pages import open_app
from tests.test_queries import assert_rows

pytestmark = pytest.mark.usefixtures("apptest_runs_app_py")

NAN = math.nan
SIMILAR_2024 = ["GM0512", "GM0599", "GM0200", "GM0213", "GM0482"]

GEMEENTEN = make_csv([
    ["code", "naam", "regio", "inwoners", "jeugdigen_0_17", "jaar"],
    ["GM0505", "Dordrecht", "Zuid-Holland Zuid", "5000", "1000", "2023"],
    ["GM0505", "Dordrecht", "Zuid-Holland Zuid", "5000", "1000", "2024"],
    ["GM0512", "Gorinchem", "Zuid-Holland Zuid", "9000", "1900", "2023"],
    ["GM0512", "Gorinchem", "Zuid-Holland Zuid", "9000", "1900", "2024"],
    ["GM0482", "Alblasserdam", "Zuid-Holland Zuid", "9000", "2100", "2024"],
    ["GM0599", "Rotterdam", "Rijnmond (GRJR)", "3000", "520", "2024"],
    ["GM0200", "Apeldoorn", "Midden-IJssel/Oost-Veluwe", "9000", "2000", "2024"],
    ["GM0213", "Brummen", "Midden-IJssel/Oost-Veluwe", "3000", "500", "2024"],
    ["GM0489", "Barendrecht", "Rijnmond (GRJR)", "5000", "1000", "2023"],
    ["GM0489", "Barendrecht", "Rijnmond (GRJR)", "15000", "3000", "2024"],
])
UITGAVEN = make_csv([
    ["gemeente", "jaar", "segment", "soort", "bedrag"],
    ["Dordrecht", "2024", "4A", "realisatie", "1.000.000"],
    ["Dordrecht", "2024", "1", "realisatie", "500.000"],
    ["Dordrecht", "2024", "4A", "begroting", "9.999.999"],
    ["Dordrecht", "2023", "4A", "realisatie", "800.000"],
    ["Gorinchem", "2024", "4A", "realisatie", "950.000"],
    ["Rotterdam", "2024", "B", "realisatie", "260.000"],
    ["Rotterdam", "2024", "E", "realisatie", "260.000"],
    ["Apeldoorn", "2024", "BEH", "realisatie", "1.000.000"],
])


def _trajecten(gorinchem: int = 3, rotterdam_b: int = 2) -> bytes:
    """The trajecten of the docstring; the two hidden cells, Gorinchem 4A (G1-G3) and Rotterdam B (P1, P7),
    can be given another size."""
    return make_csv([
        ["client", "gemeente", "segment", "startdatum", "einddatum"],
        *[[f"D{i}", "Dordrecht", "4A", "01-03-2024", ""] for i in range(1, 7)],
        *[[f"R{i}", "Dordrecht", "1", "01-03-2024", ""] for i in range(1, 5)],
        *[[f"G{i}", "Gorinchem", "4A", "01-03-2024", ""] for i in range(1, gorinchem + 1)],
        *[[f"P{i}", "Rotterdam", "E", "01-03-2024", ""] for i in range(1, 7)],
        *[[client, "Rotterdam", "B", "01-04-2024", ""] for client in ["P1", "P7", "P8", "P9"][:rotterdam_b]],
        *[[f"A{i}", "Apeldoorn", "VERBL", "01-03-2024", ""] for i in range(1, 6)],
    ])


def _tiny_db(path: Path, trajecten: bytes) -> duckdb.DuckDBPyConnection:
    connection = db.connect(path)
    load_reference(connection)
    for name, data, kind in [("gemeenten.csv", (SOURCES_DIR / "gemeenten.csv").read_bytes(), "gemeenten"),
                             ("bevolking.csv", GEMEENTEN, "gemeenten"), ("uitgaven.csv", UITGAVEN, None),
                             ("trajecten.csv", trajecten, None)]:
        report = import_file(connection, InputFile(name, data, kind), user="test", key=TEST_KEY)
        assert report.ok, (name, report.problems)
    return connection


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = _tiny_db(tmp_path_factory.mktemp("gemeente") / "tiny.duckdb", _trajecten())
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def example(example_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The default and example data, as the app loads them on first start (the session's example database)."""
    connection = db.connect(example_db)
    yield connection
    connection.close()


# --- similar size -------------------------------------------------------------------------------

def test_similar_gemeenten_by_log_ratio_of_youths(tiny):
    frame = queries.vergelijkbare_gemeenten(tiny, "GM0505", 2024)
    assert_rows(frame, ["gemeente_code", "gemeente", "regio_code", "jeugdigen_0_17", "afstand"], [
        ("GM0512", "Gorinchem", "ZHZ", 1900, math.log(1.9)),
        ("GM0599", "Rotterdam", "GRJR", 520, math.log(1000 / 520)),
        ("GM0200", "Apeldoorn", "MIJOV", 2000, math.log(2)),
        ("GM0213", "Brummen", "MIJOV", 500, math.log(2)),
        ("GM0482", "Alblasserdam", "ZHZ", 2100, math.log(2.1)),
    ])


def test_similar_gemeenten_use_the_given_year_and_may_be_fewer(tiny):
    # In 2023 only Barendrecht (same size) and Gorinchem have a population figure.
    assert queries.vergelijkbare_gemeenten(tiny, "GM0505", 2023)["gemeente_code"].tolist() == ["GM0489", "GM0512"]
    # No population for the gemeente itself in that year: no comparison at all.
    assert queries.vergelijkbare_gemeenten(tiny, "GM0482", 2023).empty


def _active_population(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """youths 0-17 per gemeente and year from the raw table: the newest active batch wins."""
    rows = con.execute("SELECT p.gemeente_code, p.jaar, p.jeugdigen_0_17, p.batch_id FROM gemeente_jaar p "
                       "JOIN batch b USING (batch_id) WHERE b.status = 'actief'").df()
    return rows.sort_values("batch_id").drop_duplicates(["gemeente_code", "jaar"], keep="last")


@pytest.mark.parametrize("code", ["GM0505", "GM0599", "GM0244"])
def test_similar_gemeenten_on_the_example_data_match_pandas(example, code):
    population = _active_population(example)
    year = population[population["jeugdigen_0_17"] > 0]
    year = year[year["jaar"] == year["jaar"].max()]
    own = float(year.loc[year["gemeente_code"] == code, "jeugdigen_0_17"].iloc[0])
    others = year[year["gemeente_code"] != code].assign(
        afstand=lambda f: np.abs(np.log(f["jeugdigen_0_17"] / own)))
    expected = others.sort_values(["afstand", "gemeente_code"])["gemeente_code"].head(5).tolist()
    frame = queries.vergelijkbare_gemeenten(example, code, int(year["jaar"].max()))
    assert frame["gemeente_code"].tolist() == expected
    assert len(expected) == 5
    assert set(frame["regio_code"]) - {example.execute("SELECT regio_code FROM gemeente WHERE gemeente_code = ?",
                                                       [code]).fetchone()[0]}, "all five from the own region"


# --- per year: spend and volumes ----------------------------------------------------------------

PER_JAAR = ["jaar", "groep", "gemeenten", "jeugdigen_0_17", "realisatie_eur", "eur_per_jeugdige", "jeugdigen",
            "per_1000_jeugdigen", "jeugdigen_klein", "jeugdigen_residentieel", "residentieel_per_1000",
            "jeugdigen_residentieel_klein"]


def test_vergelijking_per_jaar_hand_computed(tiny):
    frame = queries.vergelijking_per_jaar(tiny, "GM0505", SIMILAR_2024, 2023, 2024)
    assert_rows(frame, PER_JAAR, [
        # 2023: no trajecten; in the region only Dordrecht has spend, so only its youths divide it.
        (2023, "gemeente", 1, 1000, 800_000.0, 800.0, NAN, NAN, False, NAN, NAN, False),
        (2023, "regio", 2, 2900, 800_000.0, 800.0, NAN, NAN, False, NAN, NAN, False),
        (2023, "vergelijkbaar", 1, 1900, NAN, NAN, NAN, NAN, False, NAN, NAN, False),
        # 2024: Dordrecht 9 youths (6 + 3 for its hidden segment 1 cell), per 1000: 9000 / 1000 = 9;
        # residential 3 (the hidden cell): masked with its rate, the 9 stay visible.
        (2024, "gemeente", 1, 1000, 1_500_000.0, 1500.0, 9.0, 9.0, False, NAN, NAN, True),
        # ZHZ: 1.500.000 + 950.000 over 1000 + 1900 (Alblasserdam has no spend and no youths in care);
        # youths 9 + 3 = 12 over 1000 + 1900 (12 - Dordrecht's 9 = Gorinchem's published 3, not its count);
        # residential 3 + 0 = 3: masked.
        (2024, "regio", 3, 5000, 2_450_000.0, 2_450_000 / 2900, 12.0, 12_000 / 2900, False, NAN, NAN, True),
        # Gorinchem 950.000 + Rotterdam 520.000 + Apeldoorn 1.000.000 over 1900 + 520 + 2000;
        # youths 3 + 9 + 5 = 17 and residential 0 + 3 + 5 = 8, both over 1900 + 520 + 2000 = 4420
        # (Brummen and Alblasserdam have no youths in care).
        (2024, "vergelijkbaar", 5, 7020, 2_470_000.0, 2_470_000 / 4420, 17.0, 17_000 / 4420, False,
         8.0, 8_000 / 4420, False),
    ])


def test_a_group_total_never_gives_back_a_hidden_count(tmp_path):
    # Two datasets that differ only in the size of the two hidden cells: Gorinchem 4A (all its youths) and
    # Rotterdam B (its residential youths) hold 1 youth each (G1; P1) or 4 (G1-G4; P1, P7, P8, P9).
    results = {}
    for size in (1, 4):
        con = _tiny_db(tmp_path / f"cel_{size}.duckdb", _trajecten(gorinchem=size, rotterdam_b=size))
        try:
            results[size] = (queries.vergelijking_per_jaar(con, "GM0505", ["GM0512", "GM0599"], 2024, 2024),
                             queries.kaart_gemeenten(con, 2024))
        finally:
            con.close()
    # Everything shown is the same whatever the hidden sizes (the source names the upload by its hash: left out).
    for one, four in zip(results[1], results[4], strict=True):
        pdt.assert_frame_equal(one.drop(columns="bron"), four.drop(columns="bron"))
    groups, kaart = results[1]
    # Either size: Gorinchem 3 (hidden cell), residential 0; Rotterdam E P1-P6 (6) + the hidden B cell 3 = 9,
    # residential 3; Dordrecht 6 + 3 = 9, residential 3.
    #   regio (Dordrecht, Gorinchem, Alblasserdam): 9 + 3 = 12 over 1000 + 1900; residential 3 + 0 = 3 -> "<5"
    #   vergelijkbaar (Gorinchem, Rotterdam): 3 + 9 = 12 over 1900 + 520; residential 0 + 3 = 3 -> "<5"
    assert_rows(groups, ["groep", "jeugdigen", "per_1000_jeugdigen", "jeugdigen_klein", "jeugdigen_residentieel",
                         "jeugdigen_residentieel_klein"], [
        ("gemeente", 9.0, 9.0, False, NAN, True),
        ("regio", 12.0, 12_000 / 2900, False, NAN, True),
        ("vergelijkbaar", 12.0, 12_000 / 2420, False, NAN, True),
    ])
    # The group total minus the members shown on the map gives the published 3, never the hidden 1 or 4.
    total = groups.set_index("groep")["jeugdigen"]
    shown = kaart.set_index("gemeente_code")
    assert shown.loc["GM0512", "jeugdigen_klein"] and math.isnan(shown.loc["GM0512", "jeugdigen"])
    assert total["regio"] - shown.loc["GM0505", "jeugdigen"] == 3          # 12 - Dordrecht 9
    assert total["vergelijkbaar"] - shown.loc["GM0599", "jeugdigen"] == 3  # 12 - Rotterdam 9


def test_vorm_mix_shares_per_group(tiny):
    frame = queries.vorm_mix(tiny, "GM0505", SIMILAR_2024, 2024)
    assert_rows(frame, ["groep", "vorm", "realisatie_eur", "aandeel"], [
        ("gemeente", "ambulant", 1_000_000.0, 2 / 3),
        ("gemeente", "residentieel", 500_000.0, 1 / 3),
        ("regio", "ambulant", 1_950_000.0, 1_950_000 / 2_450_000),
        ("regio", "residentieel", 500_000.0, 500_000 / 2_450_000),
        ("vergelijkbaar", "ambulant", 2_210_000.0, 2_210_000 / 2_470_000),   # 950.000 + 260.000 + 1.000.000
        ("vergelijkbaar", "residentieel", 260_000.0, 260_000 / 2_470_000),
    ])


def test_kaart_gemeenten_masks_each_count_with_its_rate(tiny):
    frame = queries.kaart_gemeenten(tiny, 2024)
    assert_rows(frame, ["gemeente_code", "eur_per_jeugdige", "jeugdigen", "per_1000_jeugdigen", "jeugdigen_klein",
                        "jeugdigen_residentieel", "residentieel_per_1000", "jeugdigen_residentieel_klein"], [
        ("GM0200", 500.0, 5.0, 2.5, False, 5.0, 2.5, False),
        ("GM0213", NAN, NAN, NAN, False, NAN, NAN, False),                  # no figures at all
        ("GM0482", NAN, NAN, NAN, False, NAN, NAN, False),
        ("GM0489", NAN, NAN, NAN, False, NAN, NAN, False),
        ("GM0505", 1500.0, 9.0, 9.0, False, NAN, NAN, True),               # 6 + 3; residential 3 (hidden cell)
        ("GM0512", 500.0, NAN, NAN, True, 0.0, 0.0, False),                # 3 (hidden cell); zero is not masked
        ("GM0599", 1000.0, 9.0, 9_000 / 520, False, NAN, NAN, True),       # 6 + 3; residential 3 (hidden cell)
    ])


def test_per_1000_on_the_example_data_match_pandas(example):
    code, year = "GM0505", 2025
    similar = queries.vergelijkbare_gemeenten(example, code, year)["gemeente_code"].tolist()
    frame = queries.vergelijking_per_jaar(example, code, similar, 2019, year).set_index(["jaar", "groep"])
    population = _active_population(example)
    counts = example.execute("SELECT gemeente_code, jaar, jeugdigen, jeugdigen_residentieel "
                             "FROM mart_jeugdigen_gemeente_jaar").df()
    spend = example.execute("SELECT gemeente_code, jaar, bedrag_eur FROM mart_uitgaven_gemeente_jaar "
                            "WHERE soort = 'realisatie'").df().groupby(["gemeente_code", "jaar"], as_index=False).sum()
    regio = example.execute("SELECT gemeente_code FROM gemeente WHERE regio_code = 'ZHZ'").df()["gemeente_code"]
    for groep, members in (("gemeente", [code]), ("regio", list(regio)), ("vergelijkbaar", similar)):
        part = population[population["gemeente_code"].isin(members) & (population["jaar"] == year)]
        part = part.merge(counts, on=["gemeente_code", "jaar"]).merge(spend, on=["gemeente_code", "jaar"])
        row = frame.loc[(year, groep)]
        assert row["per_1000_jeugdigen"] == pytest.approx(1000 * part["jeugdigen"].sum() / part["jeugdigen_0_17"].sum())
        assert row["residentieel_per_1000"] == pytest.approx(
            1000 * part["jeugdigen_residentieel"].sum() / part["jeugdigen_0_17"].sum())
        assert row["eur_per_jeugdige"] == pytest.approx(part["bedrag_eur"].sum() / part["jeugdigen_0_17"].sum())


def test_residential_counts_on_the_map_are_masked_exactly_when_small_in_the_example_data(example):
    # The calibrated example has no gemeente with 1-4 youths in residential care in a year (test_example_data.py);
    # the hidden case itself is test_kaart_gemeenten_masks_each_count_with_its_rate on the tiny data.
    frame = queries.kaart_gemeenten(example, 2025).set_index("gemeente_code")
    raw = example.execute("SELECT gemeente_code, jeugdigen_residentieel FROM mart_jeugdigen_gemeente_jaar "
                          "WHERE jaar = 2025").df().set_index("gemeente_code")["jeugdigen_residentieel"]
    small = (raw > 0) & (raw < 5)
    assert (frame.loc[raw.index, "jeugdigen_residentieel_klein"] == small).all()
    assert frame.loc[raw.index[small], ["jeugdigen_residentieel", "residentieel_per_1000"]].isna().all().all()
    shown = raw[~small]
    assert len(shown) == 31
    assert (frame.loc[shown.index, "jeugdigen_residentieel"] == shown).all()


# --- consultation themes ------------------------------------------------------------------------

def test_gemeente_themas_count_the_source_points(example):
    source = pd.read_csv(SOURCES_DIR / "consultation_zhz.csv")
    points = source[(source["gemeente"] == "Dordrecht") & (source["theme"] != "algemeen")]
    expected = points["theme"].value_counts()
    frame = queries.gemeente_themas(example, "ZHZ", "GM0505")
    assert dict(zip(frame["thema"], frame["punten"], strict=True)) == expected.to_dict()
    assert frame["punten"].is_monotonic_decreasing
    assert frame["punten"].sum() == len(points)
    assert queries.gemeente_themas(example, "GRJR", "GM0599").empty       # GRJR: regional consultations only


# --- the page -----------------------------------------------------------------------------------

def _dutch_eur(value: float) -> str:
    return "€ " + f"{round(value):,}".replace(",", ".")


def test_page_opens_the_linked_gemeente(example_db: Path) -> None:
    con = duckdb.connect(str(example_db))
    try:
        year = con.execute("SELECT max(jaar) FROM mart_uitgaven_gemeente_jaar WHERE regio_code = 'ZHZ'").fetchone()[0]
        spend = con.execute("SELECT sum(bedrag_eur) FROM mart_uitgaven_gemeente_jaar WHERE gemeente_code = 'GM0512' "
                            "AND soort = 'realisatie' AND jaar = ?", [year]).fetchone()[0]
        population = _active_population(con)
        own = population[(population["gemeente_code"] == "GM0512") & (population["jaar"] == year)]
        similar = queries.vergelijkbare_gemeenten(con, "GM0512", year)["gemeente"].tolist()
    finally:
        con.close()
    per_youth = spend / float(own["jeugdigen_0_17"].iloc[0])

    # An older link with ?gemeente= opens that profile, and the gemeente becomes the filter bar's.
    at = open_app(example_db, {"gemeente": "GM0512"})
    at.switch_page("pages/gemeente.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["Hoe staat Gorinchem ervoor, naast de regio en vergelijkbare gemeenten?"]
    assert at.selectbox(key="gemeente_keuze").value == "GM0512"
    assert at.multiselect(key="filter_gemeenten").value == ["GM0512"]
    assert at.query_params["gemeenten"] == "GM0512" and "gemeente" not in at.query_params
    metric = next(m for m in at.metric if m.label == "Uitgaven per jeugdige (0-17)")
    assert metric.value == _dutch_eur(per_youth)
    assert any(w.value.startswith("Voorbeelddata (fictief)") for w in at.warning)
    rule = next(m.value for m in at.markdown if m.value.startswith("**Vergelijkbare gemeenten"))
    assert all(naam in rule for naam in similar), (similar, rule)
    # Only the open tab is drawn: Uitgaven's two charts, no map until the Kaart tab is opened.
    assert at.session_state["gemeente_tab"] == "Uitgaven"
    assert len(at.get("plotly_chart")) == 2
    assert "Kaart: CBS / PDOK (CBS gebiedsindelingen), vereenvoudigd door cartomap/nl (CC BY 4.0)" not in [
        c.value for c in at.caption]
    at.session_state["gemeente_tab"] = "Kaart"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Kaart: CBS / PDOK (CBS gebiedsindelingen), vereenvoudigd door cartomap/nl (CC BY 4.0)" in [
        c.value for c in at.caption]
    assert len(at.get("plotly_chart")) == 1   # the region's map; the country's waits behind its own tab

    # Another gemeente in the selectbox: title, filter bar, URL and figures follow.
    at.selectbox(key="gemeente_keuze").set_value("GM0505").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value.startswith("Hoe staat Dordrecht ervoor")
    assert at.multiselect(key="filter_gemeenten").value == ["GM0505"]
    assert at.query_params["gemeenten"] == "GM0505"
    assert next(m for m in at.metric if m.label == "Uitgaven per jeugdige (0-17)").value != metric.value


def test_the_first_gemeente_of_the_filter_bar_is_shown(example_db: Path) -> None:
    at = open_app(example_db, {"gemeenten": "GM0590,GM0505"})
    at.switch_page("pages/gemeente.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value.startswith("Hoe staat Papendrecht ervoor")
    assert at.query_params["gemeenten"] == "GM0590,GM0505"


def test_a_year_without_population_figures_explains_instead_of_failing(
        example_db: Path, example_template: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    # A year with figures but no population yet (CBS publishes them later): the population of the last year removed
    # from a copy of the example database.
    copy = copy_example(example_template, tmp_path_factory, "zonder_inwoners")
    con = duckdb.connect(str(copy))
    try:
        offered = max(queries.jaren(con, "ZHZ"))
        con.execute("DELETE FROM gemeente_jaar WHERE jaar = ?", [offered])
    finally:
        con.close()
    with app_on(copy, tmp_path_factory):
        at = open_app(copy, {"gemeenten": "GM0505", "jaren": f"{offered},{offered}"})
        at.session_state["gemeente_tab"] = "Kaart"
        at.switch_page("pages/gemeente.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value.startswith("Hoe staat Dordrecht ervoor")
    infos = [i.value for i in at.info]
    assert f"Voor {offered} zijn er geen inwonertallen of cijfers per gemeente van Zuid-Holland Zuid: kies in de " \
           "zijbalk een ander jaar om de kaart te zien." in infos



@pytest.mark.parametrize(("regio", "code", "said"), [("GRJR", "GM0599", True), ("MIJOV", "GM0244", False)])
def test_profile_says_grjr_counts_only_regional_care_when_compared_across_regions(example, regio, code, said):
    sel = Selectie(regio=regio, regio_naam=regio, gemeenten=(code,), gemeente_namen=(code,), jaar_van=2019,
                   jaar_tot=2025, segmenten=())
    data = gemeente.load(example, sel, code)
    regions = set(data.vergelijkbaar["regio_code"]) | {regio}
    assert ("GRJR" in regions and len(regions) > 1) is said
    assert (data.reikwijdte is not None) is said
    if said:
        assert "alleen over jeugdhulp die de regio samen inkoopt" in data.reikwijdte


def test_every_choice_is_also_its_widgets_default(example_db: Path) -> None:
    """A browser that loses a widget's value (seen when a click came during a rerun) sends the widget's default: the
    reader's own choice, not the first region of the list or the region's first gemeente (the profile of Apeldoorn
    opened instead of Dordrecht's). So each filter and the profile's selectbox carry the current choice as default."""
    at = open_app(example_db, {"regio": "GRJR", "gemeenten": "GM0599,GM0606", "jaren": "2021,2023"})
    at.switch_page("pages/gemeente.py").run()
    assert not at.exception, [e.value for e in at.exception]
    regio = at.selectbox(key="filter_regio")
    assert regio.options[regio.proto.default] == "Rijnmond (GRJR)"
    assert regio.options[0] != "Rijnmond (GRJR)"   # the first option is another region: the default matters
    gemeenten = at.multiselect(key="filter_gemeenten")
    assert [gemeenten.options[i] for i in gemeenten.proto.default] == ["Rotterdam", "Schiedam"]
    assert list(at.slider(key="filter_jaren").proto.default) == [2021, 2023]
    keuze = at.selectbox(key="gemeente_keuze")
    assert keuze.options[keuze.proto.default] == "Rotterdam"
    assert keuze.options[0] != "Rotterdam"

    # After the reader's own change the defaults follow it.
    at.selectbox(key="gemeente_keuze").set_value("GM0606").run()
    assert not at.exception, [e.value for e in at.exception]
    keuze = at.selectbox(key="gemeente_keuze")
    assert keuze.options[keuze.proto.default] == "Schiedam"
    gemeenten = at.multiselect(key="filter_gemeenten")
    assert [gemeenten.options[i] for i in gemeenten.proto.default] == ["Schiedam", "Rotterdam"]
