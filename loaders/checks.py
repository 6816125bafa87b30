"""Checks on a sheet's converted rows: rules of one kind (an end before its start), totals rows and
whole-year figures against their parts, and keys that occur twice."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from loaders.findings import Findings, display, dutch_amount
from loaders.formats import WHOLE_YEAR, Kind
from loaders.parse import CellError, is_blank, parse_number
from loaders.reference import Reference
from loaders.table import TotalRow

_AMOUNT_COLUMNS = ("bedrag_eur", "jeugdigen", "trajecten")
# The parts that make a whole year, when all of one set are there.
_FULL_YEAR = ({"Q1", "Q2", "Q3", "Q4"}, {"H1", "H2"}, {f"M{m:02d}" for m in range(1, 13)})


def check_kind(kind: Kind, frame: pd.DataFrame, found: Findings) -> None:
    if kind.name == "trajecten" and "einddatum" in frame and "startdatum" in frame:
        wrong = (frame["einddatum"] < frame["startdatum"]).fillna(False).to_numpy(dtype=bool)
        for row, end in zip(frame["_rij"].to_numpy()[wrong], frame["einddatum"][wrong], strict=True):
            found.problem("einde-voor-start", int(row), "einddatum", end.strftime("%d-%m-%Y"))


def check_totals(frame: pd.DataFrame, totals: list[TotalRow], found: Findings) -> None:
    """Each totals row the sheet had must equal the sum of the rows it covers."""
    amount_columns = [c for c in _AMOUNT_COLUMNS if c in frame]
    for total in totals:
        scope = _total_scope(frame, total, found)
        words = re.sub(r"(?i)\b(eind|sub)?totaal\b|\bgrand total\b|\btotal\b", "", total.label).strip(" :-")
        for amount in amount_columns:
            stated = _stated(total.cells.get(amount))
            if stated is None:
                continue
            parts = _covered(scope, total, words, amount, found.ref)
            computed = float(pd.to_numeric(parts, errors="coerce").fillna(0).sum())
            if abs(computed - stated) > 0.5:
                found.problem("totaal-klopt-niet", total.row, amount, dutch_amount(stated), limit=dutch_amount(computed),
                              col=total.positions.get(amount))


def _stated(raw: object) -> float | None:
    if is_blank(raw):
        return None
    try:
        return parse_number(raw)
    except CellError:
        return None


def _total_scope(frame: pd.DataFrame, total: TotalRow, found: Findings) -> pd.DataFrame:
    """In an unpivoted table a total row counts per year (or gemeente, segment) column."""
    melt = found.layout.melt
    if melt is None:
        return frame
    dimension = total.cells.get(melt.dimension)
    if melt.dimension == "jaar":
        return frame[frame["jaar"] == dimension]
    if melt.dimension == "segment":
        codes = {found.ref.segment(regio, display(dimension)) for regio in frame["regio_code"].dropna().unique()}
        return frame[frame["segment"].isin(codes - {None})]
    gemeente = found.ref.gemeente(dimension)
    return frame[frame["gemeente"] == (gemeente[2] if gemeente else None)]


def _covered(scope: pd.DataFrame, total: TotalRow, words: str, amount: str, ref: Reference) -> pd.Series:
    """The amounts a total covers: all of its scope (a grand total), or for a subtotal ("Dordrecht
    Totaal") the run of its group's rows right above it (a pivot nests groups)."""
    if not words:
        return scope[amount]
    part = _in_group(scope, total.column, words, ref)
    above = (scope["_rij"] < total.row).to_numpy()
    order = np.argsort(-scope["_rij"].to_numpy()[above], kind="stable")
    matches = part.to_numpy(dtype=bool)[above][order]
    run = np.cumprod(matches).astype(bool)
    return pd.Series(scope.loc[above, amount].to_numpy()[order][run])


def _in_group(scope: pd.DataFrame, column: str, words: str, ref: Reference) -> pd.Series:
    """Rows whose label in `column` is the group a subtotal names."""
    if column == "jaar":
        return scope["jaar"] == (int(words) if words.isdigit() else -1)
    if column == "gemeente":
        gemeente = ref.gemeente(words)
        return scope.get("gemeente", pd.Series(dtype="string")) == (gemeente[2] if gemeente else words)
    part = scope[column].astype("string").str.lower() == words.lower()
    if column == "segment" and "regio_code" in scope:
        codes = {ref.segment(regio, words) for regio in scope["regio_code"].dropna().unique()} - {None}
        return scope["segment"].isin(codes) if codes else part
    return part


def check_periods(kind: Kind, frame: pd.DataFrame, found: Findings) -> None:
    """A whole-year figure next to a complete set of its quarters (or halves, months) must equal their sum."""
    if kind.name != "uitgaven" or "periode" not in frame or (frame["periode"] == WHOLE_YEAR).all():
        return
    key = ["gemeente", "segment", "jaar", "soort"]
    years = frame[frame["periode"] == WHOLE_YEAR]
    parts = frame[frame["periode"] != WHOLE_YEAR]
    for values, year_rows in years.groupby(key, dropna=False):
        match = parts
        for column, value in zip(key, values, strict=True):
            match = match[match[column] == value]
        periods = set(match["periode"])
        if not any(periods == full for full in _FULL_YEAR):
            continue
        stated, computed = float(year_rows["bedrag_eur"].sum()), float(match["bedrag_eur"].sum())
        if abs(stated - computed) > 0.5:
            found.problem("totaal-klopt-niet", int(year_rows["_rij"].iloc[0]), "bedrag_eur", dutch_amount(stated),
                          limit=dutch_amount(computed))


def _key_text(value: object) -> str:
    """A key part as the problem shows it; blank and the default whole year show as nothing."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT or value == WHOLE_YEAR:
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def check_duplicates(kind: Kind, frame: pd.DataFrame, found: Findings) -> None:
    key = [c for c in kind.key if c in frame]
    if not key or len(frame) < 2:
        return
    # Rows that already have a problem are left out: two bad years are not the same key.
    bad_rows = np.array(sorted({p.row for p in found.problems if p.row is not None}), dtype=int)
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
            found.problem("dubbele-sleutel", int(row), key[0], " / ".join(x for x in texts if x),
                          limit=str(first_row[texts]))
        else:
            first_row[texts] = int(row)
