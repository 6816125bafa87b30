"""A sheet read as two halves at once (loaders.halves) gives what fastexcel reads of the whole workbook, or steps aside.

Halving normally starts at 32 MB of sheet XML; here it starts at any size, and the guard streams the XML in chunks of
a few hundred bytes, so a split, a tag cut at a chunk's end and every check meet small sheets."""

from __future__ import annotations

import io
import random
import zipfile

import fastexcel
import pyarrow as pa
import pytest
import xlsxwriter

from loaders import halves, read
from loaders.halves import Halves, at_least, below


@pytest.fixture(autouse=True)
def small_halves(monkeypatch):
    monkeypatch.setattr(halves, "MIN_SHEET_BYTES", 0)
    monkeypatch.setattr(read, "_CHUNK", 256)


def workbook(sheet_xml: bytes) -> bytes:
    """A workbook of one sheet whose XML is `sheet_xml` (the other parts from xlsxwriter)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    book.add_worksheet("Trajecten").write(0, 0, "x")
    book.close()
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, sheet_xml if info.filename == "xl/worksheets/sheet1.xml" else
                            source.read(info.filename))
    return out.getvalue()


def cell(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def sheet(rows: list[tuple[int, list[tuple[str, str]]]], dimension: str, head: str = "", tail: str = "") -> bytes:
    """Sheet XML of rows (row number, [(column letters, text)]), in the order given."""
    body = "".join(f'<row r="{n}">' + "".join(cell(f"{c}{n}", v) for c, v in cells) + "</row>" for n, cells in rows)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main"><dimension ref="{dimension}"/>{head}<sheetData>{body}</sheetData>{tail}'
            "</worksheet>").encode()


def grid(n: int, columns: str = "ABCD") -> list[tuple[int, list[tuple[str, str]]]]:
    return [(r, [(c, f"{c}{r}") for c in columns]) for r in range(1, n + 1)]


def whole(data: bytes) -> pa.Table:
    """What the fast path read before halves: the whole workbook, its columns as text, empty edge columns taken off."""
    table = fastexcel.read_excel(data).load_sheet(0, header_row=None, skip_rows=0, dtypes="string").to_arrow()
    table = pa.Table.from_batches([table])
    filled = [i for i in range(table.num_columns) if table.column(i).null_count < table.num_rows]
    table = table.select(list(range(filled[0], filled[-1] + 1)))
    return table.cast(pa.schema([pa.field(f"__UNNAMED__{i}", pa.string()) for i in range(table.num_columns)]))


def halved(data: bytes) -> pa.Table | None:
    with Halves() as parts:
        problems, _ = read.check_workbook(data, parts)
        assert problems == []
        return parts.table()


def test_the_number_patterns_split_the_numbers_exactly():
    import re
    for bound in (2, 9, 10, 11, 19, 20, 99, 100, 101, 500002, 1000000, 1048576):
        high, low = re.compile(at_least(bound)), re.compile(below(bound))
        for n in {1, 2, 3, 8, 9, 10, 11, 99, 100, 101, 109, 110, bound - 1, bound, bound + 1, 10 * bound, 1048577}:
            if n >= 1:
                assert bool(high.fullmatch(str(n))) == (n >= bound), (bound, n)
                assert bool(low.fullmatch(str(n))) == (n < bound), (bound, n)


def test_a_plain_sheet_is_read_in_halves_the_same_as_whole():
    data = workbook(sheet(grid(40), "A1:D40"))
    table = halved(data)
    assert table is not None and table.equals(whole(data))
    assert table.num_rows == 40 and table.column(0)[39].as_py() == "A40"


def test_a_sheet_that_starts_lower_and_right_keeps_its_places():
    rows = [(r, [(c, f"{c}{r}") for c in "CDE"]) for r in range(5, 60)] + [(61, [("E", "laatste")])]
    data = workbook(sheet(rows, "C5:E61"))
    table = halved(data)
    assert table is not None and table.equals(whole(data))
    assert table.num_rows == 61 and table.column(0)[4].as_py() == "C5" and table.column(2)[60].as_py() == "laatste"


def test_empty_rows_and_an_empty_column_at_the_edge_stay_as_a_whole_read_gives_them():
    rows = [(r, [("B", f"B{r}"), ("C", f"C{r}")]) for r in range(1, 80) if r % 7]
    data = workbook(sheet(rows, "A1:F79"))   # the dimension claims more columns than there are
    table = halved(data)
    assert table is not None and table.equals(whole(data))
    assert table.num_columns == 2 and table.column(0)[6].as_py() is None


@pytest.mark.parametrize("odd", ["comment", "cdata", "instruction", "doctype"])
def test_markup_that_could_hide_a_row_leaves_the_sheet_whole(odd):
    text = {"comment": "<!-- <row r=\"21\"> -->", "cdata": "<![CDATA[x]]>", "instruction": "<?pi x?>",
            "doctype": ""}[odd]
    rows = grid(40)
    xml = sheet(rows, "A1:D40").replace(b'<row r="30">', text.encode() + b'<row r="30">')
    if odd == "doctype":
        xml = xml.replace(b"<worksheet", b"<!DOCTYPE worksheet><worksheet")
    with Halves() as parts:
        read.check_workbook(workbook(xml), parts)
        assert not parts.ready


@pytest.mark.parametrize("where", ["first half to the second", "second half to the first"])
def test_a_row_out_of_order_across_the_middle_leaves_the_sheet_whole(where):
    rows = grid(40)
    if where == "first half to the second":
        rows.insert(5, (35, [("A", "verplaatst")]))
        rows = [r for r in rows if r[1] != [(c, f"{c}35") for c in "ABCD"]]
    else:
        rows.append((5, [("B", "verplaatst")]))
    data = workbook(sheet(rows, "A1:D40"))
    with Halves() as parts:
        read.check_workbook(data, parts)
        assert not parts.ready


def test_a_cell_beyond_the_dimension_is_measured_and_the_sheet_read_whole():
    rows = grid(40) + [(41, [("Z", "ver")])]
    with Halves() as parts:
        problems, _ = read.check_workbook(workbook(sheet(rows, "A1:D40")), parts)
        assert problems == [] and not parts.ready


def test_a_namespace_prefix_leaves_the_sheet_whole():
    xml = sheet(grid(40), "A1:D40").replace(b"<worksheet xmlns=", b"<x:worksheet xmlns:x=").replace(
        b"</worksheet>", b"</x:worksheet>")
    for name in (b"dimension", b"sheetData", b"row", b"c", b"is", b"t"):
        xml = xml.replace(b"<" + name + b" ", b"<x:" + name + b" ").replace(b"<" + name + b">", b"<x:" + name + b">")
        xml = xml.replace(b"</" + name + b">", b"</x:" + name + b">")
    data = workbook(xml)
    with Halves() as parts:
        problems, _ = read.check_workbook(data, parts)
        assert problems == [] and not parts.ready


def test_random_sheets_read_in_halves_give_what_a_whole_read_gives():
    """Rows in and out of order, repeated, missing or empty, cells placed in other rows than their row tag says: the
    halves are the whole read, or they step aside. Most plain sheets are halved (the comparison is not vacuous)."""
    rng = random.Random(14)
    halved_plain = compared = 0
    for attempt in range(150):
        n = rng.randint(3, 60)
        rows = [(r, [(c, f"{c}{r}-{rng.randint(0, 9)}") for c in rng.sample("ABCDEF", rng.randint(1, 4))])
                for r in range(1, n + 1) if rng.random() > 0.1]
        plain = attempt % 3 == 0
        if not plain:
            for _ in range(rng.randint(1, 4)):
                what = rng.choice(["swap", "repeat", "move cell", "empty row"])
                i, j = rng.randrange(len(rows)), rng.randrange(len(rows))
                if what == "swap":
                    rows[i], rows[j] = rows[j], rows[i]
                elif what == "repeat":
                    rows.insert(j, (rows[i][0], [(c, "herhaald") for c, _ in rows[i][1]]))
                elif what == "move cell":
                    rows[i] = (rows[i][0], [*rows[i][1], ("B", "elders")])
                else:
                    rows.insert(i, (rows[i][0], []))
        xml = sheet(rows, f"A1:F{n}")
        if not plain and rng.random() < 0.3:   # a cell whose reference names another row than its row tag
            at = rng.randint(1, n)
            xml = xml.replace(f'<row r="{at}">'.encode(), f'<row r="{at}">{cell(f"C{rng.randint(1, n)}", "los")}'.encode(), 1)
        data = workbook(xml)
        if not any(cells for _, cells in rows):
            continue
        table = halved(data)
        if table is not None:
            compared += 1
            assert table.equals(whole(data)), (attempt, xml)
            halved_plain += plain
    assert halved_plain >= 40 and compared >= 60
