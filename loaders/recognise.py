"""Recognising a sheet: which kind it holds, where its header row is, and which file column is
which contract column. Title rows above the header and notes below the table are skipped."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.formats import KINDS, Kind, header_index, normalise
from loaders.parse import is_blank
from loaders.problems import Problem
from loaders.read import Sheet
from loaders.reference import Reference

HEADER_SEARCH_ROWS = 30
_TOTAL_KEYS = ("eindtotaal", "totaal", "subtotaal", "grandtotal", "total", "generaltotal", "algemeentotaal")


@dataclass
class Layout:
    """How a sheet maps onto a kind."""

    kind: Kind
    header_row: int                       # 0-based index into sheet.rows
    columns: dict[str, int]               # canonical name -> 0-based column index
    headers: dict[str, str]               # canonical name -> header text as in the file
    constants: dict[str, object] = field(default_factory=dict)   # e.g. jaar taken from the title
    notes: list[str] = field(default_factory=list)
    melt: Melt | None = None              # a wide table (years or gemeenten as columns)


@dataclass
class Melt:
    """A wide table: one column per year or per gemeente, to be unpivoted into long rows."""

    dimension: str                        # 'jaar' or 'gemeente'
    value: str                            # the value column the cells hold, e.g. bedrag_eur
    columns: list[tuple[int, object]]     # (0-based position, header value) of every wide column
    total: int | None = None              # position of a row-total column (dropped, cross-checked)


# Which value a wide table's cells hold, per kind.
_WIDE_VALUE = {"uitgaven": "bedrag_eur", "volumes": "jeugdigen", "kpi": "waarde"}
_YEAR_HEADER = re.compile(r"^\D{0,40}?(?<!\d)((?:19|20)\d{2})(?:\.0)?\s*$")


def header_year(cell: object) -> int | None:
    """2023, 2023.0, '2023', 'Realisatie 2023', 'Som van Totaal bedrag 2023' -> 2023."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)) and float(cell).is_integer() and 1950 <= cell <= 2049:
        return int(cell)
    match = _YEAR_HEADER.match(str(cell)) if isinstance(cell, str) else None
    return int(match.group(1)) if match else None


def _wide(kind: Kind, cells: list[object], found: dict[str, int], ref: Reference | None) -> Melt | None:
    value = _WIDE_VALUE.get(kind.name)
    if value is None or value in found:
        return None
    used = set(found.values())
    free = [(pos, cell) for pos, cell in enumerate(cells) if pos not in used and not is_blank(cell)]
    total = next((pos for pos, cell in free if is_total_label(cell) or normalise(cell) in ("totaal", "eindtotaal")), None)
    if "jaar" in kind.required and "jaar" not in found:
        years = [(pos, header_year(cell)) for pos, cell in free if header_year(cell) is not None]
        if len(years) >= 2:
            return Melt("jaar", value, years, total)
    if "gemeente" not in found and ref is not None and any(c.name == "gemeente" for c in kind.columns):
        gemeenten = [(pos, cell) for pos, cell in free if ref.gemeente(cell) is not None]
        if len(gemeenten) >= 2:
            # Every other header is taken as a gemeente too, so a misspelt one is reported, not dropped.
            columns = [(pos, cell) for pos, cell in free if pos != total and header_year(cell) is None]
            return Melt("gemeente", value, columns, total)
    return None


def is_total_label(value: object) -> bool:
    """'Eindtotaal', 'Totaal', 'Dordrecht Totaal', 'Subtotaal segment 4', 'Grand Total'."""
    if is_blank(value) or not isinstance(value, str):
        return False
    words = re.findall(r"[a-z]+", value.lower())
    return bool(words) and (words[0] in _TOTAL_KEYS or words[-1] in _TOTAL_KEYS or normalise(value) in _TOTAL_KEYS)


def _match_headers(kind: Kind, cells: list[object]) -> dict[str, int]:
    index = header_index(kind)
    found: dict[str, int] = {}
    for position, cell in enumerate(cells):
        key = normalise(cell)
        if not key:
            continue
        name = index.get(key)
        if name is None:
            # "Som van Totaal bedrag 2023": a pivot table's value header with the year in it.
            stripped = re.sub(r"(19|20)\d{2}$", "", key)
            name = index.get(stripped) or index.get(stripped.removeprefix("somvan"))
        if name is not None and name not in found:
            found[name] = position
    return found


def _score(kind: Kind, found: dict[str, int]) -> tuple[int, int]:
    required = sum(1 for name in kind.required if name in found)
    return required, len(found)


def recognise(sheet: Sheet, kind_name: str | None = None, ref: Reference | None = None
              ) -> tuple[Layout | None, list[Problem]]:
    """Find the header row and the kind (given, from the sheet name, or from the headers); a wide
    table with years or gemeenten as columns is recognised for unpivoting."""
    candidates = [KINDS[kind_name]] if kind_name else [k for k in KINDS.values() if k.uploadable]
    by_sheet_name = [k for k in candidates if normalise(sheet.name) in {normalise(s) for s in (k.name, *k.sheet_synonyms)}]
    best: tuple[tuple[int, int, int], Kind, int, dict[str, int], Melt | None] | None = None
    for row_index, cells in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        if sum(1 for c in cells if not is_blank(c)) < 2:
            continue
        for kind in candidates:
            found = _match_headers(kind, cells)
            melt = _wide(kind, cells, found, ref)
            covered = {**found, **({melt.dimension: -1, melt.value: -1} if melt else {})}
            required, total = _score(kind, covered)
            if required == 0:
                continue
            complete = int(required == len(kind.required)
                           and (not kind.one_of or any(n in covered for n in kind.one_of)))
            rank = (complete, int(kind in by_sheet_name), required * 10 + total)
            if best is None or rank > best[0]:
                best = (rank, kind, row_index, found, melt)
    if best is None:
        return None, [Problem("geen-kopregel", sheet=sheet.name, limit=str(HEADER_SEARCH_ROWS))]
    _, kind, row_index, found, melt = best
    header_cells = sheet.rows[row_index]
    constants, notes = ({}, []) if melt else _year_outside_table(kind, sheet, row_index, found, header_cells)
    covered = {*found, *constants, *((melt.dimension, melt.value) if melt else ())}
    problems = [
        Problem("ontbrekende-kolom", sheet=sheet.name, row=row_index + 1, value=name)
        for name in kind.required
        if name not in covered
    ]
    if kind.one_of and not any(name in covered for name in kind.one_of):
        problems.append(Problem("ontbrekende-kolommen", sheet=sheet.name, row=row_index + 1, value=", ".join(kind.one_of)))
    layout = Layout(
        kind=kind,
        header_row=row_index,
        columns=found,
        headers={name: str(header_cells[pos]).strip() for name, pos in found.items()},
        constants=constants,
        notes=notes,
        melt=melt,
    )
    if melt:
        what = "jaren" if melt.dimension == "jaar" else "gemeenten"
        layout.notes.append(f"Blad '{sheet.name}': brede tabel met {len(melt.columns)} {what} als kolommen; "
                            "omgezet naar één regel per waarde.")
    if row_index > 0:
        layout.notes.append(
            f"Blad '{sheet.name}': kopregel gevonden op rij {row_index + 1}; de regels erboven zijn overgeslagen."
        )
    return layout, problems


_YEAR = re.compile(r"(?<!\d)(20[0-4]\d|19[5-9]\d)(?!\d)")


def _year_outside_table(
    kind: Kind, sheet: Sheet, header_row: int, found: dict[str, int], header_cells: list[object]
) -> tuple[dict[str, object], list[str]]:
    """A year that stands only in the value header, the sheet name or a title row."""
    if "jaar" not in kind.required or "jaar" in found:
        return {}, []
    places: list[tuple[str, object]] = [
        (f"kolomkop '{header_cells[pos]}'", header_cells[pos]) for name, pos in found.items() if name != "jaar"
    ]
    places.append((f"bladnaam '{sheet.name}'", sheet.name))
    for row in sheet.rows[:header_row]:
        places.extend((f"titel '{cell}'", cell) for cell in row if isinstance(cell, str))
    for where, text in places:
        match = _YEAR.search(str(text)) if isinstance(text, str) else None
        if match:
            year = int(match.group(1))
            return {"jaar": year}, [f"Blad '{sheet.name}': jaar {year} gehaald uit {where}."]
    return {}, []
