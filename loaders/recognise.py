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
    """A wide table: one column per year, gemeente or segment, to be unpivoted into long rows."""

    dimension: str                        # 'jaar', 'gemeente' or 'segment'
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


def _wide(kind: Kind, cells: list[object], found: dict[str, int], ref: Reference | None,
          value: str | None = None, pivot: bool = False) -> Melt | None:
    """The wide columns of a header row, if it has them. In a pivot table (its labels or value field
    seen) one recognised gemeente or segment among the column items is enough; elsewhere two."""
    value = value or _WIDE_VALUE.get(kind.name)
    least = 1 if pivot else 2
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
        if len(gemeenten) >= least:
            # Every other header is taken as a gemeente too, so a misspelt one is reported, not dropped.
            columns = [(pos, cell) for pos, cell in free if pos != total and header_year(cell) is None]
            return Melt("gemeente", value, columns, total)
    if "segment" in kind.required and "segment" not in found and "gemeente" in found and ref is not None:
        # Segments as columns (a pivot table with gemeenten as rows); each header is checked as a segment.
        segments = [pos for pos, cell in free if _any_segment(ref, cell)]
        if len(segments) >= least:
            return Melt("segment", value, [(pos, cell) for pos, cell in free if pos != total], total)
    return None


def _label(cell: object) -> object:
    """A number cell as its label: segment 1 comes out of Excel as 1.0."""
    return str(int(cell)) if isinstance(cell, float) and cell.is_integer() else cell


def _any_segment(ref: Reference, cell: object) -> bool:
    return any(ref.segment(regio, _label(cell)) is not None for regio in ref.segment_by_key)


# Excel's own pivot-table labels, Dutch and English: above the row field, and the value field's name.
_ROW_LABELS = ("rijlabels", "rowlabels")
_VALUE_FIELD = re.compile(r"^\s*(?:som van|sum of)\s+(.+?)\s*$", re.IGNORECASE)
_VALUE_FIELD_ABOVE = 3   # rows between the value field and the header row ('Kolomlabels', a blank row)
# The kinds a pivot table can hold, with the value columns its value field may name.
_PIVOT_VALUES = {"uitgaven": ("bedrag_eur",), "volumes": ("jeugdigen", "trajecten")}


@dataclass
class _ValueField:
    """'Som van Bedrag 2024' above the table: which kinds and value column it names."""

    row: int
    text: str
    values: dict[str, str]                # kind name -> value column


def _value_fields(sheet: Sheet, candidates: list[Kind], indexes: dict[str, dict[str, str]]) -> list[_ValueField]:
    """Excel writes it in a row of its own, at most with 'Kolomlabels' or the column field's name beside
    it; 'Som van Totaal bedrag' among other headers is an ordinary value column (a pivot in tabular form)."""
    found = []
    for row_index, cells in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        if sum(1 for cell in cells if not is_blank(cell)) > 2:
            continue
        for cell in cells:
            match = _VALUE_FIELD.match(cell) if isinstance(cell, str) else None
            if not match:
                continue
            key = normalise(re.sub(r"(19|20)\d{2}$", "", match.group(1).strip()))
            values = {kind.name: indexes[kind.name][key] for kind in candidates
                      if indexes[kind.name].get(key) in _PIVOT_VALUES.get(kind.name, ())}
            if values:
                found.append(_ValueField(row_index, cell.strip(), values))
                break
    return found


def _value_field_above(fields: list[_ValueField], row_index: int) -> _ValueField | None:
    return next((f for f in reversed(fields) if 0 < row_index - f.row <= _VALUE_FIELD_ABOVE), None)


def _row_field(sheet: Sheet, row_index: int, cells: list[object], ref: Reference | None) -> dict[str, int]:
    """'Rijlabels' over the row field: gemeente or segment, whichever its values are."""
    position = next((pos for pos, cell in enumerate(cells) if not is_blank(cell)), None)
    if position is None or normalise(cells[position]) not in _ROW_LABELS or ref is None:
        return {}
    below = [row[position] for row in sheet.rows[row_index + 1:row_index + 51] if position < len(row)]
    labels = [cell for cell in below if not is_blank(cell) and not is_total_label(cell)]
    gemeenten = sum(1 for cell in labels if ref.gemeente(cell) is not None)
    segments = sum(1 for cell in labels if _any_segment(ref, cell))
    return {"gemeente" if gemeenten > segments else "segment": position}


def is_total_label(value: object) -> bool:
    """'Eindtotaal', 'Totaal', 'Dordrecht Totaal', 'Subtotaal segment 4', 'Grand Total'."""
    if is_blank(value) or not isinstance(value, str):
        return False
    words = re.findall(r"[a-z]+", value.lower())
    return bool(words) and (words[0] in _TOTAL_KEYS or words[-1] in _TOTAL_KEYS or normalise(value) in _TOTAL_KEYS)


def _match_headers(index: dict[str, str], cells: list[object]) -> dict[str, int]:
    found: dict[str, int] = {}
    keys = [normalise(cell) for cell in cells]
    stripped_keys = [re.sub(r"(19|20)\d{2}$", "", key) for key in keys]
    for position, key in enumerate(keys):
        if not key:
            continue
        name = index.get(key)
        stripped = stripped_keys[position]
        if name is None and (stripped == key or stripped_keys.count(stripped) == 1):
            # "Som van Bedrag", "Som van Totaal bedrag 2023": a pivot table's value header, maybe with the year in
            # it. The same header for several years ("... 2022", "... 2023") is a wide table of years (_wide).
            name = index.get(stripped) or index.get(stripped.removeprefix("somvan"))
        if name is not None and name not in found:
            found[name] = position
    return found


def _score(kind: Kind, found: dict[str, int]) -> tuple[int, int]:
    required = sum(1 for name in kind.required if name in found)
    return required, len(found)


_Best = tuple[tuple[int, int, int, int], Kind, int, dict[str, int], Melt | None, bool]


def _best_header(sheet: Sheet, candidates: list[Kind], by_sheet_name: list[Kind], indexes: dict[str, dict[str, str]],
                 value_fields: list[_ValueField], ref: Reference | None) -> _Best | None:
    """The best (rank, kind, header row, columns found, melt, pivot) over the first rows and the candidate kinds."""
    best: _Best | None = None
    for row_index, cells in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        if sum(1 for c in cells if not is_blank(c)) < 2:
            continue
        row_field = _row_field(sheet, row_index, cells, ref)
        # A pivot table's value field above this row names the kind and the value its cells hold.
        above = _value_field_above(value_fields, row_index)
        named = above.values if above else {}
        for kind in candidates:
            found = {**_match_headers(indexes[kind.name], cells), **row_field}
            melt = _wide(kind, cells, found, ref, named.get(kind.name), bool(row_field) or kind.name in named)
            covered = {**found, **({melt.dimension: -1, melt.value: -1} if melt else {})}
            required, total = _score(kind, covered)
            if required == 0:
                continue
            complete = int(required == len(kind.required)
                           and (not kind.one_of or any(n in covered for n in kind.one_of)))
            rank = (int(kind.name in named and melt is not None), complete, int(kind in by_sheet_name),
                    required * 10 + total)
            if best is None or rank > best[0]:
                best = (rank, kind, row_index, found, melt, bool(row_field) or kind.name in named)
    return best


def recognise(sheet: Sheet, kind_name: str | None = None, ref: Reference | None = None
              ) -> tuple[Layout | None, list[Problem]]:
    """Find the header row and the kind (given, from the sheet name, or from the headers); a wide
    table with years or gemeenten as columns is recognised for unpivoting."""
    candidates = [KINDS[kind_name]] if kind_name else [k for k in KINDS.values() if k.uploadable]
    by_sheet_name = [k for k in candidates if normalise(sheet.name) in {normalise(s) for s in (k.name, *k.sheet_synonyms)}]
    indexes = {kind.name: header_index(kind) for kind in candidates}
    value_fields = _value_fields(sheet, candidates, indexes)
    best = _best_header(sheet, candidates, by_sheet_name, indexes, value_fields, ref)
    if best is None:
        return None, [Problem("geen-kopregel", sheet=sheet.name, limit=str(HEADER_SEARCH_ROWS))]
    _, kind, row_index, found, melt, pivot = best
    header_cells = sheet.rows[row_index]
    field = _value_field_above(value_fields, row_index) if pivot else None
    constants, notes = ({}, []) if melt and melt.dimension == "jaar" else _year_outside_table(
        kind, sheet, row_index, found, header_cells, field.text if field else None)
    covered = {*found, *constants, *((melt.dimension, melt.value) if melt else ())}
    problems = [
        Problem("ontbrekende-kolom", sheet=sheet.name, row=row_index + 1, value=name,
                limit=f" (ook herkend als: {', '.join(kind.column(name).synonyms[:4])})" if kind.column(name).synonyms else "")
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
        what = {"jaar": "jaren", "gemeente": "gemeenten", "segment": "segmenten"}[melt.dimension]
        if pivot:
            rows_as = next((name for name in ("segment", "gemeente") if name in found), "")
            layout.notes.insert(0, f"Blad '{sheet.name}': draaitabel van Excel; rijlabels gelezen als {rows_as}, "
                                   f"{len(melt.columns)} {what} als kolommen"
                                   + (f", waarden uit '{field.text}'." if field else "."))
        else:
            layout.notes.append(f"Blad '{sheet.name}': brede tabel met {len(melt.columns)} {what} als kolommen; "
                                "omgezet naar één regel per waarde.")
    if row_index > 0:
        layout.notes.append(
            f"Blad '{sheet.name}': kopregel gevonden op rij {row_index + 1}; de regels erboven zijn overgeslagen."
        )
    return layout, problems


_YEAR = re.compile(r"(?<!\d)(20[0-4]\d|19[5-9]\d)(?!\d)")


def _year_outside_table(
    kind: Kind, sheet: Sheet, header_row: int, found: dict[str, int], header_cells: list[object],
    value_field: str | None = None,
) -> tuple[dict[str, object], list[str]]:
    """A year that stands only in the value header, a pivot table's value field or report filter
    ('Jaar | 2024' above the table), the sheet name or a title row."""
    if "jaar" not in kind.required or "jaar" in found:
        return {}, []
    places: list[tuple[str, object]] = [
        (f"kolomkop '{header_cells[pos]}'", header_cells[pos]) for name, pos in found.items() if name != "jaar"
    ]
    if value_field:
        places.append((f"waardeveld '{value_field}'", value_field))
    jaar_keys = {normalise(label) for label in (kind.column("jaar").name, *kind.column("jaar").synonyms)}
    for row in sheet.rows[:header_row]:
        filled = [cell for cell in row if not is_blank(cell)]
        if len(filled) == 2 and normalise(filled[0]) in jaar_keys and header_year(filled[1]) is not None:
            places.append((f"rapportfilter '{filled[0]}'", str(header_year(filled[1]))))
    places.append((f"bladnaam '{sheet.name}'", sheet.name))
    for row in sheet.rows[:header_row]:
        places.extend((f"titel '{cell}'", cell) for cell in row if isinstance(cell, str))
    for where, text in places:
        match = _YEAR.search(str(text)) if isinstance(text, str) else None
        if match:
            year = int(match.group(1))
            return {"jaar": year}, [f"Blad '{sheet.name}': jaar {year} gehaald uit {where}."]
    return {}, []
