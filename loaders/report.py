"""The validation report as a file: a copy of the uploaded workbook (or of the CSV) with every
faulty cell marked red with its message as a comment, plus a sheet listing all problems."""

from __future__ import annotations

import io
from pathlib import PurePath

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from loaders import biff
from loaders.problems import Problem
from loaders.read import FILE_REFUSALS, OLE_MAGIC, read_file, unpacked_bytes

MAX_MARKED = 5000
# Up to this size of upload the report is a marked copy of it; a larger one gets the sheet 'Meldingen' only. The copy
# is built with openpyxl in the server's process at about 600 bytes per cell: a million-row workbook took 2,5 GB and
# over two minutes for one click (fresh eyes), longer than the browser waits for a download.
MARKED_COPY_MAX_BYTES = 2_000_000
# ... and it must not unpack to more than this, nor (an .xls) hold more text: fresh eyes' 1,96 MB .xls with 1,2 GB of
# text in its cells took the server to 4 GB for 141 s when its copy was built.
MARKED_COPY_MAX_UNPACKED = 20_000_000
_RED = PatternFill("solid", fgColor="FFC7CE")
_BOLD = Font(bold=True)


def _workbook(name: str, data: bytes) -> openpyxl.Workbook:
    if PurePath(name).suffix.lower() in (".xlsx", ".xlsm"):
        try:
            # Cached values only, as the loader reads them: a formula of the upload (=HYPERLINK, =cmd|...)
            # must not come back live in a report that is passed on. Nothing is evaluated.
            upload = openpyxl.load_workbook(io.BytesIO(data), keep_vba=False, data_only=True, keep_links=False)
        except Exception:  # noqa: BLE001 - an unreadable workbook gets a copy rebuilt from its cells
            return _rebuilt(name, data)
        return _values_only(upload)
    return _rebuilt(name, data)


def _values_only(upload: openpyxl.Workbook) -> openpyxl.Workbook:
    """A fresh workbook with the upload's sheets and cell values at the same row and column, and nothing
    else: the upload's hyperlinks, defined names, data validations, conditional formats, external links,
    comments and styles may hold formulas or links (=WEBSERVICE, HYPERLINK) and are left behind, rather
    than removed one kind at a time and one forgotten."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for source in upload.worksheets:
        target = book.create_sheet(source.title)
        # The stored cells only: iter_rows() would make a cell for every address up to the last one used,
        # billions for one stray value in XFD1048576.
        for cell in list(source._cells.values()):  # noqa: SLF001 - openpyxl's store of the cells it read
            if cell.value is None:
                continue
            copy = target.cell(row=cell.row, column=cell.column, value=cell.value)
            if isinstance(cell.value, str):
                copy.data_type = "s"          # text that starts with '=' stays text
        for letter, dimension in source.column_dimensions.items():
            if dimension.width:
                target.column_dimensions[letter].width = dimension.width
    return book


def _rebuilt(name: str, data: bytes) -> openpyxl.Workbook:
    sheets, _ = read_file(name, data)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in sheets:
        target = book.create_sheet(sheet.name[:31] or "Blad")
        for row in sheet.rows:
            _append_text(target, ["" if v is None else v for v in row])
    return book


def _append_text(sheet: Worksheet, values: list[object]) -> None:
    """Append a row whose text stays text: openpyxl makes a formula of any string starting with '=', and
    values from an uploaded file must never come back as live formulas (OWASP "CSV injection"). Control
    characters a CSV may hold (ESC) cannot be stored in a workbook: they become '?'."""
    sheet.append([ILLEGAL_CHARACTERS_RE.sub("?", v) if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def worth_a_copy(problems: list[Problem]) -> bool:
    """Whether a refusal gets the marked copy: only when a cell of the file can be marked, and never for a file with
    a BSN column (the server neither keeps nor sends back burgerservicenummers; the message names the column). A
    file loaded before, a busy database or an unreadable file has nothing to mark: the listing on screen says it."""
    return any(p.row is not None for p in problems) and not any(p.code == "bsn-kolom" for p in problems)


def copied_whole(data: bytes) -> bool:
    """Whether the report of this upload holds the marked copy of it (else the list of problems only): a small file that
    also unpacks (a workbook) or expands its shared strings (an .xls) to little."""
    if len(data) > MARKED_COPY_MAX_BYTES:
        return False
    if data.startswith(OLE_MAGIC):
        text = biff.cell_text_bytes(data)
        return text is not None and text <= MARKED_COPY_MAX_UNPACKED
    return unpacked_bytes(data) <= MARKED_COPY_MAX_UNPACKED


def marked_copy(name: str, data: bytes, problems: list[Problem], whole: bool = True) -> bytes:
    """An .xlsx: the file as uploaded with faulty cells marked, and a sheet 'Meldingen' (only that sheet for an upload
    that is not copied_whole, or when `whole` is False)."""
    if not whole or any(p.code in FILE_REFUSALS for p in problems) or not copied_whole(data):
        book = openpyxl.Workbook()   # never opened: too big, too many sheets, unreadable; nothing to mark
        book.remove(book.active)
    else:
        book = _workbook(name, data)
    single = book.sheetnames[0] if len(book.sheetnames) == 1 else None
    for problem in problems[:MAX_MARKED]:
        sheet_name = problem.sheet if problem.sheet in book.sheetnames else single
        if sheet_name is None or problem.row is None:
            continue
        column = (problem.col or 0) + 1
        cell = book[sheet_name].cell(row=problem.row, column=column)
        cell.fill = _RED
        text = f"[{problem.code}] {problem.message}"
        cell.comment = Comment(text if cell.comment is None else f"{cell.comment.text}\n{text}", "Inkoopmonitor")
    listing = book.create_sheet("Meldingen", 0)
    listing.append(["Blad", "Rij", "Kolom", "Waarde", "Code", "Melding"])
    for cell in listing[1]:
        cell.font = _BOLD
    for problem in problems:
        row = problem.as_row()
        _append_text(listing, [row["blad"], row["rij"], row["kolom"], row["waarde"], row["code"], row["melding"]])
    for index, width in enumerate((16, 8, 22, 24, 22, 90), start=1):
        listing.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
