"""One query where a page needs several views of the same rows (issue 14): the bundled paths give exactly what the
separate queries give, on the example database (the separate ones are tested for their figures in test_kpi.py,
test_queries.py and test_pagedata*.py)."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from jeugdhulp import kpi, queries
from tests.conftest import copy_example

MEASURES = ("wachttijd", "verblijfsduur")


@pytest.mark.parametrize(("regio", "gemeenten", "segmenten", "jaren"), [
    ("GRJR", [], [], (2019, 2024)),
    ("GRJR", ["GM0599", "GM0622"], [], (2020, 2023)),
    ("ZHZ", ["GM0505"], ["1"], (2022, 2022)),
])
def test_kpi_bundels_equals_one_query_per_measure(example, regio, gemeenten, segmenten, jaren):
    together = queries.kpi_bundels(example, MEASURES, regio, gemeenten, segmenten, *jaren, met_regio=True)
    for measure in MEASURES:
        alone = queries.kpi_bundel(example, measure, regio, gemeenten, segmenten, *jaren)
        assert set(together[measure]) == {"jaar", "segment", "inkoopmodel", "regio"}
        for per in ("jaar", "segment", "inkoopmodel"):
            pd.testing.assert_frame_equal(together[measure][per], alone[per])
        # 'regio': the whole region per year, as a query without a selection gives it.
        whole = queries.kpi_bundel(example, measure, regio, [], segmenten, *jaren)["jaar"]
        pd.testing.assert_frame_equal(together[measure]["regio"], whole)
    assert len(together["wachttijd"]["jaar"]) > 0


def test_kpi_bundel_leaves_out_the_region_unless_asked(example):
    assert set(queries.kpi_bundel(example, "wachttijd", "GRJR", [], [], 2019, 2024)) == {"jaar", "segment",
                                                                                          "inkoopmodel"}


@pytest.mark.parametrize(("gemeenten", "segment"), [([], None), (["GM0599"], None), (["GM0599", "GM0606"], "B")])
def test_doel_status_from_a_series_loaded_once(example, gemeenten, segment):
    args = ("GRJR", gemeenten, "residentieel_volume", segment, 2021, 2025, -30.0, 2024)
    alone = queries.doel_status(example, *args)
    series = queries.doel_reeks(example, "GRJR", "residentieel_volume", segment)
    pd.testing.assert_frame_equal(queries.doel_status(example, *args, series=series), alone)
    only = queries.doel_status(example, *args, series=series, alleen_selectie=True)
    pd.testing.assert_frame_equal(only, alone[alone["niveau"] == "selectie"].reset_index(drop=True))
    assert only["naam"].tolist() == ["Selectie" if gemeenten else "Hele regio"]
    for groep in ("selectie", "inkoopmodel"):
        pd.testing.assert_frame_equal(
            queries.doel_jaarreeks(example, "GRJR", gemeenten, "residentieel_volume", segment, groep=groep,
                                   series=series),
            queries.doel_jaarreeks(example, "GRJR", gemeenten, "residentieel_volume", segment, groep=groep))


def test_doel_status_of_a_selection_without_rows_is_too_little_data(example):
    series = queries.doel_reeks(example, "GRJR", "residentieel_volume", None)
    out = queries.doel_status(example, "GRJR", ["GM9999"], "residentieel_volume", None, 2021, 2025, -30.0, 2024,
                              series=series, alleen_selectie=True)
    assert out[["niveau", "naam", "status", "voorbeeld", "bron"]].values.tolist() == [
        ["selectie", "Selectie", "te weinig gegevens", False, ""]]


@pytest.mark.parametrize("regio", ["ZHZ", "MIJOV", "GRJR"])
def test_consultation_views_from_points_read_once(example, regio):
    points = queries.consultatie_punten(example, regio)
    for per in ("thema", "kernwaarde"):
        pd.testing.assert_frame_equal(queries.consultatie_matrix(example, regio, per=per, points=points),
                                      queries.consultatie_matrix(example, regio, per=per))
    pd.testing.assert_frame_equal(queries.thema_ranking(example, regio, points=points),
                                  queries.thema_ranking(example, regio))
    pd.testing.assert_frame_equal(queries.thema_reacties(example, regio, points=points),
                                  queries.thema_reacties(example, regio))


def test_providers_from_rows_read_once(example):
    rows = queries.aanbieders_rijen(example, "GRJR", [], [], 2023)
    pd.testing.assert_frame_equal(queries.aanbieders_lijst(rows), queries.aanbieders(example, "GRJR", [], [], 2023))
    pd.testing.assert_frame_equal(queries.aanbieders_tellen(rows),
                                  queries.aanbieders_per_segment(example, "GRJR", [], [], 2023))


def _reference(con, measure, regio, gemeenten, segmenten, jaren, part):
    """A frame of the bundle the way it was computed before DuckDB summed it per grouping set (issue 14): every row
    of the measure's histogram query (sql/queries/<measure>_histogram.sql, per gemeente's segment, model and day),
    handed to kpi.histogram_stats as it is."""
    params = {"regio": regio, "gemeenten": gemeenten, "segmenten": segmenten, "jaar_van": jaren[0],
              "jaar_tot": jaren[1]}
    rows = con.execute(queries._sql(f"{measure}_histogram"), params).df()
    rows = rows.rename(columns={queries._DAG_KOLOM[measure]: "dagen"})
    rows["dagen"] = rows["dagen"].astype(float)
    norm = "norm_dagen" if measure == "wachttijd" else None
    if part == "jaar":
        return kpi.histogram_stats(rows[rows["in_selectie"]], ["jaar"], "dagen", norm=norm)
    return kpi.histogram_stats(rows[rows["in_selectie"]], ["volgorde"], "dagen", norm=norm)


@pytest.fixture(scope="module")
def two_norms(example_template, tmp_path_factory):
    """The example with a second waiting-time norm in GRJR: 30 days for pakket E beside the crisis norm of one day
    (pakket F), so the cells of one year have different norms."""
    path = copy_example(example_template, tmp_path_factory, "two_norms")
    con = duckdb.connect(str(path))
    batch = con.execute("SELECT max(batch_id) + 1 FROM batch").fetchone()[0]
    con.execute("INSERT INTO batch (batch_id, kind, bestand, sha256, bron, voorbeeld, regio_code, rijen, gebruiker, "
                "geladen_op, status) VALUES (?, 'doelen', 'norm.csv', 'x', 'proef', true, 'GRJR', 1, 'test', now(), "
                "'actief')", [batch])
    con.execute("INSERT INTO doel (batch_id, kpi, doeljaar, doelwaarde, regio_code, segment_code) "
                "VALUES (?, 'wachttijd', 2025, 30, 'GRJR', 'E')", [batch])
    yield con
    con.close()


@pytest.mark.parametrize(("regio", "gemeenten", "segmenten", "jaren"), [
    ("GRJR", [], [], (2019, 2024)),
    ("GRJR", ["GM0599", "GM0622"], [], (2020, 2023)),
    ("GRJR", [], ["E", "F"], (2019, 2024)),
    ("ZHZ", ["GM0505"], ["1"], (2022, 2022)),
])
def test_kpi_bundels_equal_the_statistics_of_every_histogram_row(two_norms, regio, gemeenten, segmenten, jaren):
    together = queries.kpi_bundels(two_norms, MEASURES, regio, gemeenten, segmenten, *jaren)
    for measure in MEASURES:
        for part in ("jaar", "segment"):
            got = together[measure][part].drop(columns=["segment"], errors="ignore")
            pd.testing.assert_frame_equal(got, _reference(two_norms, measure, regio, gemeenten, segmenten, jaren,
                                                          part), check_dtype=False)


def test_a_year_with_two_norms_has_no_single_norm_but_one_share(two_norms):
    """GRJR 2024 with norms of 1 day (F) and 30 days (E): the year's row names no norm (there are two), its share
    within the norm counts both segments' cells, each against its own norm; per segment each has its own."""
    bundle = queries.kpi_bundel(two_norms, "wachttijd", "GRJR", [], [], 2024, 2024)
    year = bundle["jaar"].iloc[0]
    assert np.isnan(year["norm_dagen"]) and 0 < year["binnen_norm"] < 1
    per_segment = bundle["segment"].set_index("segment")["norm_dagen"]
    assert per_segment["Specialistische ambulante hulp (pakket E)"] == 30.0
    assert per_segment["Crisis (pakket F)"] == 1.0
    assert per_segment.isna().sum() == len(per_segment) - 2


@pytest.mark.parametrize("alleen", [("jaar",), ("jaar", "regio"), ("segment",), ("inkoopmodel",),
                                    ("regio", "inkoopmodel")])
def test_any_choice_of_frames_gives_the_frames_of_all_of_them(example, alleen):
    """A page that asks for fewer frames (the Gemeenteprofiel: 'jaar' and 'regio') gets the same ones."""
    every = queries.kpi_bundels(example, MEASURES, "GRJR", ["GM0599"], [], 2019, 2024, met_regio=True)
    chosen = queries.kpi_bundels(example, MEASURES, "GRJR", ["GM0599"], [], 2019, 2024, alleen=alleen)
    for measure in MEASURES:
        assert set(chosen[measure]) == set(alleen)
        for part in alleen:
            pd.testing.assert_frame_equal(chosen[measure][part], every[measure][part])
