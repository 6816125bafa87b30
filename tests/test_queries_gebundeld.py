"""One query where a page needs several views of the same rows (issue 14): the bundled paths give exactly what the
separate queries give, on the example database (the separate ones are tested for their figures in test_kpi.py,
test_queries.py and test_pagedata*.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from jeugdhulp import queries

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
