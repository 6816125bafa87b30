"""Builders for the corpus of messy and bad upload files (tests/test_corpus.py, tests/test_kill.py).

Workbooks are written the way real exports are: with openpyxl (merged cells, formulas without a
cached value, extra empty sheets) and with xlsxwriter (merged titles, formulas with a cached value,
real date cells). Nothing here is read back by the product's code except through the tests."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import msoffcrypto
import openpyxl
import xlsxwriter
from msoffcrypto.format.ooxml import OOXMLFile

from jeugdhulp import db
from loaders.defaults import SOURCES_DIR, load_reference
from loaders.importer import InputFile, import_file
from tests.conftest import TEST_KEY

Rows = list[list[object]]
Setup = Callable[[xlsxwriter.Workbook, object], None]   # (workbook, worksheet)


def prepare_database(path: Path) -> None:
    """The state conftest's `con` builds: schema, reference data and the 31 gemeenten, no facts.
    (Not empty, so the command line does not load the default data first.)"""
    connection = db.connect(path)
    try:
        load_reference(connection)
        report = import_file(connection, InputFile("gemeenten.csv", (SOURCES_DIR / "gemeenten.csv").read_bytes(),
                                                   "gemeenten"), user="test", key=TEST_KEY)
        assert report.ok, report.problems
    finally:
        connection.close()


def openpyxl_book(sheets: dict[str, Rows], merges: dict[str, list[str]] | None = None) -> bytes:
    """One sheet per entry, rows appended from row 1 ([] is an empty row, a sheet with no rows stays
    empty); `merges` lists ranges such as 'A1:D1' per sheet. A string starting with '=' is a formula,
    saved without a cached value (openpyxl never calculates)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cell_range in (merges or {}).get(name, []):
            sheet.merge_cells(cell_range)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsxwriter_book(sheets: dict[str, Rows], setup: dict[str, Setup] | None = None) -> bytes:
    """One sheet per entry; None leaves a cell unwritten; dates become real date cells. `setup` runs
    per sheet after the rows, for merged ranges and formulas with cached values."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "default_date_format": "dd-mm-yyyy"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, str):
                    sheet.write_string(r, c, value)   # never a formula by accident
                else:
                    sheet.write(r, c, value)
        if setup and name in setup:
            setup[name](book, sheet)
    book.close()
    return buffer.getvalue()


def encrypted(workbook: bytes, password: str = "geheim") -> bytes:
    """The workbook as Excel saves it with 'Versleutelen met wachtwoord' (an OLE EncryptedPackage)."""
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(workbook)).encrypt(password, out)
    data = out.getvalue()
    assert msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted()
    return data


def zip_bomb(workbook: bytes, member: str = "xl/worksheets/sheet1.xml", megabytes: int = 500) -> bytes:
    """A real workbook's zip with one member replaced by `megabytes` MB of zeros, written in 1 MB
    chunks (little memory); deflate packs it to about 0,5 MB."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    assert member in source.namelist()
    out = io.BytesIO()
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            if info.filename != member:
                archive.writestr(info.filename, source.read(info.filename))
                continue
            with archive.open(member, "w", force_zip64=True) as handle:
                for _ in range(megabytes):
                    handle.write(chunk)
    return out.getvalue()


def trajecten_csv(rows: int) -> bytes:
    """A valid ';' trajecten export of `rows` rows in ZHZ (start 2023, two in three ended in 2024)."""
    gemeenten = ("Dordrecht", "Gorinchem", "Zwijndrecht", "Sliedrecht", "Papendrecht", "Molenlanden",
                 "Hoeksche Waard", "Alblasserdam")
    segments = ("1", "2", "3", "4A", "4B", "5")
    lines = ["client;gemeente;segment;startdatum;einddatum"]
    for i in range(rows):
        day, month = 1 + i % 28, 1 + i % 12
        end = f"{day:02d}-{month:02d}-2024" if i % 3 else ""
        lines.append(f"C{i:07d};{gemeenten[i % 8]};{segments[i % 6]};{day:02d}-{month:02d}-2023;{end}")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")
