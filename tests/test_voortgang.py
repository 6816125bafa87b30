"""Progress of an import: the stages a user sees, in order, with the rows done."""

from __future__ import annotations

import datetime as dt

import pytest

from jeugdhulp import voortgang
from loaders.importer import InputFile, check_file, import_file
from tests.conftest import TEST_KEY, make_xlsx, table_snapshot


def _trajecten(rows: int) -> bytes:
    return make_xlsx({"Trajecten": [
        ["Cliëntnummer", "Gemeente", "Segment", "Startdatum"],
        *[[f"K{i}", "Dordrecht", "4A", dt.date(2024, 1, 1 + i)] for i in range(rows)],
    ]})


def test_import_tells_its_stages_in_order_with_rows_done(con):
    heard: list[tuple[str, int, int]] = []
    report = import_file(con, InputFile("trajecten.xlsx", _trajecten(3)), user="test", key=TEST_KEY,
                         progress=lambda stage, done, total: heard.append((stage, done, total)))
    assert report.ok, report.problems
    stages = list(dict.fromkeys(stage for stage, _, _ in heard))
    assert stages == ["lezen", "controleren", "opslaan", "overzichten bijwerken"]
    assert ("opslaan", 3, 3) in heard
    # Rows done never go back within a stage, and never pass the total.
    for stage in stages:
        done = [(d, t) for s, d, t in heard if s == stage]
        assert [d for d, _ in done] == sorted(d for d, _ in done)
        assert all(t == 0 or d <= t for d, t in done)


def test_refused_import_stops_after_checking(con):
    heard: list[str] = []
    before = table_snapshot(con)
    bad = make_xlsx({"Trajecten": [["Cliëntnummer", "Gemeente", "Segment", "Startdatum"],
                                   ["K1", "Atlantis", "4A", dt.date(2024, 1, 1)]]})
    report = import_file(con, InputFile("trajecten.xlsx", bad), user="test", key=TEST_KEY,
                         progress=lambda stage, done, total: heard.append(stage))
    assert not report.ok
    assert "opslaan" not in heard and heard[0] == voortgang.LEZEN
    assert table_snapshot(con) == before


@pytest.mark.parametrize("fast", [False, True], ids=["precise", "fast"])
def test_checking_counts_cells_column_by_column(con, fast):
    """Checking goes column by column over every row, so its counter moves per column (a count of rows would stand
    at 0 until the last column): 3 data rows (the header not counted) x 4 mapped columns = 12 cells."""
    heard: list[tuple[str, int, int]] = []
    report, _ = check_file(con, InputFile("trajecten.xlsx", _trajecten(3)), key=TEST_KEY, fast=fast,
                           progress=lambda stage, done, total: heard.append((stage, done, total)))
    assert report.ok, report.problems
    checking = [(d, t) for s, d, t in heard if s == voortgang.CONTROLEREN and t]
    assert checking == [(0, 12), (3, 12), (6, 12), (9, 12), (12, 12)]
    assert voortgang.tekst(voortgang.CONTROLEREN, 6, 12) == "controleren: 6 van 12 cellen"


def test_a_stage_at_its_start_says_its_size_not_zero_done():
    assert voortgang.tekst(voortgang.OPSLAAN, 0, 1_000_000) == "opslaan: 1.000.000 regels"
    assert voortgang.tekst(voortgang.OPSLAAN, 250_000, 1_000_000) == "opslaan: 250.000 van 1.000.000 regels"
    assert voortgang.tekst(voortgang.OVERZICHTEN, 0, 0) == "overzichten bijwerken"
