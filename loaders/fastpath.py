"""The fast path for a large, clean trajecten workbook: read with fastexcel into Arrow string columns (no
million Python objects per column), validate whole columns at once, and give the same SheetResult the
precise path (loaders.read + loaders.validate) gives. It only ever says yes: on anything it is not sure of
(an error cell, merged cells, more than one sheet, a blank required cell, a value that does not parse, a
cell whose text could mean something else than its typed value) it returns None and the precise path reads
the file again, so every refusal keeps its exact problems, rows and messages.

Each distinct value of a column is parsed by the same cell parsers as the precise path (loaders.convert),
so the values agree; what differs is that fastexcel gives every cell as text. A number cell 1.234 reads
"1.234", which the parsers take as Dutch thousands: such text, and the other renderings whose meaning
depends on the cell's type (true/false, a date cell in a text column, a number cell as gemeente code,
eight-digit dates), sends the file to the precise path. tests/test_fastpath.py runs both paths over the
test corpus and compares them."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import PurePath

import fastexcel
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from jeugdhulp import voortgang
from loaders.bsn import bsn_counts
from loaders.convert import Factorized, convert_column, text_limit
from loaders.findings import Findings
from loaders.halves import Halves
from loaders.read import MAX_SHEETS, Sheet, check_workbook, reader_failed, size_problem
from loaders.recognise import HEADER_SEARCH_ROWS, Layout, is_total_label, recognise
from loaders.reference import Reference
from loaders.validate import SheetResult, _add_column, _add_constants, _check, fill_defaults

# Below this size the precise path is fast enough, and a file that falls back would be read twice.
FAST_MIN_BYTES = 1_000_000
# The rows recognise looks at: the header search and the 50 rows below a candidate header.
_HEAD_ROWS = HEADER_SEARCH_ROWS + 51
_TEXT_TYPES = {"client", "tekst", "productcode", "productcategorie"}
_NUMBER_TYPES = {"bedrag", "getal", "aantal", "jaar"}
# Texts whose meaning depends on the cell's type (see the module docstring).
_AMBIGUOUS = {
    "text": re.compile(r"true|false|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}|-?0\.0000\d*"),
    "number": re.compile(r"\s*[+-]?\d{1,3}\.\d{3}\s*"),
    "gemeente": re.compile(r"\s*[+-]?[\d.]+\s*"),
    "datum": re.compile(r"\s*\d{6,}(\.\d+)?\s*"),
}


@dataclass
class _NoTotals:
    totals: list = field(default_factory=list)


def eligible(name: str, data: bytes, force: bool = False) -> bool:
    """Whether a file is worth trying the fast path on (an xlsx/xlsm, large unless forced)."""
    return PurePath(name).suffix.lower() in (".xlsx", ".xlsm") and data.startswith(b"PK") and (
        force or len(data) >= FAST_MIN_BYTES)


def fast_sheet(name: str, data: bytes, kind_name: str | None, ref: Reference,
               progress: voortgang.Voortgang | None = None) -> SheetResult | None:
    """The validated sheet of a clean one-sheet trajecten workbook, or None."""
    if not data or size_problem(len(data)):
        return None
    with Halves() as halves:
        problems, scans = check_workbook(data, halves)
        if problems or len(scans) != 1 or any(scan.errors or scan.merged for scan in scans.values()):
            return None
        table = halves.table()
    try:
        reader = fastexcel.read_excel(data)
        if len(reader.sheet_names) != 1 or len(reader.sheet_names) > MAX_SHEETS:
            return None
        if table is None:
            loaded = reader.load_sheet(0, header_row=None, skip_rows=0, dtypes="string")
            table, errors = loaded.to_arrow_with_errors()
            if errors is not None and errors.errors:
                return None
    except BaseException as error:   # noqa: BLE001 - anything fastexcel cannot read, the precise path judges
        if not reader_failed(error):
            raise
        return None
    table = pa.Table.from_batches([table]) if isinstance(table, pa.RecordBatch) else table
    return _validate(reader.sheet_names[0], table, kind_name, ref, progress)


def _head(table: pa.Table) -> list[list[object]]:
    head = table.slice(0, _HEAD_ROWS).to_pydict()
    cells = list(head.values())
    return [list(row) for row in zip(*cells, strict=True)] if cells else []


def _validate(sheet_name: str, table: pa.Table, kind_name: str | None, ref: Reference,
              progress: voortgang.Voortgang | None = None) -> SheetResult | None:
    head = Sheet(sheet_name, _head(table))
    if not head.rows:
        return None
    layout, problems = recognise(head, kind_name, ref)
    if layout is None or problems or layout.kind.name != "trajecten" or layout.melt is not None or layout.constants:
        return None
    kind = layout.kind
    start = layout.header_row + 1
    data = table.slice(start)
    n = data.num_rows
    if n == 0:
        return None
    header_cells = head.rows[layout.header_row]
    headers = [header_cells[i] if i < len(header_cells) else None for i in range(data.num_columns)]
    # The BSN search and the conversion at once, on two cores: the search is Arrow's, without Python's lock.
    with ThreadPoolExecutor(1, thread_name_prefix="bsn") as pool:
        bsn = pool.submit(lambda: any(_bsn(h, c) for h, c in zip(headers, data.columns, strict=True)))
        found = Findings(head, layout, ref)
        frame = _convert(data, layout, found, progress)
        if bsn.result() or frame is None:
            return None
    frame = fill_defaults(kind, _add_constants(frame, layout))
    _check(frame, _NoTotals(), found)   # type: ignore[arg-type] - only .totals is read
    if found.problems:
        return None
    return SheetResult(sheet_name, kind, frame, notes=list(layout.notes))


def _convert(data: pa.Table, layout: Layout, found: Findings,
             progress: voortgang.Voortgang | None = None) -> pd.DataFrame | None:
    """The mapped columns parsed as validate._convert_columns does, or None at the first doubt; `progress` hears
    the cells checked after each column."""
    kind = layout.kind
    n = data.num_rows
    rows = np.arange(layout.header_row + 2, layout.header_row + 2 + n)
    frame = pd.DataFrame({"_rij": rows})
    regio = np.full(n, None, dtype=object)
    order = sorted(layout.columns, key=lambda c: ["gemeente", "regio"].index(c) if c in ("gemeente", "regio") else 2)
    voortgang.report(progress, voortgang.CONTROLEREN, 0, n * len(order))
    for done, name in enumerate(order, start=1):
        column = kind.column(name)
        source = data.column(layout.columns[name])
        codes, dictionary, plain = _encode(source)
        label = name in ("gemeente", "segment", "regio", "jaar")
        if (codes < 0).any() and (column.required or label):
            return None   # empty rows, notes, pivot labels to fill down: the precise path sorts them out
        if _ambiguous(column.type, dictionary):
            return None
        if column.type in ("client", "tekst") and plain:
            if (pc.max(pc.utf8_length(dictionary)).as_py() or 0) > text_limit(column.type):
                return None   # the precise path names the cells (tekst-te-lang)
            # _text(u) is u itself for a text without blank or whitespace at its ends: the Arrow column as it is,
            # without a Python object per cell or per distinct value.
            converted = pd.array(source, dtype="str")
        else:
            factorized = _factorized(source, codes, dictionary)
            if label and any(is_total_label(u) for u in factorized.uniques[:-1]):
                return None
            converted = convert_column(found, kind, name, factorized, rows, regio)
        if found.problems:
            return None
        regio = _add_column(frame, name, converted, regio)
        voortgang.report(progress, voortgang.CONTROLEREN, n * done, n * len(order))
    return frame


def _ambiguous(ctype: str, dictionary: pa.Array) -> bool:
    group = ("text" if ctype in _TEXT_TYPES else "number" if ctype in _NUMBER_TYPES else
             ctype if ctype in _AMBIGUOUS else None)
    if group is None:
        return False
    return bool(pc.any(pc.match_substring_regex(dictionary, "^(?:" + _AMBIGUOUS[group].pattern + ")$")).as_py())


# Characters str.strip() removes (str.isspace), for the test whether a text has any at its ends.
_SPACE = "[\\s\\x0b\\x1c-\\x1f\\x85\\xa0\\p{Z}]"


def _encode(column: pa.ChunkedArray) -> tuple[np.ndarray, pa.Array, bool]:
    """A string column as codes into its distinct values (-1 for an empty cell), those values, and whether every
    value is plain: not blank, no whitespace at either end."""
    encoded = column.combine_chunks().dictionary_encode()
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.intp)
    dictionary = encoded.dictionary
    edges = pc.match_substring_regex(dictionary, f"^{_SPACE}|{_SPACE}$")
    plain = not pc.any(pc.or_(edges, pc.equal(dictionary, ""))).as_py()
    return codes, dictionary, plain


def _factorized(column: pa.ChunkedArray, codes: np.ndarray, dictionary: pa.Array) -> Factorized:
    """The encoded column as the precise path's Factorized (its distinct values as Python objects)."""
    part = object.__new__(Factorized)
    part.uniques = np.empty(len(dictionary) + 1, dtype=object)
    part.uniques[:-1] = dictionary.to_pylist()
    part.uniques[-1] = None
    part.codes = codes
    part.values = _Cells(column)
    part.dictionary = dictionary
    return part


class _Cells:
    """A column's cells by index, for the rare message about one of them (never all at once)."""

    def __init__(self, column: pa.ChunkedArray) -> None:
        self.column = column

    def __getitem__(self, index: int) -> object:
        return self.column[int(index)].as_py()


# Values that may be BSN candidates (loaders.bsn._bsn_candidates), a superset: nine digits, or ten with a
# leading zero, anywhere in the text; eight plain digits; a number written as text.
_DIGIT_COUNT_OK = (9, 10)


def _bsn(header: object, column: pa.ChunkedArray) -> bool:
    """loaders.bsn.bsn_column on an Arrow column: only values that could be a BSN reach Python."""
    counts = pc.value_counts(column.drop_null())
    values, numbers = counts.field("values"), counts.field("counts")
    filled_mask = pc.invert(pc.match_substring_regex(values, f"^{_SPACE}*$"))
    filled = int(pc.sum(pc.filter(numbers, filled_mask)).as_py() or 0)
    if filled == 0:
        return False
    digits = pc.utf8_length(pc.replace_substring_regex(values, r"\D", ""))
    numeric_text = pc.match_substring_regex(values, f"^{_SPACE}*[+-]?\\d+(\\.\\d*)?([eE][+-]?\\d+)?{_SPACE}*$")
    maybe = pc.and_(filled_mask, pc.or_(pc.is_in(digits, pa.array(_DIGIT_COUNT_OK, type=digits.type)),
                                        numeric_text))
    uniques = np.array(pc.filter(values, maybe).to_pylist(), dtype=object)
    return bsn_counts(header, uniques, pc.filter(numbers, maybe).to_numpy(), filled)
