"""Incremental marts (jeugdhulp.db.refresh_marts with regions): after an import, a replacing import, a
volumes import that hides example trajecten, and undo, the marts equal a full rebuild of the same data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from jeugdhulp import db
from loaders.importer import InputFile, import_file, undo_batch
from loaders.secret import pseudonym_key
from tests.conftest import copy_example, make_csv

MARTS = [name for name in db.MART_ORDER if name.startswith("mart_")]
HEADER = ["Cliëntnummer", "Gemeente", "Segment", "Startdatum", "Einddatum", "Aanmelddatum", "Aanbieder"]


@pytest.fixture
def example_copy(example_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    con = db.connect(copy_example(example_template, tmp_path_factory, "incremental"))
    yield con
    con.close()


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {name: con.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall() for name in MARTS}  # noqa: S608


def full_rebuild(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """The marts as a full rebuild makes them, rolled back afterwards."""
    con.execute("BEGIN TRANSACTION")
    try:
        db.refresh_marts(con)
        return snapshot(con)
    finally:
        con.execute("ROLLBACK")


def trajecten(rows: list[list[object]]) -> bytes:
    return make_csv([HEADER, *rows])


def load(con: duckdb.DuckDBPyConnection, name: str, data: bytes, **kwargs: object) -> int:
    report = import_file(con, InputFile(name, data), user="test", key=pseudonym_key(), **kwargs)
    assert report.ok, report.problems
    return report.batch_ids[0]


def test_refresh_with_regions_keeps_other_gemeenten_and_equals_full_rebuild(example_copy):
    con = example_copy
    before = snapshot(con)
    other = [row for row in before["mart_trajecten_segment_jaar"] if row[0] not in ("GM0505", "GM0642")]
    assert other, "the example data has trajecten outside Zuid-Holland Zuid"
    # Two ZHZ gemeenten only, years inside the example's range: the last year does not change.
    first = load(con, "zhz.csv", trajecten([
        ["A1", "Dordrecht", "Segment 1", "01-03-2022", "30-06-2023", "01-02-2022", "Aanbieder X"],
        ["A2", "Dordrecht", "Segment 2", "01-03-2022", "", "15-01-2022", "Aanbieder X"],
        ["A3", "Zwijndrecht", "Segment 1", "10-10-2021", "31-12-2021", "", "Aanbieder Y"],
    ]))
    after = snapshot(con)
    assert after == full_rebuild(con)
    # The example's other regions kept their rows untouched.
    assert [row for row in after["mart_trajecten_segment_jaar"] if row[0] not in
            {g for (g,) in con.execute("SELECT gemeente_code FROM gemeente WHERE regio_code = 'ZHZ'").fetchall()}] \
        == [row for row in before["mart_trajecten_segment_jaar"] if row[0] not in
            {g for (g,) in con.execute("SELECT gemeente_code FROM gemeente WHERE regio_code = 'ZHZ'").fetchall()}]
    # A replacing import of the same region and year.
    second = load(con, "zhz-2022.csv", trajecten([
        ["B1", "Dordrecht", "Segment 1", "01-04-2022", "30-04-2022", "01-03-2022", "Aanbieder Z"],
    ]), replace=True)
    assert snapshot(con) == full_rebuild(con)
    assert undo_batch(con, second)
    assert snapshot(con) == full_rebuild(con)
    assert undo_batch(con, first)
    assert snapshot(con) == full_rebuild(con)
    assert snapshot(con) == before


def test_a_later_last_year_rebuilds_every_gemeente(example_copy):
    con = example_copy
    last = con.execute("SELECT max(jaar) FROM mart_trajecten_segment_jaar").fetchone()[0]
    batch = load(con, "later.csv", trajecten([
        ["L1", "Dordrecht", "Segment 1", f"01-01-{last + 1}", "", "", "Aanbieder X"],
    ]))
    assert con.execute("SELECT max(jaar) FROM mart_trajecten_segment_jaar").fetchone()[0] == last + 1
    # Open trajectories elsewhere now run one year longer too: only a full rebuild gets that right.
    assert snapshot(con) == full_rebuild(con)
    assert undo_batch(con, batch)
    assert snapshot(con) == full_rebuild(con)


def test_volumes_hiding_example_trajecten_refresh_their_region(example_copy):
    con = example_copy
    volumes = make_csv([["Gemeente", "Jaar", "Segment", "Aantal jeugdigen"], ["Dordrecht", 2023, "Segment 1", 12]])
    batch = load(con, "volumes.csv", volumes)
    assert snapshot(con) == full_rebuild(con)
    assert undo_batch(con, batch)
    assert snapshot(con) == full_rebuild(con)


REFERENCE = Path(__file__).parent / "mart_reference"


@pytest.mark.parametrize("mart", ["mart_kpi_gemeente_jaar", "mart_jeugdigen_gemeente_jaar",
                                  "mart_trajecten_segment_jaar"])
def test_rewritten_marts_equal_their_count_distinct_formulation(example_copy, mart):
    """The marts that count youths on the temporary tables (plain GROUP BYs) give what their first formulation with
    count(DISTINCT) FILTER gave (kept in tests/mart_reference), on the example data with small Dordrecht cells
    added."""
    con = example_copy
    load(con, "klein.csv", trajecten([
        ["K1", "Dordrecht", "Segment 1", "01-03-2022", "", "", "A"],
        ["K1", "Dordrecht", "Segment 2", "01-03-2022", "", "", "A"],
        ["K2", "Dordrecht", "Segment 2", "01-05-2022", "01-06-2023", "", "A"],
        *[[f"G{i}", "Dordrecht", "Segment 3", "01-01-2023", "", "", "B"] for i in range(6)],
    ]))
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE mart_scope AS SELECT gemeente_code FROM gemeente")
        for temporary in (name for name in db.MART_ORDER if name.startswith("tmp_")):
            con.execute((db.SQL_DIR / "marts" / f"{temporary}.sql").read_text(encoding="utf-8"))
        results = []
        for path in (REFERENCE / f"{mart}.sql", db.SQL_DIR / "marts" / f"{mart}.sql"):
            con.execute(path.read_text(encoding="utf-8"))
            results.append(con.execute(f"SELECT * FROM {mart} ORDER BY ALL").fetchall())  # noqa: S608
    finally:
        con.execute("ROLLBACK")
    assert results[0] == results[1]
    assert len(results[0]) > 100
