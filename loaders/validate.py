"""Validating a recognised sheet as a pipeline of named stages: every cell parsed and resolved to codes,
all problems collected (never just the first), totals rows dropped and cross-checked, BSN-like columns refused."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from jeugdhulp import fmt, voortgang
from loaders.bsn import bsn_column
from loaders.checks import check_duplicates, check_kind, check_periods, check_totals
from loaders.convert import columns, convert_column
from loaders.findings import Findings, display
from loaders.formats import Kind
from loaders.problems import Problem
from loaders.read import UNCACHED_VALUE, Sheet
from loaders.recognise import Layout
from loaders.reference import Reference
from loaders.table import Table, extract, fill_down, sort_rows


@dataclass
class SheetResult:
    sheet: str
    kind: Kind
    frame: pd.DataFrame                       # canonical columns, one row per data row, '_rij' = Excel row
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    bron: str | None = None                   # the source line, when it is not the file's (a CBS fetch)
    bestand: str | None = None                # the name in the history, when it is not the file's
    inhoud: str | None = None                 # digest of the rows, whatever file carried them (loaders.inhoud)
    sleutel: str | None = None                # key_tag of the key its client ids became keys with (loaders.pseudonym)
    totals: dict[str, float] = field(default_factory=dict)   # made where it is checked, stored with its batch


def validate_sheet(sheet: Sheet, layout: Layout, ref: Reference,
                   progress: voortgang.Voortgang | None = None) -> SheetResult:
    """Column by column: each distinct raw value is parsed once, then problems are collected per cell.
    `progress` hears the cells checked (rows x mapped columns) after each column."""
    found = Findings(sheet, layout, ref)
    result = SheetResult(sheet.name, layout.kind, pd.DataFrame(), notes=list(layout.notes))
    if _refuse_bsn_columns(found):
        result.problems = found.problems
        return result
    _report_excel_errors(found)
    table = extract(found)
    sort_rows(table, found, result.notes)
    fill_down(table, found.layout, sheet.name, result.notes)
    _report_blank_required(table, found)
    frame, order = _convert_columns(table, found, progress)
    result.notes.extend(_merged_notes(frame, found))
    frame = fill_defaults(layout.kind, _add_constants(frame, found.layout))
    _sort_problems(found, order)
    _check(frame, table, found)
    found.summarise()
    result.frame, result.problems = frame, found.problems
    result.notes.extend(_totals_note(table, found))
    return result


def _refuse_bsn_columns(found: Findings) -> bool:
    """BSN check on every column of the table, mapped or not, with a header or without, on every row:
    such a file is refused whole."""
    found.problems.extend(bsn_problems(found.sheet, found.layout.header_row))
    return bool(found.problems)


def bsn_problems(sheet: Sheet, header_row: int | None) -> list[Problem]:
    """A 'bsn-kolom' problem for every column of `sheet` below `header_row` that holds burgerservicenummers
    (loaders.bsn). Also for a sheet that is refused for another reason (a missing column, no known headers at all:
    `header_row` None, the first filled row taken as the header): the BSNs are what the controller must hear of,
    and the refusal must not offer the file back (report.worth_a_copy)."""
    if header_row is None:
        header_row = next((i for i, row in enumerate(sheet.rows) if any(c is not None and str(c).strip() for c in row)), 0)
    if header_row >= len(sheet.rows):
        return []
    data_rows = sheet.rows[header_row + 1:]
    header_cells = sheet.rows[header_row]
    width = max(len(header_cells), max(map(len, data_rows), default=0))
    problems = []
    for position, values in columns(data_rows, {str(p): p for p in range(width)}).items():
        header = header_cells[int(position)] if int(position) < len(header_cells) else None
        if bsn_column(header, values):
            problems.append(Problem("bsn-kolom", sheet=sheet.name, row=header_row + 1,
                                    column="" if header is None else display(header), col=int(position)))
    return problems


def _report_excel_errors(found: Findings) -> None:
    """Excel error values (#N/A, #DIV/0!) read as empty text; in a column we load they are refused."""
    layout = found.layout
    used = set(layout.columns.values()) | {pos for pos, _ in (layout.melt.columns if layout.melt else [])}
    for (row, col), value in sorted(found.sheet.errors.items()):
        if row > layout.header_row and col in used:
            code = "formule-zonder-waarde" if value == UNCACHED_VALUE else "excel-fout"
            found.problem(code, row + 1, "", "" if code == "formule-zonder-waarde" else value, col=col)


def _report_blank_required(table: Table, found: Findings) -> None:
    """A blank cell in a required column (a consultation's gemeente may be blank: a regional one)."""
    kind = found.layout.kind
    rows = table.excel_rows[table.keep]
    errors = found.sheet.errors     # an error cell reads as blank: it is said once, as excel-fout
    for name in table.raw:
        if kind.column(name).required and not (kind.name == "consultatie" and name == "gemeente"):
            column = found.layout.columns.get(name)
            for row in rows[table.blank[name][table.keep]]:
                if (int(row) - 1, column) not in errors:
                    found.problem("leeg-verplicht", int(row), name, "")


def _convert_columns(table: Table, found: Findings,
                     progress: voortgang.Voortgang | None = None) -> tuple[pd.DataFrame, list[str]]:
    """The data rows as a frame of parsed values, and the order the columns were converted in:
    gemeente and regio first, as segments are resolved within the region."""
    rows = table.excel_rows[table.keep]
    frame = pd.DataFrame({"_rij": rows})
    regio = np.full(len(table.keep), None, dtype=object)
    order = sorted(table.raw, key=lambda n: ["gemeente", "regio"].index(n) if n in ("gemeente", "regio") else 2)
    total = len(rows) * len(order)
    voortgang.report(progress, voortgang.CONTROLEREN, 0, total)
    for done, name in enumerate(order, start=1):
        positions = table.cell_cols[name][table.keep] if name in table.cell_cols else None
        converted = convert_column(found, found.layout.kind, name, table.factorized[name].subset(table.keep), rows,
                                   regio, positions)
        regio = _add_column(frame, name, converted, regio)
        voortgang.report(progress, voortgang.CONTROLEREN, len(rows) * done, total)
    return frame, order


def _add_column(frame: pd.DataFrame, name: str, converted: np.ndarray, regio: np.ndarray) -> np.ndarray:
    """Put one converted column in the frame (a gemeente brings its regio along); returns each row's regio."""
    if name == "gemeente":
        # The figures go to today's gemeente (a merged one's successor); the key stays the gemeente as named,
        # so Brielle and Hellevoetsluis in one file are two rows, not a duplicate of Voorne aan Zee.
        # `converted` repeats one tuple object per distinct gemeente: split those few, then spread them by row.
        ids = np.fromiter(map(id, converted), dtype=np.int64, count=len(converted))
        _, first, inverse = np.unique(ids, return_index=True, return_inverse=True)
        distinct = converted[first]
        codes, regions, names = (pd.array([c[part] if isinstance(c, tuple) else None for c in distinct], dtype="str")
                                 .take(inverse) for part in range(3))
        frame["gemeente_code"], frame["regio_code"], frame[name] = codes, regions, names
        return regions.to_numpy(dtype=object, na_value=None)
    if name == "regio":
        if "regio_code" in frame:
            frame["regio_code"] = frame["regio_code"].where(frame["regio_code"].notna(), pd.Series(converted))
        else:
            frame["regio_code"] = converted
        regio = frame["regio_code"].to_numpy(dtype=object)
    frame[name] = converted
    return regio


def _merged_notes(frame: pd.DataFrame, found: Findings) -> list[str]:
    """One line per gemeente that no longer exists whose figures went to its successor."""
    if "gemeente" not in frame:
        return []
    moved = frame.loc[frame["gemeente"].notna() & (frame["gemeente"] != frame["gemeente_code"]),
                      ["gemeente", "gemeente_code"]].drop_duplicates()
    ref = found.ref
    notes = []
    for old, new in moved.itertuples(index=False):
        merged = ref.merged(old)
        notes.append(f"Blad '{found.sheet.name}': {merged.naam} ({old}) is in {merged.per_jaar} opgegaan in "
                     f"{ref.gemeente_names[new]} ({new}); de cijfers tellen mee bij {ref.gemeente_names[new]}.")
    return notes


def _add_constants(frame: pd.DataFrame, layout: Layout) -> pd.DataFrame:
    """Values found outside the table (a year in the title) for columns the table lacks."""
    for name, constant in layout.constants.items():
        if name not in frame:
            frame[name] = constant
    return frame


def fill_defaults(kind: Kind, frame: pd.DataFrame) -> pd.DataFrame:
    """Blank or missing columns with a default (formats: periode, soort) get it: the database applies it
    anyway, so it belongs to the key. An empty frame stays as it is."""
    if frame.empty:
        return frame
    for name, default in kind.defaults.items():
        frame[name] = frame.get(name, pd.Series(None, index=frame.index, dtype="object")).fillna(default)
    return frame


def _sort_problems(found: Findings, order: list[str]) -> None:
    """Problems so far in the order of the sheet: by row, then by column as converted."""
    position = {name: i for i, name in enumerate(order)}
    by_header = {text: name for name, text in reversed(found.layout.headers.items())}
    found.problems.sort(key=lambda p: (p.row or 0, position.get(by_header.get(p.column, p.column), 99)))


def _check(frame: pd.DataFrame, table: Table, found: Findings) -> None:
    """The checks across rows, on the rows that were read; a sheet without any is a problem of its own."""
    kind = found.layout.kind
    if frame.empty:
        if not found.problems:
            found.problems.append(Problem("geen-regels", sheet=found.sheet.name, row=found.layout.header_row + 1))
        return
    check_kind(kind, frame, found)
    check_totals(frame, table.totals, found)
    check_periods(kind, frame, found)
    check_duplicates(kind, frame, found)


def _totals_note(table: Table, found: Findings) -> list[str]:
    if not table.totals or any(p.code == "totaal-klopt-niet" for p in found.problems):
        return []
    count = len({t.row for t in table.totals})
    return [f"Blad '{found.sheet.name}': {fmt.aantal(count, 'totaalregel', 'totaalregels')} weggelaten; "
            f"{'die klopt' if count == 1 else 'ze kloppen'} met de onderdelen."]
