"""The data rows of a recognised sheet as columns: a wide table unpivoted, the rows sorted into data,
totals (set aside for the cross-check) and notes, and the labels a pivot table leaves blank filled down."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import numpy as np
import pandas as pd

from jeugdhulp import fmt
from loaders.convert import Factorized, columns
from loaders.findings import Findings, dutch_amount
from loaders.parse import CellError, is_blank, parse_number
from loaders.recognise import Layout, is_total_label

# Columns whose text may hold a total label ("Eindtotaal", "Dordrecht Totaal").
_LABEL_COLUMNS = ("gemeente", "segment", "regio", "jaar")
# Row labels a pivot table writes only on the first row of their group.
_FILL_DOWN_COLUMNS = ("jaar", "gemeente", "segment", "regio")


class TotalRow(NamedTuple):
    row: int                       # as Excel shows it
    column: str                    # the column whose label says total
    label: str                     # "Eindtotaal", "Dordrecht Totaal"
    cells: dict[str, object]       # the raw cells of the row, per column
    positions: dict[str, int]      # for a wide table: the file column of each gathered cell


@dataclass
class Table:
    """The sheet's rows, column by column, while validation works through them."""

    excel_rows: np.ndarray                       # each row's number as Excel shows it
    raw: dict[str, np.ndarray]                   # the cells per canonical column
    cell_cols: dict[str, np.ndarray]             # for a wide table's gathered columns: each cell's file column
    factorized: dict[str, Factorized] = field(init=False)
    blank: dict[str, np.ndarray] = field(init=False)
    keep: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))   # the data rows
    totals: list[TotalRow] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.factorized = {name: Factorized(values) for name, values in self.raw.items()}
        self.blank = {name: f.apply(is_blank, "bool") for name, f in self.factorized.items()}


def extract(found: Findings) -> Table:
    """The rows below the header as columns; a wide table is unpivoted first (found.layout becomes the long one)."""
    layout = found.layout
    rows = found.sheet.rows[layout.header_row + 1:]
    excel_rows = np.arange(layout.header_row + 2, layout.header_row + 2 + len(rows))
    cell_cols: dict[str, np.ndarray] = {}
    if layout.melt is not None:
        rows, excel_rows, cell_cols, found.layout = _unpivot(rows, excel_rows, found)
    return Table(excel_rows, columns(rows, found.layout.columns), cell_cols)


def _unpivot(rows: list[list[object]], excel_rows: np.ndarray, found: Findings
             ) -> tuple[list[list[object]], np.ndarray, dict[str, np.ndarray], Layout]:
    """Unpivot a wide table: one long row per filled wide cell, with the column's year or gemeente.

    A row-total column is dropped after checking it against the row's cells."""
    layout = found.layout
    melt = layout.melt
    assert melt is not None
    header_cells = found.sheet.rows[layout.header_row]
    width = max(len(header_cells), *(len(r) for r in rows)) if rows else len(header_cells)
    long_rows: list[list[object]] = []
    long_excel: list[int] = []
    long_cols: list[int] = []
    for row, excel_row in zip(rows, excel_rows, strict=True):
        cells = list(row) + [None] * (width - len(row))
        parts: list[float] = []
        for position, header in melt.columns:
            value = cells[position]
            if is_blank(value):
                continue
            long_rows.append(cells + [header, value])
            long_excel.append(int(excel_row))
            long_cols.append(position)
            with contextlib.suppress(CellError):
                parts.append(parse_number(value))
        _check_row_total(found, cells, parts, int(excel_row))
    columns_ = {**layout.columns, melt.dimension: width, melt.value: width + 1}
    headers = {**layout.headers, melt.dimension: "kolomkoppen", melt.value: "waarden"}
    long_layout = replace(layout, columns=columns_, headers=headers)
    positions = np.array(long_cols, dtype=int)
    return long_rows, np.array(long_excel, dtype=int), {melt.dimension: positions, melt.value: positions}, long_layout


def _check_row_total(found: Findings, cells: list[object], parts: list[float], excel_row: int) -> None:
    """A wide table's row-total column must equal the sum of the row's cells."""
    total = found.layout.melt.total if found.layout.melt else None
    if total is None or is_blank(cells[total]) or not parts:
        return
    try:
        stated = parse_number(cells[total])
    except CellError:
        return
    if abs(stated - sum(parts)) > 0.5:
        found.problem("totaal-klopt-niet", excel_row, "", dutch_amount(stated), limit=dutch_amount(sum(parts)), col=total)


def sort_rows(table: Table, found: Findings, notes: list[str]) -> None:
    """Empty rows are skipped, totals set aside for the cross-check, notes below the table skipped;
    what is left are the data rows (table.keep)."""
    n = len(table.excel_rows)
    total_label, label_of = _total_labels(table, n)
    filled = sum((~b).astype(int) for b in table.blank.values()) if table.blank else np.zeros(n, dtype=int)
    single_text = _lone_texts(table, found.layout, total_label, filled)
    data = (filled > 0) & ~total_label & ~single_text
    last_data = int(np.flatnonzero(data)[-1]) if data.any() else -1
    for index in np.flatnonzero(single_text):
        if index < last_data:   # a lone text in the middle of the table is a row with its data missing
            found.problem("leeg-verplicht", int(table.excel_rows[index]), found.layout.kind.required[0], "")
    trailing = int((single_text & (np.arange(n) > last_data)).sum())
    if trailing:
        notes.append(f"Blad '{found.sheet.name}': {fmt.aantal(trailing, 'regel', 'regels')} met toelichting onder de "
                     "tabel overgeslagen.")
    table.totals = [TotalRow(int(table.excel_rows[i]), str(label_of[i]), str(table.raw[str(label_of[i])][i]),
                             {name: table.raw[name][i] for name in table.raw},
                             {name: int(cols[i]) for name, cols in table.cell_cols.items()})
                    for i in np.flatnonzero(total_label)]
    table.keep = np.flatnonzero(data)


def _total_labels(table: Table, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Which rows are totals, and the column whose label says so (the first of _LABEL_COLUMNS)."""
    total_label = np.zeros(n, dtype=bool)
    label_of = np.full(n, None, dtype=object)
    for name in _LABEL_COLUMNS:
        if name in table.raw:
            is_total = table.factorized[name].apply(is_total_label, "bool") & (label_of == None)  # noqa: E711
            label_of[is_total] = name
            total_label |= is_total
    return total_label, label_of


def _lone_texts(table: Table, layout: Layout, total_label: np.ndarray, filled: np.ndarray) -> np.ndarray:
    """Rows with one filled cell holding text: a note or a title (checked only for those rows)."""
    single_text = np.zeros(len(table.excel_rows), dtype=bool)
    if len(layout.columns) <= 2:
        return single_text
    for index in np.flatnonzero((filled == 1) & ~total_label):
        single_text[index] = any(isinstance(values[index], str) for values in table.raw.values()
                                 if not is_blank(values[index]))
    return single_text


def fill_down(table: Table, layout: Layout, sheet_name: str, notes: list[str]) -> None:
    """A pivot table (it has total rows) writes a row label only on the first row of its group:
    blank labels in data rows take the label above them."""
    if not table.totals:
        return
    keep = table.keep
    for name in _FILL_DOWN_COLUMNS:
        if name not in table.raw or not table.blank[name][keep].any() or table.blank[name][keep][0]:
            continue
        values = pd.Series(table.raw[name][keep], dtype="object").where(~table.blank[name][keep])
        filled = values.ffill().to_numpy(dtype=object)
        count = len(np.unique(table.excel_rows[keep][table.blank[name][keep]]))
        column = table.raw[name].copy()
        column[keep] = filled
        table.raw[name] = column
        table.factorized[name] = Factorized(column)
        table.blank[name] = table.factorized[name].apply(is_blank, "bool")
        notes.append(f"Blad '{sheet_name}': {count} lege cel(len) in kolom '{layout.headers.get(name, name)}' "
                     "aangevuld met de waarde erboven (draaitabel).")
