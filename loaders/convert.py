"""Converting the columns of a sheet: each distinct raw value parsed once (a name, a code, a number, a
date), resolved against the reference lists, and every bad cell reported with its own row and column."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

import numpy as np
import pandas as pd

from loaders.findings import Findings, display
from loaders.formats import JAAR_MAX, JAAR_MIN, PRODUCTCATEGORIEEN, SOORTEN, THEMAS, WHOLE_YEAR, Kind, normalise
from loaders.parse import CellError, is_blank, parse_count, parse_date, parse_number, parse_year, parse_yes_no
from loaders.reference import Reference


class Factorized:
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

    def subset(self, keep: np.ndarray) -> Factorized:
        part = object.__new__(Factorized)
        part.values, part.codes, part.uniques = self.values[keep], self.codes[keep], self.uniques
        return part


def columns(rows: list[list[object]], positions: dict[str, int]) -> dict[str, np.ndarray]:
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
            return _Error(exc.code, limit=exc.limit)
    return wrapped


def _periode(value: object) -> str:
    if is_blank(value):
        return WHOLE_YEAR
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
        return WHOLE_YEAR
    raise CellError("ongeldige-waarde", limit="jaar, een maand (1-12), Q1-Q4 of H1-H2")


def _gemeente(ref: Reference, value: object) -> object:
    found = ref.gemeente(value)
    merged = ref.merged(value) if found is None else None
    if merged is not None:
        names = [ref.gemeente_names[code] for code in merged.opvolgers]
        return _Error("gemeente-opgesplitst", limit=f"{', '.join(names[:-1])} en {names[-1]} (per {merged.per_jaar})")
    if found is None:
        names = ref.ambiguous.get(normalise(value))
        return _Error("onbekende-gemeente", suggestion=" of ".join(names) if names else
                      ref.suggest(str(value), list(ref.gemeente_names.values())))
    return found


def _regio(ref: Reference, value: object) -> object:
    found = ref.regio(value)
    if found is None:
        return _Error("onbekende-regio", suggestion=ref.suggest(str(value), list(ref.regio_names.values())))
    return found


def _vorm(ref: Reference, value: object) -> object:
    found = ref.vorm_by_key.get(normalise(value))
    return found if found else _Error("ongeldige-waarde", limit=", ".join(sorted(set(ref.vorm_by_key.values()))))


def _jaar(value: object) -> object:
    year = parse_year(value)
    if not JAAR_MIN <= year <= JAAR_MAX:
        return _Error("jaar-buiten-bereik", limit=f"{JAAR_MIN}-{JAAR_MAX}")
    return year


def _choice(options: tuple[str, ...], value: object) -> object:
    text = str(value).strip().lower()
    return text if text in options else _Error("ongeldige-waarde", limit=", ".join(options))


def _gemeentecode(value: object) -> object:
    text = str(value).strip().upper()
    return text if re.fullmatch(r"GM\d{4}", text) else _Error("geen-gemeentecode")


# The longest text a cell may hold: a client number, and any other text (a name, a summary, a note). One long text
# used by a million cells costs its length a million times over, in every process that holds the sheet (fresh
# eyes: ten 30.000-character client numbers took the server 2,3 GB); a file with such a cell is refused.
CLIENT_MAX_CHARS = 100
TEXT_MAX_CHARS = 2_000


def text_limit(ctype: str) -> int:
    """The most characters a text cell of column type `ctype` (client, tekst) may hold."""
    return CLIENT_MAX_CHARS if ctype == "client" else TEXT_MAX_CHARS


def _text(value: object, most: int = TEXT_MAX_CHARS) -> object:
    # Also a client id: kept as text until the insert, where DuckDB hashes it (loaders.pseudonym),
    # never stored in the clear.
    text = display(value).strip()
    return text if len(text) <= most else _Error("tekst-te-lang", limit=f"{most:,}".replace(",", "."))


def _productcategorie(value: object) -> object:
    text = display(value).strip()
    return text if text in PRODUCTCATEGORIEEN else _Error("ongeldige-productcategorie")


def _productcode(value: object) -> object:
    text = display(value).strip().upper()
    return text if text[:2] in PRODUCTCATEGORIEEN else _Error("ongeldige-productcategorie")


def cell_parser(ref: Reference, ctype: str) -> Callable[[object], object]:
    """The parser of one column type (formats.Column.type): a blank cell gives None, a bad one an _Error."""
    parsers: dict[str, Callable[[object], object]] = {
        "gemeente": partial(_gemeente, ref), "regio": partial(_regio, ref), "jaar": _jaar,
        "bedrag": parse_number, "getal": parse_number, "aantal": parse_count, "datum": parse_date,
        "janee": parse_yes_no, "periode": _periode, "soort": partial(_choice, SOORTEN),
        "thema": partial(_choice, THEMAS), "gemeentecode": _gemeentecode, "client": partial(_text, most=text_limit("client")),
        "productcategorie": _productcategorie, "productcode": _productcode, "vorm": partial(_vorm, ref),
    }
    return _safe(parsers.get(ctype, _text))


_NUMERIC = {"jaar", "bedrag", "getal", "aantal"}


def convert_column(found: Findings, kind: Kind, name: str, column: Factorized, rows: np.ndarray,
                   regio: np.ndarray, positions: np.ndarray | None = None) -> np.ndarray:
    """Parse one column; report each bad cell; return the parsed values (None/NaN/NaT where bad or blank).

    `positions` gives each cell's own column in the file, for a column gathered from a wide table."""
    ctype = kind.column(name).type
    if ctype == "segment":
        return _convert_segments(found, name, column, rows, regio, positions)
    table = column.table(cell_parser(found.ref, ctype))
    _report_errors(found, name, table, column.codes, column.values, rows, positions)
    if ctype == "datum":
        dates = pd.to_datetime(pd.Series(table, dtype="object"), errors="coerce").to_numpy()
        return dates[column.codes]
    if ctype in _NUMERIC:
        return pd.to_numeric(pd.Series(table, dtype="object"), errors="coerce").to_numpy(dtype="float64")[column.codes]
    return table[column.codes]


def _report_errors(found: Findings, name: str, table: np.ndarray, codes: np.ndarray, values: np.ndarray,
                   rows: np.ndarray, positions: np.ndarray | None) -> None:
    """A problem for every cell whose entry in `table` (indexed by `codes`) is an _Error, which then
    becomes None. A bad value that is a column header of a wide table is reported once, on the header row."""
    is_error = np.fromiter((isinstance(x, _Error) for x in table), dtype=bool, count=len(table))
    if not is_error.any():
        return
    melted = found.layout.melt is not None and name == found.layout.melt.dimension
    reported: set[int | None] = set()
    for index in np.flatnonzero(is_error[codes]):
        error = table[codes[index]]
        position = None if positions is None else int(positions[index])
        if melted and position in reported:
            continue
        reported.add(position)
        row = found.layout.header_row + 1 if melted else int(rows[index])
        found.problem(error.code, row, name, display(values[index]), limit=error.limit,
                      suggestion=error.suggestion, col=position)
    table[is_error] = None


def _convert_segments(found: Findings, name: str, column: Factorized, rows: np.ndarray, regio: np.ndarray,
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
        resolved[index] = _segment(found.ref, region, column.uniques[value_index])
    _report_errors(found, name, resolved, inverse, column.values, rows, positions)
    return resolved[inverse]


def _segment(ref: Reference, region: str | None, value: object) -> object:
    if is_blank(value) or region is None:
        return None   # blank, or the gemeente/regio problem is already reported
    code = ref.segment(region, display(value))
    if code is not None:
        return code
    code = "onbekend-segment-standaard" if region in ref.standard_regions else "onbekend-segment"
    return _Error(code, limit=ref.regio_names.get(region, region),
                  suggestion=ref.suggest(str(value), list(ref.segment_names.get(region, {}).values())))
