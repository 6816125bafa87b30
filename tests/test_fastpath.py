"""The fast path (loaders.fastpath) gives what the precise path gives, or steps aside.

Every corpus test (tests/test_corpus.py) runs again with check_file replaced by one that checks each
file both ways, compares report and frames, and hands the fast path's outcome to the test's own
assertions. Small edge cases below say which files the fast path takes and which it leaves."""

from __future__ import annotations

import datetime as dt
import inspect
import io
import re
import zipfile

import numpy as np
import pandas as pd
import pytest
import xlsxwriter  # noqa: F401 - the corpus builders need it

from loaders import fastpath, halves, importer, read
from loaders.importer import InputFile, check_file
from loaders.reference import Reference
from tests import corpus, test_corpus
from tests.conftest import TEST_KEY

CORPUS_TESTS = [f for name, f in vars(test_corpus).items()
                if name.startswith("test_") and list(inspect.signature(f).parameters) == ["con"]]


def same_outcome(slow: tuple, quick: tuple) -> None:
    (slow_report, slow_results), (quick_report, quick_results) = slow, quick
    assert [p.as_row() for p in quick_report.problems] == [p.as_row() for p in slow_report.problems]
    assert quick_report.notes == slow_report.notes
    assert quick_report.sheets == slow_report.sheets
    assert len(quick_results) == len(slow_results)
    for a, b in zip(quick_results, slow_results, strict=True):
        assert (a.sheet, a.kind.name) == (b.sheet, b.kind.name)
        pd.testing.assert_frame_equal(a.frame, b.frame)


@pytest.mark.parametrize("in_halves", [False, True], ids=["whole", "in-halves"])
@pytest.mark.parametrize("corpus_test", CORPUS_TESTS, ids=[f.__name__ for f in CORPUS_TESTS])
def test_fast_path_agrees_on_the_corpus(corpus_test, in_halves, con, monkeypatch):
    if in_halves:   # every sheet the guard can halve is read in two halves (loaders.halves), whatever its size
        monkeypatch.setattr(halves, "MIN_SHEET_BYTES", 0)
        monkeypatch.setattr(read, "_CHUNK", 512)
    real = importer.check_file

    def both(con_, upload, key=None, ref=None, progress=None, fast=None):
        slow = real(con_, upload, key=key, ref=ref, fast=False)
        quick = real(con_, upload, key=key, ref=ref, progress=progress, fast=True)
        same_outcome(slow, quick)
        return quick

    monkeypatch.setattr(importer, "check_file", both)
    corpus_test(con)


HEADER = ["Cliëntnummer", "Gemeente", "Segment", "Productcode", "Startdatum", "Einddatum", "Bedrag"]


def rows(n: int = 6) -> list[list[object]]:
    return [[f"C{i:05d}", ["Dordrecht", "GM0642", "Papendrecht"][i % 3], ["Segment 1", "4A", "2"][i % 3], "45A48",
             dt.datetime(2023, 1, 1) + dt.timedelta(days=i), dt.datetime(2023, 6, 1) + dt.timedelta(days=i),
             100.5 + i] for i in range(n)]


def book(table: list[list[object]], setup=None) -> bytes:
    return corpus.xlsxwriter_book({"Trajecten": table}, {"Trajecten": setup} if setup else None)


def taken(con, data: bytes) -> bool:
    """Whether the fast path itself gave a result, and (either way) that both paths agree."""
    ref = Reference.from_db(con)
    quick = fastpath.fast_sheet("t.xlsx", data, None, ref)
    same_outcome(check_file(con, InputFile("t.xlsx", data), key=TEST_KEY, ref=ref, fast=False),
                 check_file(con, InputFile("t.xlsx", data), key=TEST_KEY, ref=ref, fast=True))
    return quick is not None


def test_a_clean_sheet_takes_the_fast_path_with_the_same_frame(con):
    assert taken(con, book([HEADER, *rows()]))


def test_title_rows_and_a_title_merged_across_columns_still_take_it(con):
    def title(book_, sheet):
        sheet.merge_range("A1:D1", "Trajecten 2023")
    data = book([["Trajecten 2023"], [], HEADER, *rows()], title)
    assert taken(con, data)
    frame = check_file(con, InputFile("t.xlsx", data), key=TEST_KEY, fast=True)[1][0].frame
    assert frame["_rij"].tolist() == [4, 5, 6, 7, 8, 9]


@pytest.mark.parametrize("change", [
    "blank client", "unknown gemeente", "end before start", "total row", "number 1.234 as amount",
    "gemeente as a number", "bool in client", "date cell as client", "eight-digit date", "duplicate row",
    "error cell", "merged over rows", "second sheet", "bsn column",
])
def test_anything_unsure_goes_the_precise_way_with_the_same_outcome(con, change):
    table = [list(HEADER), *rows()]   # a copy: one case appends a column to the header
    setup = None
    if change == "blank client":
        table[3][0] = None
    elif change == "unknown gemeente":
        table[2][1] = "Dordrechtt"
    elif change == "end before start":
        table[2][5] = dt.datetime(2022, 1, 1)
    elif change == "total row":
        table.append([None, "Eindtotaal", None, None, None, None, 603.0])
    elif change == "number 1.234 as amount":
        table[2][6] = 1.234
    elif change == "gemeente as a number":
        table[2][1] = 505
    elif change == "bool in client":
        table[2][0] = True
    elif change == "date cell as client":
        table[2][0] = dt.datetime(2020, 1, 1)
    elif change == "eight-digit date":
        table[2][4] = 20230105
    elif change == "duplicate row":
        table.append(list(table[1]))
    elif change == "error cell":
        def setup(book_, sheet):
            sheet.write_formula(2, 6, "=1/0", None, "#DIV/0!")
    elif change == "merged over rows":
        def setup(book_, sheet):
            sheet.merge_range("B2:B3", "Dordrecht")
    elif change == "bsn column":
        for i, bsn in enumerate(["111222333", "123456782", "999999990", "111111110", "222222220", "100000009"], 1):
            table[i].append(bsn)
        table[0].append("Nummer")
    data = corpus.xlsxwriter_book({"Trajecten": table, **({"Blad2": [["x"]]} if change == "second sheet" else {})},
                                  {"Trajecten": setup} if setup else None)
    assert not taken(con, data)


def test_a_large_file_goes_the_fast_way_by_itself(con, monkeypatch):
    monkeypatch.setattr(fastpath, "FAST_MIN_BYTES", 1)
    calls = []
    real = fastpath.fast_sheet
    monkeypatch.setattr(fastpath, "fast_sheet", lambda *a, **k: calls.append(1) or real(*a, **k))
    report, results = check_file(con, InputFile("t.xlsx", book([HEADER, *rows()])), key=TEST_KEY)
    assert report.ok and calls == [1]
    assert results[0].frame["gemeente_code"].tolist() == ["GM0505", "GM0642", "GM0590"] * 2
    assert np.isclose(report.sheets[0].totals["bedrag_eur"], sum(100.5 + i for i in range(6)))


@pytest.mark.parametrize(("column", "most"), [(0, 100), (7, 2_000)])
def test_a_text_longer_than_its_column_allows_is_refused_both_ways(con, column, most):
    """Fresh eyes: ten 30.000-character client numbers over 1M rows passed the check and took the server 2,3 GB.
    A client number holds at most 100 characters, any other text 2.000; one more refuses the file (tekst-te-lang),
    and the problem quotes the first 200 characters of the cell. At the limit the file is taken."""
    header = ["Cliëntnummer", "Gemeente", "Segment", "Productcode", "Startdatum", "Einddatum", "Bedrag", "Aanbieder"]
    table = [header, *[[*row, "Zorgaanbieder B.V."] for row in rows()]]
    table[2][column] = "x" * most
    ref = Reference.from_db(con)
    assert len(fastpath.fast_sheet("t.xlsx", book(table), None, ref).frame) == len(table) - 1   # the fast path took it
    assert all(check_file(con, InputFile("t.xlsx", book(table)), key=TEST_KEY, fast=fast)[0].ok for fast in (False, True))
    table[3][column] = "y" * (most + 1)
    assert fastpath.fast_sheet("t.xlsx", book(table), None, ref) is None
    report, results = check_file(con, InputFile("t.xlsx", book(table)), key=TEST_KEY, fast=True)
    slow, _ = check_file(con, InputFile("t.xlsx", book(table)), key=TEST_KEY, fast=False)
    assert results == [] and [p.as_row() for p in slow.problems] == [p.as_row() for p in report.problems]
    [problem] = report.problems
    assert (problem.code, problem.row, problem.column) == ("tekst-te-lang", 4, header[column])
    assert problem.value == ("y" * 101 if most == 100 else "y" * 200 + "…")
    assert problem.message == (f"Deze cel heeft meer dan {most:,} tekens; zo lang kan een waarde in deze kolom niet "
                               "zijn.").replace(",", ".")


def test_a_sheet_read_in_halves_gives_the_same_frame(con, monkeypatch):
    data = book([HEADER, *rows(300)])
    ref = Reference.from_db(con)
    whole = fastpath.fast_sheet("t.xlsx", data, None, ref)
    monkeypatch.setattr(halves, "MIN_SHEET_BYTES", 0)
    monkeypatch.setattr(read, "_CHUNK", 4096)
    tables = []
    real = halves.Halves.table
    monkeypatch.setattr(halves.Halves, "table", lambda self: tables.append(real(self)) or tables[-1])
    in_halves = fastpath.fast_sheet("t.xlsx", data, None, ref)
    assert len(tables) == 1 and tables[0] is not None and tables[0].num_rows == 301
    pd.testing.assert_frame_equal(in_halves.frame, whole.frame)
    assert in_halves.frame["_rij"].tolist() == list(range(2, 302))


@pytest.mark.parametrize("in_halves", [False, True], ids=["whole", "in-halves"])
def test_a_date_a_reader_panics_on_is_refused_both_ways(con, in_halves, monkeypatch):
    """Fresh eyes: a date cell holding -1e308 makes the readers' Rust code panic, which pyo3 raises as a BaseException
    that 'except Exception' let through; the file is now refused as unreadable, the same both ways."""
    if in_halves:
        monkeypatch.setattr(halves, "MIN_SHEET_BYTES", 0)
        monkeypatch.setattr(read, "_CHUNK", 4096)
    data = book([HEADER, *rows(50)])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content, count = re.subn(rb'(<c r="F30" s="\d+"><v>)[^<]*(</v>)', rb"\g<1>-1e308\g<2>", content)
                assert count == 1
            target.writestr(info.filename, content)
    slow = check_file(con, InputFile("t.xlsx", out.getvalue()), key=TEST_KEY, fast=False)
    quick = check_file(con, InputFile("t.xlsx", out.getvalue()), key=TEST_KEY, fast=True)
    same_outcome(slow, quick)
    assert [p.code for p in quick[0].problems] == ["onleesbaar-bestand"]
