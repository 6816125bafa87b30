"""The .xls guard (loaders.biff) on real BIFF8 workbooks written by xlwt: the text its cells ask a reader to build is
counted before any reader starts, never less than python-calamine reads, and a workbook of one long string in many
cells is refused (fresh eyes: a 5 MB .xls of that kind grew a checking process to 8 GB)."""

from __future__ import annotations

import io
import struct

import pytest
import xlwt
from python_calamine import CalamineWorkbook

import loaders.read
from loaders import biff
from loaders.importer import InputFile, check_file
from tests.conftest import TEST_KEY


def _book(rows: list[list[str]]) -> xlwt.Workbook:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Trajecten")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    return book


def xls(rows: list[list[str]]) -> bytes:
    out = io.BytesIO()
    _book(rows).save(out)
    return out.getvalue()


def read_text_bytes(data: bytes) -> int:
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    return sum(len(v.encode()) for row in rows for v in row if isinstance(v, str))


HEADER = ["Cliëntnummer", "Gemeente", "Segment", "Startdatum", "Opmerking"]


@pytest.mark.parametrize("remark", ["", "kort", "€ lange opmerking met ë en ’ " * 200, "x" * 30_000])
def test_the_count_is_never_less_than_the_reader_reads(remark: str) -> None:
    # Many distinct strings (the client numbers) and long ones with wide characters: the strings run over many
    # CONTINUE records, split inside a string's characters.
    rows = [HEADER, *[[f"K{i}", "Dordrecht", "4A", "01-01-2024", remark if i % 97 == 0 else ""] for i in range(3_000)]]
    data = xls(rows)
    counted = biff.cell_text_bytes(data)
    assert read_text_bytes(data) <= counted <= 3 * read_text_bytes(data) + 3 * 30   # walked, not the worst case


def test_one_long_string_in_many_cells_is_refused_before_a_reader_starts(con, monkeypatch) -> None:
    def no_reader(*_args, **_kwargs):
        raise AssertionError("a reader was started")

    monkeypatch.setattr(loaders.read.CalamineWorkbook, "from_filelike", no_reader)
    data = xls([HEADER, *[["K1", "Dordrecht", "4A", "01-01-2024", "x" * 30_000] for _ in range(12_000)]])
    assert len(data) < 1_500_000    # one string, 12.000 references to it (xls does not compress)
    report, results = check_file(con, InputFile("herhaald.xls", data), key=TEST_KEY)
    assert results == []
    assert [(p.code, p.value, p.limit) for p in report.problems] == [("te-veel-tekst", "1,01 GB", "1,00 GB")]


def test_strings_that_do_not_fit_their_records_count_as_long_as_excel_allows() -> None:
    data = bytearray(xls([HEADER, ["K1", "Dordrecht", "4A", "01-01-2024", "kort"]]))
    sst = data.find(struct.pack("<H", 0x00FC))
    # The SST says it holds more strings than it does: the walk does not fit, so every text cell may be 32.767 wide.
    unique = sst + 4 + 4
    data[unique:unique + 4] = struct.pack("<I", 9)
    assert biff.cell_text_bytes(bytes(data)) == 10 * biff.LONGEST_STRING   # ten text cells


def test_an_ole_file_whose_workbook_this_cannot_read_is_refused() -> None:
    """Fresh eyes (third round): the guard took an unreadable container for a workbook without text; calamine's own
    parser may still read it, unmeasured. It is refused."""
    junk = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    assert biff.cell_text_bytes(junk) is None
    problems, _ = loaders.read.check_workbook(junk)
    assert [(p.code, p.value) for p in problems] == [("onleesbaar-bestand", "het is geen Excel-werkboek dat gelezen kan worden")]


def _records(stream: bytes) -> list[list]:
    out, position = [], 0
    while position + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, position)
        out.append([kind, bytes(stream[position + 4:position + 4 + size])])
        position += 4 + size
    return out


def test_a_second_sst_counts_every_text_cell_as_long_as_excel_allows() -> None:
    """Fresh eyes (third round): a small decoy SST before the real one; the guard walked the first, calamine keeps the
    last, and a 922 kB .xls built 1,31 GB of text."""
    rows = [HEADER, *[["K1", "Dordrecht", "4A", "01-01-2024", "x" * 30_000] for _ in range(10)]]
    records = _records(_book(rows).get_biff_data())
    at = next(i for i, (kind, _) in enumerate(records) if kind == 0x00FC)
    records.insert(at, [0x00FC, struct.pack("<II", 1, 1) + struct.pack("<HB", 1, 0) + b"x"])
    stream = b"".join(struct.pack("<HH", kind, len(body)) + body for kind, body in records)
    cells = sum(1 for kind, _ in records if kind == 0x00FD)
    assert biff._stream_text_bytes(stream) == cells * biff.LONGEST_STRING


def test_a_workbook_stream_named_book_is_counted_too() -> None:
    """Fresh eyes (third round): calamine also reads a stream named "Book" (BIFF8 records in it); the guard read only
    "Workbook" and let 1,31 GB of text through."""
    data = bytearray(xls([HEADER, *[["K1", "Dordrecht", "4A", "01-01-2024", "x" * 30_000] for _ in range(10)]]))
    counted = biff.cell_text_bytes(bytes(data))
    name = "Workbook".encode("utf-16-le") + b"\0\0"
    at = data.find(name)
    data[at:at + 64] = ("Book".encode("utf-16-le") + b"\0\0").ljust(64, b"\0")
    struct.pack_into("<H", data, at + 64, 10)   # the name's length in bytes, with its terminator
    assert counted and biff.cell_text_bytes(bytes(data)) == counted


def test_the_report_copies_an_xls_whole_only_when_its_text_is_small() -> None:
    """Fresh eyes: the marked copy of a 1,96 MB .xls whose cells hold 1,2 GB of text took the server to 4 GB for 141 s.
    The copy is built only for a workbook that is small unpacked and in its text; otherwise the report lists the
    problems."""
    from loaders.report import copied_whole

    small = xls([HEADER, ["K1", "Dordrecht", "4A", "01-01-2024", "kort"]])
    repeated = xls([HEADER, *[["K1", "Dordrecht", "4A", "01-01-2024", "x" * 30_000] for _ in range(300)]])
    assert len(repeated) < 2_000_000 and biff.cell_text_bytes(repeated) > 20_000_000
    assert copied_whole(small) and not copied_whole(repeated)


def test_the_report_copies_a_workbook_whole_only_when_it_unpacks_to_little() -> None:
    import zipfile

    from loaders.report import copied_whole

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<c/>" * 6_000_000)   # 24 MB of XML in a few kB
    assert len(out.getvalue()) < 2_000_000 and not copied_whole(out.getvalue())
