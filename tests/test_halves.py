"""A sheet read as two halves at once (loaders.halves) gives what fastexcel reads of the whole workbook, or steps aside.

Halving normally starts at 32 MB of sheet XML; here it starts at any size, and the guard streams the XML in chunks of
a few hundred bytes, so a split, a tag cut at a chunk's end and every check meet small sheets."""

from __future__ import annotations

import errno
import io
import os
import random
import tempfile
import zipfile
from pathlib import Path

import fastexcel
import pandas as pd
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


def test_a_row_search_never_reaches_past_the_next_tag():
    """No try of the row searches crosses a '<', so a piece of many "<row " without a '>' costs linear time (fresh eyes:
    Python's backtracking search took 71 s over 195 kB of them)."""
    assert halves._ROW_NUMBER.search(b'<row <c r="5">') is None
    with Halves() as parts:
        parts.begin(zipfile.ZipFile(io.BytesIO(workbook(sheet(grid(40), "A1:D40")))), "xl/worksheets/sheet1.xml",
                    (1, 4), (1, 40))
        assert parts._row_from_split.search(b'<row <c r="30">') is None
        assert parts._row_from_split.search(b'<row spans="1:4" r="30">').start() == 0


def test_junk_made_to_make_the_searches_slow_is_passed_quickly(tmp_path):
    """The denial-of-service probes of fresh eyes, at the chunk size of production, in a process of its own: 400 kB of
    "<row " without a '>' just before the middle row, and a head of 400 kB of "<sheetData ". With the searches of before they
    took minutes; here both checks end well within the minute the probe waits."""
    script = tmp_path / "probe.py"
    script.write_text(f"""
import sys
sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})
from loaders import halves, read
from loaders.halves import Halves
from tests.test_halves import workbook, sheet, grid
halves.MIN_SHEET_BYTES = 0
junk = sheet(grid(40), "A1:D40").replace(b'<row r="21">', b"<row " * 80_000 + b'/><row r="21">')
head = sheet(grid(40), "A1:D40").replace(b"<sheetData>", b"<sheetData>" + b"<sheetData " * 40_000 + b"/><x/>")
for xml in (junk, head):
    with Halves() as parts:
        read.check_workbook(workbook(xml), parts)
        print(parts.ready)
""")
    import subprocess
    import sys
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60, check=True)
    assert len(done.stdout.split()) == 2


class _FullDisk:
    """A file that is full after `room` bytes: writing past it, or flushing or closing what is buffered then, raises
    ENOSPC, as a memory file does when memory runs out (or a disk when it is full)."""

    def __init__(self, room: int) -> None:
        self.file, self.room, self.full = tempfile.TemporaryFile(), room, False  # noqa: SIM115 - closed by close()

    def write(self, data) -> int:
        self.room -= len(data)
        if self.room < 0:
            self.full = True
            raise OSError(errno.ENOSPC, "No space left on device")
        return self.file.write(data)

    def flush(self) -> None:
        if self.full:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.file.flush()

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self.file.close()

    def __getattr__(self, name):
        return getattr(self.file, name)


@pytest.mark.parametrize("room", [0, 2_000, 20_000, 2_000_000])
def test_no_room_for_the_halves_leaves_the_sheet_whole_and_the_file_loads(room, monkeypatch, con):
    """Fresh eyes: a full temporary directory made a valid export fail (an OSError out of closing the halves). Full at
    the first copy, in the middle of the sheet, at the end, or not at all: the same frame as without halves."""
    from loaders import fastpath
    from loaders.reference import Reference
    from tests.test_fastpath import HEADER, book, rows
    data = book([HEADER, *rows(300)])
    ref = Reference.from_db(con)
    whole_frame = fastpath.fast_sheet("t.xlsx", data, None, ref).frame
    monkeypatch.setattr(halves, "_memory_file", lambda: _FullDisk(room))
    with Halves() as parts:
        problems, _ = read.check_workbook(data, parts)
        assert problems == [] and parts.ready == (room == 2_000_000)
    result = fastpath.fast_sheet("t.xlsx", data, None, ref)
    pd.testing.assert_frame_equal(result.frame, whole_frame)


def test_only_the_parts_a_reader_opens_are_copied_and_a_workbook_mostly_of_other_parts_is_read_whole():
    data = workbook(sheet(grid(40), "A1:D40"))
    with_image = _add_part(data, "xl/media/image1.png", b"\x89PNG" + bytes(3_000_000))
    with Halves() as parts:
        read.check_workbook(with_image, parts)
        assert parts.ready
        names = zipfile.ZipFile(parts.files[0]).namelist()
        assert "xl/worksheets/sheet1.xml" in names and "xl/styles.xml" in names and "xl/media/image1.png" not in names
        assert parts.table().equals(whole(with_image))
    with_text = _add_part(data, "customXml/item1.xml", b"<a>" + b"x" * 3_000_000 + b"</a>")
    with Halves() as parts:
        read.check_workbook(with_text, parts)
        assert not parts.ready and parts.files == []


def _add_part(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
        target.writestr(name, content)
    return out.getvalue()


def test_a_dimension_that_overstates_the_rows_leaves_the_sheet_whole():
    """The sheet ends before the middle of its dimension (formatted empty rows below the data): the second half holds
    only its marker, where the whole read ends at the last cell; so it is read whole (fresh eyes: 100 rows against 51)."""
    formatted = "".join(f'<row r="{r}"><c r="A{r}" s="1"/></row>' for r in range(46, 101))
    data = workbook(sheet(grid(45), "A1:D100").replace(b"</sheetData>", formatted.encode() + b"</sheetData>"))
    assert whole(data).num_rows == 45
    with Halves() as parts:
        read.check_workbook(data, parts)
        assert parts.ready and parts.table() is None


def test_a_marker_swallowed_by_an_open_cell_is_noticed_in_a_sheet_of_one_column():
    """Fresh eyes: a rich-text cell left open at the end of the first half took the first half's marker as its value, in
    its own row, and with one column that row passed for the marker row."""
    rows = "".join(f'<row r="{r}">{cell(f"A{r}", f"a{r}")}</row>' for r in range(1, 5))
    trick = '<row r="5"><c r="A5" t="inlineStr"><is><r><row r="30">' + cell("A30", "ingeslikt") + "</row>"
    rest = "".join(f'<row r="{r}">{cell(f"A{r}", f"a{r}")}</row>' for r in range(31, 41))
    xml = sheet([], "A1:A40").replace(b"<sheetData></sheetData>", f"<sheetData>{rows}{trick}{rest}</sheetData>".encode())
    data = workbook(xml)
    table = halved(data)
    assert table is None or table.equals(whole(data))


def test_a_head_longer_than_a_chunk_is_kept():
    """Fresh eyes: the text before the first row was dropped when it filled more than one chunk of the guard's pass."""
    columns = "".join(f'<col min="{i}" max="{i}" width="12"/>' for i in range(1, 60))
    data = workbook(sheet(grid(40), "A1:D40", head=f"<cols>{columns}</cols>"))
    table = halved(data)
    assert table is not None and table.equals(whole(data))


def test_the_halves_are_in_memory_never_on_disk(tmp_path, monkeypatch):
    """Fresh eyes: the halves hold the clients' own numbers (and a refused file's BSNs), so they are files in memory
    (memfd), not temporary files on a disk whose pages the kernel may write out."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    data = workbook(sheet(grid(40), "A1:D40"))
    with Halves() as parts:
        read.check_workbook(data, parts)
        assert parts.ready
        assert [os.readlink(f"/proc/self/fd/{file.fileno()}").startswith("/memfd:jeugdhulp-helft") for file in parts.files] \
            == [True, True]
    assert list(tmp_path.iterdir()) == []


def test_row_tags_padded_past_what_the_last_tag_check_reads_still_split_the_sheet():
    """Fresh eyes: row tags with 8 kB of attributes before r made every piece go through Python's search for the split
    tag (5x the check's time); RE2 now tells which piece holds it. The sheet is still halved, and read the same."""
    padding = " ".join(f'x{i}="{"a" * 90}"' for i in range(50))
    xml = sheet(grid(40), "A1:D40").replace(b"<row r=", f"<row {padding} r=".encode())
    data = workbook(xml)
    table = halved(data)
    assert table is not None and table.equals(whole(data))
