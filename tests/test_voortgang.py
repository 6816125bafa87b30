"""Progress of an import: the stages a user sees, in order, with the rows done."""

from __future__ import annotations

import datetime as dt
import time

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


def test_reading_tells_an_estimate_in_megabytes_until_checking_begins(con, monkeypatch):
    """Fresh eyes: the bar stood still while a 1M-row workbook was read (15 of 23 s), because a reader tells nothing.
    Here reading is made to look slow (8 MB at 4 MB/s expected) and the estimate is told every 10 ms: it moves, and
    stops once checking begins."""
    monkeypatch.setattr("loaders.importer.READ_MB_PER_SECOND", 4)
    monkeypatch.setattr(voortgang, "SCHATTING_INTERVAL", 0.01)
    monkeypatch.setattr("loaders.importer.unpacked_megabytes", lambda data: 8)
    real_read = __import__("loaders.importer", fromlist=["read_file"]).read_file

    def slow_read(name, data):
        time.sleep(0.5)
        return real_read(name, data)

    monkeypatch.setattr("loaders.importer.read_file", slow_read)
    heard: list[tuple[str, int, int]] = []
    report, _ = check_file(con, InputFile("trajecten.xlsx", _trajecten(3)), key=TEST_KEY, fast=False,
                           progress=lambda stage, done, total: heard.append((stage, done, total)))
    assert report.ok, report.problems
    reading = [(d, t) for s, d, t in heard if s == voortgang.LEZEN]
    assert reading[0] == (0, 8) and len(reading) > 3
    assert {t for _, t in reading} == {8}
    assert [d for d, _ in reading] == sorted(d for d, _ in reading) and reading[-1][0] >= 1
    first_check = next(i for i, (s, _, _) in enumerate(heard) if s == voortgang.CONTROLEREN)
    assert all(s != voortgang.LEZEN for s, _, _ in heard[first_check:])


def test_an_estimate_grows_with_time_stops_short_of_done_and_says_it_is_one(monkeypatch):
    monkeypatch.setattr(voortgang, "SCHATTING_INTERVAL", 0.01)
    seconds = iter([0, 2, 4, 9, 60, 61, 62, 63, 64, 65])   # the start, then one reading per estimate
    heard: list[tuple[str, int, int]] = []
    with voortgang.geschat(lambda *a: heard.append(a), voortgang.LEZEN, 100, 10, clock=lambda: next(seconds)) as told:
        deadline = time.monotonic() + 30
        while len(heard) < 4 and time.monotonic() < deadline:
            time.sleep(0.01)
        told(voortgang.CONTROLEREN, 0, 12)
        time.sleep(0.05)
    assert heard[:4] == [(voortgang.LEZEN, 20, 100), (voortgang.LEZEN, 40, 100), (voortgang.LEZEN, 90, 100),
                         (voortgang.LEZEN, 95, 100)]   # 60 of the 10 s expected: still 95 %
    assert heard[-1] == (voortgang.CONTROLEREN, 0, 12) and len(heard) <= 6
    assert voortgang.tekst(voortgang.LEZEN, 95, 444) == "lezen: ongeveer 95 van 444 MB"
    assert voortgang.tekst(voortgang.LEZEN, 0, 444) == "lezen: 444 MB"
