"""Reading uploaded bytes into sheets of raw cells: xlsx/xlsm/xls with python-calamine, CSV with
the delimiter and encoding detected. Size limits and zip-bomb checks happen before parsing."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from python_calamine import CalamineWorkbook

from loaders.problems import Problem

MAX_FILE_BYTES = 100 * 1024 * 1024         # what a controller may upload (a 1M-row export is ~50 MB)
MAX_UNPACKED_BYTES = 1536 * 1024 * 1024    # what a workbook may expand to (that export: ~425 MB)
MAX_COMPRESSION_RATIO = 100                # real sheets compress 5-15x; a zip bomb far better

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Sheet:
    name: str
    rows: list[list[object]]   # rows[0] is Excel row 1
    errors: dict[tuple[int, int], str] = field(default_factory=dict)   # (row, col) 0-based -> '#N/A'


def _human(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB".replace(".", ",")


def read_file(name: str, data: bytes) -> tuple[list[Sheet], list[Problem]]:
    """Parse one file; on a problem, no sheets are returned."""
    if not data:
        return [], [Problem("leeg-bestand", value=name)]
    if len(data) > MAX_FILE_BYTES:
        return [], [Problem("bestand-te-groot", value=_human(len(data)), limit=_human(MAX_FILE_BYTES))]
    suffix = PurePath(name).suffix.lower()
    if suffix in (".csv", ".txt"):
        return _read_csv(data)
    if suffix in (".xlsx", ".xlsm", ".xls", ".xlsb"):
        return _read_workbook(data)
    return [], [Problem("onbekend-bestandstype", value=suffix or name)]


def _read_workbook(data: bytes) -> tuple[list[Sheet], list[Problem]]:
    if data.startswith(_OLE_MAGIC) and "EncryptedPackage".encode("utf-16-le") in data:
        # Password-protected xlsx files are OLE containers holding an EncryptedPackage stream.
        return [], [Problem("beveiligd-bestand")]
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
                packed = sum(info.compress_size for info in archive.infolist()) or 1
        except zipfile.BadZipFile as exc:
            return [], [Problem("onleesbaar-bestand", value=f"beschadigd zip-bestand: {exc}")]
        if unpacked > MAX_UNPACKED_BYTES:
            return [], [Problem("uitgepakt-te-groot", value=_human(unpacked), limit=_human(MAX_UNPACKED_BYTES))]
        if unpacked / packed > MAX_COMPRESSION_RATIO and unpacked > 50_000_000:
            ratio = f"{unpacked / packed:,.0f}".replace(",", ".")
            return [], [Problem("uitgepakt-te-groot", value=f"{_human(unpacked)} ({ratio} keer zo groot als ingepakt)",
                                limit=f"{MAX_COMPRESSION_RATIO} keer; zo sterk laat een echt werkblad zich niet inpakken")]
    errors = _error_cells(data) if data.startswith(b"PK") else {}
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for sheet_name in workbook.sheet_names:
            # Cached values only: formulas are never evaluated.
            sheet = workbook.get_sheet_by_name(sheet_name)
            rows = sheet.to_python(skip_empty_area=False)
            _fill_merged(rows, sheet.merged_cell_ranges or [])
            sheets.append(Sheet(sheet_name, rows, errors.get(sheet_name, {})))
    except Exception as exc:  # calamine raises several error types for corrupt input
        return [], [Problem("onleesbaar-bestand", value=type(exc).__name__)]
    return sheets, []


_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?t="e"[^>]*>(?:<f[^>]*?(?:/>|>.*?</f>))?<v>([^<]*)</v>')


def _error_cells(data: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """Cells holding an Excel error (#N/A, #DIV/0!): calamine reads them as empty text, which would
    load a broken formula as a blank. Found in the sheet XML of an xlsx/xlsm."""
    found: dict[str, dict[tuple[int, int], str]] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = _sheet_files(archive)
            for path, sheet_name in names.items():
                xml = archive.read(path)
                if b't="e"' not in xml:
                    continue
                cells = found.setdefault(sheet_name, {})
                for letters, row, value in _CELL.findall(xml):
                    column = 0
                    for char in letters.decode():
                        column = column * 26 + ord(char) - 64
                    cells[(int(row) - 1, column - 1)] = value.decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, ValueError):
        return {}
    return found


def _sheet_files(archive: zipfile.ZipFile) -> dict[str, str]:
    """xl/worksheets/sheetN.xml -> sheet name, from workbook.xml and its relationships."""
    workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    targets = dict(re.findall(r'Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
    targets.update({k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
    out = {}
    for name, rid in re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', workbook):
        target = targets.get(rid, "")
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        out[path] = name.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    return out


def _fill_merged(rows: list[list[object]], ranges: list[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """A label merged over a group of rows belongs to every row of the group. (Merges within one row,
    such as a title across the table, are left alone: they are titles and notes, not data.)"""
    for (top, left), (bottom, right) in ranges:
        if bottom == top or top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            for c in range(left, min(right, len(rows[r]) - 1) + 1):
                if rows[r][c] in ("", None):
                    rows[r][c] = value


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _delimiter(sample: str) -> str:
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    best, best_score = ",", -1
    for candidate in (";", ",", "\t", "|"):
        counts = [line.count(candidate) for line in lines]
        if not counts or max(counts) == 0:
            continue
        # The real delimiter appears equally often in most lines.
        score = max(counts.count(c) for c in set(counts) if c > 0) * 1000 + max(counts)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _read_csv(data: bytes) -> tuple[list[Sheet], list[Problem]]:
    text = _decode(data)
    if not text.strip():
        return [], [Problem("leeg-bestand")]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text[:20000]))
    rows: list[list[object]] = [[cell if cell != "" else None for cell in row] for row in reader]
    return [Sheet("csv", rows)], []
