"""Validating a recognised sheet: every cell parsed and resolved to codes, all problems collected
(never just the first), totals rows dropped and cross-checked, BSN-like columns refused."""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from loaders.formats import JAAR_MAX, JAAR_MIN, PRODUCTCATEGORIEEN, SOORTEN, THEMAS, Kind
from loaders.parse import CellError, is_blank, parse_count, parse_date, parse_number, parse_year, parse_yes_no
from loaders.problems import Problem
from loaders.read import Sheet
from loaders.recognise import Layout, is_total_label
from loaders.reference import Reference

# Columns whose text may hold a total label ("Eindtotaal", "Dordrecht Totaal").
_LABEL_COLUMNS = ("gemeente", "segment", "regio", "jaar")
_AMOUNT_COLUMNS = ("bedrag_eur", "jeugdigen", "trajecten")
MAX_PROBLEMS_PER_CODE = 200


@dataclass
class SheetResult:
    sheet: str
    kind: Kind
    frame: pd.DataFrame                       # canonical columns, one row per data row, '_rij' = Excel row
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def elfproef(digits: str) -> bool:
    """The BSN 11-proef: 9 digits, weighted 9..2 and -1, sum divisible by 11."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0


# The BSN guard (DESIGN.md: a column that looks like BSNs is refused). A random nine-digit number passes the
# 11-proef one time in eleven, so a column where at least half the filled cells pass holds BSNs, not chance:
BSN_SHARE = 0.5          # of the filled cells of a column, every row counted (a BSN repeats per trajectory)
BSN_MIN_CELLS = 3        # "a few": one or two passing cells in a small file say little
BSN_MIN_DISTINCT = 2     # one repeated number (a provider's AGB code, one date) is not a list of persons
# A header that says BSN needs no statistics: one passing value is enough.
_BSN_HEADERS = ("bsn", "burgerservicenummer", "sofinummer")
_SEPARATORS = re.compile(r"[\s.\-\u00a0]")


def _bsn_candidates(uniques: np.ndarray) -> np.ndarray:
    """Each distinct value as the nine-digit number a BSN would be (-1 where it cannot be one).

    Numbers (Excel drops a leading zero, so 8 digits count too); text with spaces, dots or dashes
    between the digits (1234.56.789, 123 456 789) when nine digits remain; plain 8- or 9-digit text.
    Eight digits that read as a date (20240103 or 03012024) are left out: iJw exports write dates so."""
    numbers = np.full(len(uniques), -1, dtype=np.int64)
    if not len(uniques):
        return numbers
    kinds = np.fromiter((1 if isinstance(u, str) else 2 if isinstance(u, (int, float)) and not isinstance(u, bool)
                         else 0 for u in uniques), dtype=np.int8, count=len(uniques))
    numeric = kinds == 2
    if numeric.any():
        values = np.array(uniques[numeric], dtype=np.float64)
        whole = (values == np.floor(values)) & (values >= 10_000_000) & (values < 1_000_000_000)
        picked = np.full(len(values), -1, dtype=np.int64)
        picked[whole] = values[whole].astype(np.int64)
        numbers[numeric] = picked
    text = kinds == 1
    if text.any():
        raw = pd.Series(uniques[text], dtype="object").str.strip()
        stripped = raw.str.replace(_SEPARATORS, "", regex=True)
        plain = raw.str.fullmatch(r"\d{8,9}")
        separated = ~plain & stripped.str.fullmatch(r"\d{9}") & raw.str.fullmatch(r"\d[\d\s.\-\u00a0]*\d")
        ok = (plain | separated).to_numpy(dtype=bool)
        picked = np.full(len(raw), -1, dtype=np.int64)
        picked[ok] = stripped[ok].astype(np.int64).to_numpy()
        numbers[text] = picked
    eight = (numbers >= 10_000_000) & (numbers < 100_000_000)
    high, low = numbers // 10_000, numbers % 10_000
    yyyymmdd = (high >= 1900) & (high < 2100) & (low // 100 >= 1) & (low // 100 <= 12) & (low % 100 >= 1) & (low % 100 <= 31)
    day, month, year = numbers // 1_000_000, numbers // 10_000 % 100, numbers % 10_000
    ddmmyyyy = (day >= 1) & (day <= 31) & (month >= 1) & (month <= 12) & (year >= 1900) & (year < 2100)
    numbers[eight & (yyyymmdd | ddmmyyyy)] = -1
    return numbers


def _elfproef_numbers(numbers: np.ndarray) -> np.ndarray:
    """elfproef() on an array of nine-digit numbers (a leading zero implied), all at once."""
    digits = (numbers[:, None] // 10 ** np.arange(8, -1, -1)) % 10
    weights = np.array([9, 8, 7, 6, 5, 4, 3, 2, -1])
    return (numbers > 0) & ((digits @ weights) % 11 == 0)


def bsn_column(header: object, values: np.ndarray) -> bool:
    """Whether a column holds BSNs, by the rule above; every row is looked at, each distinct value once."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    uniques = np.asarray(uniques, dtype=object)
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    blank = np.fromiter((is_blank(u) for u in uniques), dtype=bool, count=len(uniques))
    filled = int(counts[~blank].sum())
    if filled == 0:
        return False
    passing = _elfproef_numbers(_bsn_candidates(uniques)) & ~blank
    if not passing.any():
        return False
    key = re.sub(r"[^a-z]", "", str(header or "").lower())
    if any(name in key for name in _BSN_HEADERS):
        return True
    cells = int(counts[passing].sum())
    return cells >= BSN_MIN_CELLS and int(passing.sum()) >= BSN_MIN_DISTINCT and cells / filled >= BSN_SHARE


def pseudonym_keys(key: bytes) -> tuple[str, str]:
    """Inner and outer keys derived from the secret, for a nested keyed hash (NMAC construction)."""
    return hashlib.sha256(key + b":in").hexdigest(), hashlib.sha256(key + b":out").hexdigest()


def pseudonymise(client_id: str, key: bytes) -> str:
    """Keyed hash of a client id: stable per key, not reversible without it.

    sha256(k_out || sha256(k_in || id)), first 24 hex digits; the import computes the same in
    DuckDB (PSEUDONYM_SQL) so a million ids cost no Python loop."""
    inner, outer = pseudonym_keys(key)
    digest = hashlib.sha256((inner + client_id.strip()).encode("utf-8")).hexdigest()
    return hashlib.sha256((outer + digest).encode("utf-8")).hexdigest()[:24]


PSEUDONYM_SQL = "left(sha256(concat($k_out, sha256(concat($k_in, trim(client))))), 24)"


def _periode(value: object) -> str:
    if is_blank(value):
        return "jaar"
    text = str(value).strip().upper().replace(" ", "")
    if text.endswith(".0"):
        text = text[:-2]
    if re.fullmatch(r"Q[1-4]|H[12]", text):
        return text
    if re.fullmatch(r"KW[1-4]", text):
        return "Q" + text[2]
    if text.isdigit() and 1 <= int(text) <= 12:
        return f"M{int(text):02d}"
    if text in ("JAAR", "HEELJAAR", "TOTAAL"):
        return "jaar"
    raise CellError("ongeldige-waarde")


class _Validator:
    def __init__(self, sheet: Sheet, layout: Layout, ref: Reference, pseudonym_key: bytes) -> None:
        self.sheet, self.layout, self.ref, self.key = sheet, layout, ref, pseudonym_key
        self.problems: list[Problem] = []
        self.counts: dict[str, int] = {}

    def problem(self, code: str, row: int, column: str, value: object, limit: str = "", suggestion: str = "",
                col: int | None = None) -> None:
        # A file with a million bad cells gets the first ones in full and a count of the rest.
        seen = self.counts.get(code, 0)
        self.counts[code] = seen + 1
        if seen >= MAX_PROBLEMS_PER_CODE:
            return
        position = col if col is not None else self.layout.columns.get(column)
        header = self.header_text(position) if col is not None else self.layout.headers.get(column, column)
        self.problems.append(Problem(
            code, sheet=self.sheet.name, row=row, column=header,
            value="" if value is None else str(value), limit=limit, suggestion=suggestion, col=position,
        ))

    def header_text(self, position: int | None) -> str:
        cells = self.sheet.rows[self.layout.header_row]
        if position is None or position >= len(cells) or cells[position] is None:
            return ""
        return _display(cells[position]).strip()

    def summarise(self) -> None:
        for code, count in self.counts.items():
            if count > MAX_PROBLEMS_PER_CODE:
                self.problems.append(Problem("meer-meldingen", sheet=self.sheet.name,
                                             value=str(count - MAX_PROBLEMS_PER_CODE), limit=code))


class _Factorized:
    """One column as codes into its distinct values: every parse runs once per distinct value
    (exports repeat names, dates and codes endlessly), then spreads out with one numpy take."""

    def __init__(self, values: np.ndarray) -> None:
        self.values = values
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        self.codes = codes                                   # -1 for None/NaN
        self.uniques = np.empty(len(uniques) + 1, dtype=object)
        self.uniques[:-1] = list(uniques)
        self.uniques[-1] = None                             # where codes == -1

    def table(self, fn: Callable[[object], object], dtype: str = "object") -> np.ndarray:
        results = [fn(u) for u in self.uniques]
        if dtype == "object":
            out = np.empty(len(results), dtype=object)
            out[:] = results
            return out
        return np.array(results, dtype=dtype)

    def apply(self, fn: Callable[[object], object], dtype: str = "object") -> np.ndarray:
        return self.table(fn, dtype)[self.codes]

    def subset(self, keep: np.ndarray) -> _Factorized:
        part = object.__new__(_Factorized)
        part.values, part.codes, part.uniques = self.values[keep], self.codes[keep], self.uniques
        return part


def _columns(rows: list[list[object]], positions: dict[str, int]) -> dict[str, np.ndarray]:
    """Cells per column as object arrays; a rectangular sheet is converted in one go."""
    n = len(rows)
    if n and len({len(r) for r in rows}) == 1:
        grid = np.empty((n, len(rows[0])), dtype=object)
        grid[:] = rows
        width = grid.shape[1]
        return {name: grid[:, pos] if pos < width else np.full(n, None, dtype=object) for name, pos in positions.items()}
    out = {}
    for name, pos in positions.items():
        column = np.empty(n, dtype=object)
        column[:] = [r[pos] if pos < len(r) else None for r in rows]
        out[name] = column
    return out


class _Error:
    """A parse failure in a per-unique table: the problem code, kept apart from real values."""

    __slots__ = ("code", "limit", "suggestion")

    def __init__(self, code: str, limit: str = "", suggestion: str = "") -> None:
        self.code, self.limit, self.suggestion = code, limit, suggestion


def _safe(parse: Callable[[object], object]) -> Callable[[object], object]:
    def wrapped(value: object) -> object:
        if is_blank(value):
            return None
        try:
            return parse(value)
        except CellError as exc:
            return _Error(exc.code)
    return wrapped


def validate_sheet(sheet: Sheet, layout: Layout, ref: Reference, pseudonym_key: bytes) -> SheetResult:
    """Column by column: each distinct raw value is parsed once, then problems are collected per cell."""
    kind = layout.kind
    v = _Validator(sheet, layout, ref, pseudonym_key)
    result = SheetResult(sheet.name, kind, pd.DataFrame(), notes=list(layout.notes))

    # BSN check on every column of the table, mapped or not, with a header or without, on every row:
    # such a file is refused whole.
    data_rows = sheet.rows[layout.header_row + 1:]
    header_cells = sheet.rows[layout.header_row]
    width = max(len(header_cells), max(map(len, data_rows), default=0))
    for position, values in _columns(data_rows, {str(p): p for p in range(width)}).items():
        header = header_cells[int(position)] if int(position) < len(header_cells) else None
        if bsn_column(header, values):
            v.problems.append(Problem("bsn-kolom", sheet=sheet.name, row=layout.header_row + 1,
                                      column="" if header is None else _display(header), col=int(position)))
    if v.problems:
        result.problems = v.problems
        return result
    # Excel error values (#N/A, #DIV/0!) read as empty text; in a column we load they are refused.
    used = set(layout.columns.values()) | {pos for pos, _ in (layout.melt.columns if layout.melt else [])}
    for (row, col), value in sorted(sheet.errors.items()):
        if row > layout.header_row and col in used:
            v.problem("excel-fout", row + 1, "", value, col=col)

    n = len(data_rows)
    excel_rows = np.arange(layout.header_row + 2, layout.header_row + 2 + n)
    cell_cols: dict[str, np.ndarray] = {}
    if layout.melt is not None:
        data_rows, excel_rows, cell_cols, layout = _melt(data_rows, excel_rows, layout, v, header_cells)
        v.layout = layout
        n = len(data_rows)
    raw = _columns(data_rows, layout.columns)
    factorized = {name: _Factorized(values) for name, values in raw.items()}
    blank = {name: f.apply(is_blank, "bool") for name, f in factorized.items()}
    filled = sum((~b).astype(int) for b in blank.values()) if blank else np.zeros(n, dtype=int)

    # Rows: empty ones are skipped, totals set aside for the cross-check, notes below the table skipped.
    total_label = np.zeros(n, dtype=bool)
    label_of = np.full(n, None, dtype=object)
    for name in _LABEL_COLUMNS:
        if name in raw:
            is_total = factorized[name].apply(is_total_label, "bool") & (label_of == None)  # noqa: E711
            label_of[is_total] = name
            total_label |= is_total
    single_text = np.zeros(n, dtype=bool)
    if len(layout.columns) > 2:
        # A row with one filled cell holding text is a note or a title (checked only for those rows).
        for index in np.flatnonzero((filled == 1) & ~total_label):
            single_text[index] = any(isinstance(values[index], str) for values in raw.values()
                                     if not is_blank(values[index]))
    data = (filled > 0) & ~total_label & ~single_text
    last_data = int(np.flatnonzero(data)[-1]) if data.any() else -1
    for index in np.flatnonzero(single_text):
        if index < last_data:   # a lone text in the middle of the table is a row with its data missing
            v.problem("leeg-verplicht", int(excel_rows[index]), kind.required[0], "")
    trailing = int((single_text & (np.arange(n) > last_data)).sum())
    if trailing:
        result.notes.append(f"Blad '{sheet.name}': {trailing} regel(s) met toelichting onder de tabel overgeslagen.")
    totals = [(int(excel_rows[i]), str(label_of[i]), str(raw[str(label_of[i])][i]),
               {name: raw[name][i] for name in raw}, {name: int(cols[i]) for name, cols in cell_cols.items()})
              for i in np.flatnonzero(total_label)]

    keep = np.flatnonzero(data)
    if total_label.any():
        _fill_down(raw, factorized, blank, keep, result, sheet.name, layout, excel_rows)
    rows = excel_rows[keep]
    frame = pd.DataFrame({"_rij": rows})
    optional_gemeente = kind.name == "consultatie"
    for name in raw:
        column = kind.column(name)
        missing = blank[name][keep]
        if column.required and not (optional_gemeente and name == "gemeente"):
            for row in rows[missing]:
                v.problem("leeg-verplicht", int(row), name, "")
    regio = np.full(len(keep), None, dtype=object)
    order = sorted(raw, key=lambda n: ["gemeente", "regio"].index(n) if n in ("gemeente", "regio") else 2)
    for name in order:
        positions = cell_cols[name][keep] if name in cell_cols else None
        converted = _convert_column(v, kind, name, factorized[name].subset(keep), rows, regio, positions)
        if name == "gemeente":
            codes = np.array([c[0] if isinstance(c, tuple) else None for c in converted], dtype=object)
            regions = np.array([c[1] if isinstance(c, tuple) else None for c in converted], dtype=object)
            frame["gemeente_code"] = codes
            frame["regio_code"] = regions
            regio = regions.copy()
            converted = codes
        elif name == "regio":
            if "regio_code" in frame:
                frame["regio_code"] = frame["regio_code"].where(frame["regio_code"].notna(), pd.Series(converted))
            else:
                frame["regio_code"] = converted
            regio = frame["regio_code"].to_numpy(dtype=object)
        frame[name] = converted
    for name, constant in layout.constants.items():
        if name not in frame:
            frame[name] = constant

    # Defaults the database applies anyway belong to the key: a blank soort is realisatie.
    if not frame.empty and kind.name == "uitgaven":
        frame["soort"] = frame.get("soort", pd.Series(None, index=frame.index, dtype="object")).fillna("realisatie")
    if not frame.empty and "periode" in {c.name for c in kind.columns}:
        frame["periode"] = frame.get("periode", pd.Series(None, index=frame.index, dtype="object")).fillna("jaar")
    position = {name: i for i, name in enumerate(order)}
    v.problems.sort(key=lambda p: (p.row or 0, position.get(_column_name(layout, p.column), 99)))
    if frame.empty and not v.problems:
        v.problems.append(Problem("geen-regels", sheet=sheet.name, row=layout.header_row + 1))
    if not frame.empty:
        _check_kind(kind, frame, v)
        _check_totals(kind, frame, totals, v, layout)
        _check_periods(kind, frame, v)
        _check_duplicates(kind, frame, v)
    v.summarise()
    result.frame = frame
    result.problems = v.problems
    if totals and not any(p.code == "totaal-klopt-niet" for p in v.problems):
        count = len({t[0] for t in totals})
        result.notes.append(f"Blad '{sheet.name}': {count} totaalregel(s) weggelaten; ze kloppen met de onderdelen.")
    return result


def _melt(rows: list[list[object]], excel_rows: np.ndarray, layout: Layout, v: _Validator,
          header_cells: list[object]) -> tuple[list[list[object]], np.ndarray, dict[str, np.ndarray], Layout]:
    """Unpivot a wide table: one long row per filled wide cell, with the column's year or gemeente.

    A row-total column is dropped after checking it against the row's cells."""
    melt = layout.melt
    assert melt is not None
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
        if melt.total is not None and not is_blank(cells[melt.total]) and parts:
            try:
                stated = parse_number(cells[melt.total])
            except CellError:
                continue
            if abs(stated - sum(parts)) > 0.5:
                v.problem("totaal-klopt-niet", int(excel_row), "", _fmt(stated), limit=_fmt(sum(parts)), col=melt.total)
    columns = {**layout.columns, melt.dimension: width, melt.value: width + 1}
    headers = {**layout.headers, melt.dimension: "kolomkoppen", melt.value: "waarden"}
    long_layout = replace(layout, columns=columns, headers=headers)
    positions = np.array(long_cols, dtype=int)
    return long_rows, np.array(long_excel, dtype=int), {melt.dimension: positions, melt.value: positions}, long_layout


def _fill_down(raw: dict[str, np.ndarray], factorized: dict[str, _Factorized], blank: dict[str, np.ndarray],
               keep: np.ndarray, result: SheetResult, sheet_name: str, layout: Layout, excel_rows: np.ndarray) -> None:
    """A pivot table (it has total rows) writes a row label only on the first row of its group:
    blank labels in data rows take the label above them."""
    for name in ("jaar", "gemeente", "segment", "regio"):
        if name not in raw or not blank[name][keep].any() or blank[name][keep][0]:
            continue
        values = pd.Series(raw[name][keep], dtype="object").where(~blank[name][keep])
        filled = values.ffill().to_numpy(dtype=object)
        count = len(np.unique(excel_rows[keep][blank[name][keep]]))
        column = raw[name].copy()
        column[keep] = filled
        raw[name] = column
        factorized[name] = _Factorized(column)
        blank[name] = factorized[name].apply(is_blank, "bool")
        result.notes.append(f"Blad '{sheet_name}': {count} lege cel(len) in kolom '{layout.headers.get(name, name)}' "
                            "aangevuld met de waarde erboven (draaitabel).")


def _column_name(layout: Layout, header: str) -> str:
    return next((name for name, text in layout.headers.items() if text == header), header)


_NUMERIC = {"jaar", "bedrag", "getal", "aantal"}


def _convert_column(v: _Validator, kind: Kind, name: str, column: _Factorized, rows: np.ndarray,
                    regio: np.ndarray, positions: np.ndarray | None = None) -> np.ndarray:
    """Parse one column; report each bad cell; return the parsed values (None/NaN/NaT where bad or blank).

    `positions` gives each cell's own column in the file, for a column gathered from a wide table."""
    ctype = kind.column(name).type
    if ctype == "segment":
        return _convert_segments(v, name, column, rows, regio, positions)
    table = column.table(_cell_parser(v, ctype))
    is_error = np.fromiter((isinstance(x, _Error) for x in table), dtype=bool, count=len(table))
    if is_error.any():
        melted = v.layout.melt is not None and name == v.layout.melt.dimension
        reported: set[int] = set()
        for index in np.flatnonzero(is_error[column.codes]):
            error = table[column.codes[index]]
            position = None if positions is None else int(positions[index])
            if melted:   # the value is a column header: report it once, on the header row
                if position in reported:
                    continue
                reported.add(position)
            row = v.layout.header_row + 1 if melted else int(rows[index])
            v.problem(error.code, row, name, _display(column.values[index]), limit=error.limit,
                      suggestion=error.suggestion, col=position)
        table[is_error] = None
    if ctype == "datum":
        dates = pd.to_datetime(pd.Series(table, dtype="object"), errors="coerce").to_numpy()
        return dates[column.codes]
    if ctype in _NUMERIC:
        return pd.to_numeric(pd.Series(table, dtype="object"), errors="coerce").to_numpy(dtype="float64")[column.codes]
    return table[column.codes]


def _display(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _cell_parser(v: _Validator, ctype: str) -> Callable[[object], object]:
    ref = v.ref

    def gemeente(value: object) -> object:
        found = ref.gemeente(value)
        if found is None:
            return _Error("onbekende-gemeente", suggestion=ref.suggest(str(value), list(ref.gemeente_names.values())))
        return found

    def regio(value: object) -> object:
        found = ref.regio(value)
        if found is None:
            return _Error("onbekende-regio", suggestion=ref.suggest(str(value), list(ref.regio_names.values())))
        return found

    def jaar(value: object) -> object:
        year = parse_year(value)
        if not JAAR_MIN <= year <= JAAR_MAX:
            return _Error("jaar-buiten-bereik", limit=f"{JAAR_MIN}-{JAAR_MAX}")
        return year

    def choice(options: tuple[str, ...]) -> Callable[[object], object]:
        def pick(value: object) -> object:
            text = str(value).strip().lower()
            return text if text in options else _Error("ongeldige-waarde", limit=", ".join(options))
        return pick

    def gemeentecode(value: object) -> object:
        text = str(value).strip().upper()
        return text if re.fullmatch(r"GM\d{4}", text) else _Error("geen-gemeentecode")

    def client(value: object) -> object:
        # Kept as text until the insert, where DuckDB hashes it (PSEUDONYM_SQL); never stored in the clear.
        return _display(value).strip()

    def productcategorie(value: object) -> object:
        text = _display(value).strip()
        return text if text in PRODUCTCATEGORIEEN else _Error("ongeldige-productcategorie")

    def productcode(value: object) -> object:
        text = _display(value).strip().upper()
        return text if text[:2] in PRODUCTCATEGORIEEN else _Error("ongeldige-productcategorie")

    def text(value: object) -> object:
        return _display(value).strip()

    parsers: dict[str, Callable[[object], object]] = {
        "gemeente": gemeente, "regio": regio, "jaar": jaar, "bedrag": parse_number, "getal": parse_number,
        "aantal": parse_count, "datum": parse_date, "janee": parse_yes_no, "periode": _periode,
        "soort": choice(SOORTEN), "thema": choice(THEMAS), "gemeentecode": gemeentecode, "client": client,
        "productcategorie": productcategorie, "productcode": productcode,
    }
    return _safe(parsers.get(ctype, text))


def _convert_segments(v: _Validator, name: str, column: _Factorized, rows: np.ndarray, regio: np.ndarray,
                      positions: np.ndarray | None = None) -> np.ndarray:
    """Segments are names within a region: resolve each distinct (regio, value) pair once.

    Segment 1 may come as the number 1.0; in a table with segments as columns (a pivot table) an unknown
    segment is a column header, reported once on the header row."""
    region_codes, regions = pd.factorize(regio, use_na_sentinel=True)
    width = len(column.uniques)
    value_codes = np.where(column.codes < 0, width - 1, column.codes)   # the last unique is the blank slot
    unique_pairs, inverse = np.unique((region_codes.astype(np.int64) + 1) * width + value_codes, return_inverse=True)
    resolved = np.empty(len(unique_pairs), dtype=object)
    for index, combined in enumerate(unique_pairs):
        region_index, value_index = divmod(int(combined), width)
        region = regions[region_index - 1] if region_index > 0 else None
        value = column.uniques[value_index]
        if is_blank(value) or region is None:
            resolved[index] = None   # blank, or the gemeente/regio problem is already reported
            continue
        found = v.ref.segment(region, _display(value))
        resolved[index] = found if found is not None else _Error(
            "onbekend-segment", limit=v.ref.regio_names.get(region, region),
            suggestion=v.ref.suggest(str(value), list(v.ref.segment_names.get(region, {}).values())))
    is_error = np.fromiter((isinstance(x, _Error) for x in resolved), dtype=bool, count=len(resolved))
    melted = v.layout.melt is not None and v.layout.melt.dimension == name
    reported: set[int] = set()
    for index in np.flatnonzero(is_error[inverse]):
        error = resolved[inverse[index]]
        position = None if positions is None else int(positions[index])
        if melted:
            if position in reported:
                continue
            reported.add(position)
        v.problem(error.code, v.layout.header_row + 1 if melted else int(rows[index]), name,
                  _display(column.values[index]), limit=error.limit, suggestion=error.suggestion, col=position)
    resolved[is_error] = None
    return resolved[inverse]


def _check_kind(kind: Kind, frame: pd.DataFrame, v: _Validator) -> None:
    if kind.name == "trajecten" and "einddatum" in frame and "startdatum" in frame:
        wrong = (frame["einddatum"] < frame["startdatum"]).fillna(False).to_numpy(dtype=bool)
        for row, end in zip(frame["_rij"].to_numpy()[wrong], frame["einddatum"][wrong], strict=True):
            v.problem("einde-voor-start", int(row), "einddatum", end.strftime("%d-%m-%Y"))


def _check_totals(kind: Kind, frame: pd.DataFrame, totals: list, v: _Validator, layout: Layout) -> None:
    amount_columns = [c for c in _AMOUNT_COLUMNS if c in frame]
    for row, column, label, cell, positions in totals:
        scope = frame
        if layout.melt is not None:
            # In an unpivoted table a total row counts per year (or gemeente) column.
            dimension = cell.get(layout.melt.dimension)
            if layout.melt.dimension == "jaar":
                scope = frame[frame["jaar"] == dimension]
            elif layout.melt.dimension == "segment":
                codes = {v.ref.segment(regio, _display(dimension)) for regio in frame["regio_code"].dropna().unique()}
                scope = frame[frame["segment"].isin(codes - {None})]
            else:
                found = v.ref.gemeente(dimension)
                scope = frame[frame["gemeente_code"] == (found[0] if found else None)]
        words = re.sub(r"(?i)\b(eind|sub)?totaal\b|\bgrand total\b|\btotal\b", "", label).strip(" :-")
        for amount in amount_columns:
            raw = cell.get(amount)
            if is_blank(raw):
                continue
            try:
                stated = parse_number(raw)
            except CellError:
                continue
            if words:
                part = scope[column].astype("string").str.lower() == words.lower()
                if column == "jaar":
                    part = scope["jaar"] == (int(words) if words.isdigit() else -1)
                elif column == "gemeente":
                    found = v.ref.gemeente(words)
                    part = scope.get("gemeente_code", pd.Series(dtype="string")) == (found[0] if found else words)
                elif column == "segment" and "regio_code" in scope:
                    codes = {v.ref.segment(regio, words) for regio in scope["regio_code"].dropna().unique()} - {None}
                    part = scope["segment"].isin(codes) if codes else part
                # A subtotal covers the run of its group's rows right above it (a pivot nests groups).
                above = (scope["_rij"] < row).to_numpy()
                order = np.argsort(-scope["_rij"].to_numpy()[above], kind="stable")
                matches = part.to_numpy(dtype=bool)[above][order]
                run = np.cumprod(matches).astype(bool)
                parts = pd.Series(scope.loc[above, amount].to_numpy()[order][run])
            else:
                parts = scope[amount]
            computed = float(pd.to_numeric(parts, errors="coerce").fillna(0).sum())
            if abs(computed - stated) > 0.5:
                v.problem("totaal-klopt-niet", row, amount, _fmt(stated), limit=_fmt(computed),
                          col=positions.get(amount))


def _fmt(number: float) -> str:
    return f"{number:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


_FULL_YEAR = ({"Q1", "Q2", "Q3", "Q4"}, {"H1", "H2"}, {f"M{m:02d}" for m in range(1, 13)})


def _check_periods(kind: Kind, frame: pd.DataFrame, v: _Validator) -> None:
    """A whole-year figure next to a complete set of its quarters (or halves, months) must equal their sum."""
    if kind.name != "uitgaven" or "periode" not in frame or (frame["periode"] == "jaar").all():
        return
    key = ["gemeente_code", "segment", "jaar", "soort"]
    years = frame[frame["periode"] == "jaar"]
    parts = frame[frame["periode"] != "jaar"]
    for values, year_rows in years.groupby(key, dropna=False):
        match = parts
        for column, value in zip(key, values, strict=True):
            match = match[match[column] == value]
        periods = set(match["periode"])
        if not any(periods == full for full in _FULL_YEAR):
            continue
        stated, computed = float(year_rows["bedrag_eur"].sum()), float(match["bedrag_eur"].sum())
        if abs(stated - computed) > 0.5:
            v.problem("totaal-klopt-niet", int(year_rows["_rij"].iloc[0]), "bedrag_eur", _fmt(stated), limit=_fmt(computed))


def _key_text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT or value == "jaar":
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _check_duplicates(kind: Kind, frame: pd.DataFrame, v: _Validator) -> None:
    key = [c for c in kind.key if c in frame]
    if not key or len(frame) < 2:
        return
    # Rows that already have a problem are left out: two bad years are not the same key.
    bad_rows = np.array(sorted({p.row for p in v.problems if p.row is not None}), dtype=int)
    candidates = frame.loc[~frame["_rij"].isin(bad_rows), ["_rij", *key]]
    # A row whose required key part could not be read has its own problem already.
    candidates = candidates.dropna(subset=[c for c in key if kind.column(c).required])
    duplicated = candidates.duplicated(key, keep=False).to_numpy()
    if not duplicated.any():
        return
    first_row: dict[tuple[str, ...], int] = {}
    for row, *values in candidates[duplicated].itertuples(index=False, name=None):
        texts = tuple(_key_text(x) for x in values)
        if texts in first_row:
            v.problem("dubbele-sleutel", int(row), key[0], " / ".join(x for x in texts if x), limit=str(first_row[texts]))
        else:
            first_row[texts] = int(row)
