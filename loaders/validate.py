"""Validating a recognised sheet: every cell parsed and resolved to codes, all problems collected
(never just the first), totals rows dropped and cross-checked, BSN-like columns refused."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from loaders.formats import JAAR_MAX, JAAR_MIN, PRODUCTCATEGORIEEN, SOORTEN, THEMAS, Kind
from loaders.parse import CellError, is_blank, parse_count, parse_date, parse_number, parse_year, parse_yes_no
from loaders.problems import Problem
from loaders.read import Sheet
from loaders.recognise import Layout, is_total_label
from loaders.reference import Reference

# Columns whose text may hold a total label ("Eindtotaal", "Dordrecht Totaal").
_LABEL_COLUMNS = ("gemeente", "segment", "regio")
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


def _looks_like_bsn_column(values: list[object]) -> bool:
    texts = []
    for value in values:
        if is_blank(value):
            continue
        text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip()
        texts.append(text.zfill(9) if text.isdigit() and 8 <= len(text) <= 9 else text)
    if len(texts) < 3:
        return False
    return sum(1 for t in texts if elfproef(t)) / len(texts) >= 0.8


def pseudonymise(client_id: str, key: bytes) -> str:
    """Keyed hash of a client id: stable per key, not reversible without it."""
    return hmac.new(key, client_id.strip().encode("utf-8"), hashlib.sha256).hexdigest()[:24]


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
        self.cache: dict[tuple[str, object], object] = {}

    def problem(self, code: str, row: int, column: str, value: object, limit: str = "", suggestion: str = "") -> None:
        # A file with a million bad cells gets the first ones in full and a count of the rest.
        seen = self.counts.get(code, 0)
        self.counts[code] = seen + 1
        if seen >= MAX_PROBLEMS_PER_CODE:
            return
        self.problems.append(Problem(
            code, sheet=self.sheet.name, row=row, column=self.layout.headers.get(column, column),
            value="" if value is None else str(value), limit=limit, suggestion=suggestion,
            col=self.layout.columns.get(column),
        ))

    def summarise(self) -> None:
        for code, count in self.counts.items():
            if count > MAX_PROBLEMS_PER_CODE:
                self.problems.append(Problem("meer-meldingen", sheet=self.sheet.name,
                                             value=str(count - MAX_PROBLEMS_PER_CODE), limit=code))

    def cached(self, kind: str, value: object, parse: Callable[[object], object]) -> object:
        cache_key = (kind, value if isinstance(value, (str, int, float)) else repr(value))
        if cache_key not in self.cache:
            try:
                self.cache[cache_key] = parse(value)
            except CellError as exc:
                self.cache[cache_key] = exc
        result = self.cache[cache_key]
        if isinstance(result, CellError):
            raise result
        return result

    def convert(self, column: str, ctype: str, value: object, row: int, regio: str | None) -> object:
        try:
            if ctype == "gemeente":
                found = self.ref.gemeente(value)
                if found is None:
                    self.problem("onbekende-gemeente", row, column, value,
                                 suggestion=self.ref.suggest(str(value), list(self.ref.gemeente_names.values())))
                return found
            if ctype == "regio":
                found = self.ref.regio(value)
                if found is None:
                    self.problem("onbekende-regio", row, column, value,
                                 suggestion=self.ref.suggest(str(value), list(self.ref.regio_names.values())))
                return found
            if ctype == "segment":
                if regio is None:
                    return None  # the gemeente or regio problem is already reported
                found = self.ref.segment(regio, value)
                if found is None:
                    names = list(self.ref.segment_names.get(regio, {}).values())
                    self.problem("onbekend-segment", row, column, value, limit=self.ref.regio_names.get(regio, regio),
                                 suggestion=self.ref.suggest(str(value), names))
                return found
            if ctype == "jaar":
                year = self.cached("jaar", value, parse_year)
                if not JAAR_MIN <= year <= JAAR_MAX:
                    self.problem("jaar-buiten-bereik", row, column, year, limit=f"{JAAR_MIN}-{JAAR_MAX}")
                    return None
                return year
            if ctype in ("bedrag", "getal"):
                return self.cached("getal", value, parse_number)
            if ctype == "aantal":
                return self.cached("aantal", value, parse_count)
            if ctype == "datum":
                return self.cached("datum", value, parse_date)
            if ctype == "janee":
                return self.cached("janee", value, parse_yes_no)
            if ctype == "periode":
                return self.cached("periode", value, _periode)
            if ctype == "soort":
                text = str(value).strip().lower()
                if text not in SOORTEN:
                    self.problem("ongeldige-waarde", row, column, value, limit=", ".join(SOORTEN))
                    return None
                return text
            if ctype == "thema":
                text = str(value).strip().lower()
                if text not in THEMAS:
                    self.problem("ongeldige-waarde", row, column, value, limit=", ".join(THEMAS))
                    return None
                return text
            if ctype == "gemeentecode":
                text = str(value).strip().upper()
                if not re.fullmatch(r"GM\d{4}", text):
                    self.problem("geen-gemeentecode", row, column, value)
                    return None
                return text
            if ctype == "client":
                text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
                return pseudonymise(text, self.key)
            if ctype == "productcategorie":
                text = str(int(value)) if isinstance(value, float) else str(value).strip()
                if text not in PRODUCTCATEGORIEEN:
                    self.problem("ongeldige-productcategorie", row, column, value)
                    return None
                return text
            if ctype == "productcode":
                text = str(value).strip().upper()
                if text[:2] not in PRODUCTCATEGORIEEN:
                    self.problem("ongeldige-productcategorie", row, column, value)
                    return None
                return text
            text = str(value).strip()
            if isinstance(value, float) and value.is_integer():
                text = str(int(value))
            return text
        except CellError as exc:
            self.problem(exc.code, row, column, value)
            return None


def _column_type(kind: Kind, name: str) -> str:
    return kind.column(name).type


def validate_sheet(sheet: Sheet, layout: Layout, ref: Reference, pseudonym_key: bytes) -> SheetResult:
    kind = layout.kind
    v = _Validator(sheet, layout, ref, pseudonym_key)
    result = SheetResult(sheet.name, kind, pd.DataFrame(), notes=list(layout.notes))

    # BSN check on every column of the table, mapped or not: such a file is refused whole.
    data_rows = sheet.rows[layout.header_row + 1:]
    header_cells = sheet.rows[layout.header_row]
    for position, header in enumerate(header_cells):
        if _looks_like_bsn_column([r[position] if position < len(r) else None for r in data_rows[:500]]):
            v.problems.append(Problem("bsn-kolom", sheet=sheet.name, row=layout.header_row + 1,
                                      column="" if header is None else str(header)))
    if v.problems:
        result.problems = v.problems
        return result

    order = sorted(layout.columns, key=lambda n: ["gemeente", "regio"].index(n) if n in ("gemeente", "regio") else 2)
    records: list[dict[str, object]] = []
    totals: list[tuple[int, str, str, dict[str, object]]] = []   # (row, column, label, raw amounts)
    pending_notes: list[int] = []
    for offset, cells in enumerate(data_rows):
        excel_row = layout.header_row + 2 + offset
        cell = {name: (cells[pos] if pos < len(cells) else None) for name, pos in layout.columns.items()}
        filled = [c for c in cells if not is_blank(c)]
        if not filled:
            continue
        label_column = next((n for n in _LABEL_COLUMNS if n in cell and is_total_label(cell[n])), None)
        if label_column:
            totals.append((excel_row, label_column, str(cell[label_column]), cell))
            continue
        if len(filled) == 1 and isinstance(filled[0], str) and len(layout.columns) > 2:
            pending_notes.append(excel_row)    # a note or a title: only an error if data follows
            continue
        for note_row in pending_notes:
            v.problem("leeg-verplicht", note_row, next(iter(kind.required)), "")
        pending_notes.clear()
        record: dict[str, object] = {"_rij": excel_row}
        regio: str | None = None
        for name in order:
            raw = cell[name]
            column = kind.column(name)
            if is_blank(raw):
                if column.required and not (kind.name == "consultatie" and name == "gemeente"):
                    v.problem("leeg-verplicht", excel_row, name, "")
                record[name] = None
                continue
            value = v.convert(name, _column_type(kind, name), raw, excel_row, regio)
            if name == "gemeente" and value is not None:
                record["gemeente_code"], regio = value
                record["regio_code"] = regio
                value = value[0]
            elif name == "regio" and value is not None:
                regio = regio or value
                record["regio_code"] = record.get("regio_code") or value
            record[name] = value
        for name, constant in layout.constants.items():
            record.setdefault(name, constant)
        records.append(record)
    if pending_notes:
        result.notes.append(f"Blad '{sheet.name}': {len(pending_notes)} regel(s) met toelichting onder de tabel overgeslagen.")

    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    # Defaults the database applies anyway belong to the key: a blank soort is realisatie.
    if not frame.empty and kind.name == "uitgaven":
        frame["soort"] = frame.get("soort", pd.Series(None, index=frame.index, dtype="object")).fillna("realisatie")
    if not frame.empty and "periode" in {c.name for c in kind.columns}:
        frame["periode"] = frame.get("periode", pd.Series(None, index=frame.index, dtype="object")).fillna("jaar")
    if frame.empty and not v.problems:
        v.problems.append(Problem("geen-regels", sheet=sheet.name, row=layout.header_row + 1))
    if not frame.empty:
        _check_kind(kind, frame, v)
        _check_totals(kind, frame, totals, v)
        _check_duplicates(kind, frame, v)
    v.summarise()
    result.frame = frame
    result.problems = v.problems
    if totals and not any(p.code == "totaal-klopt-niet" for p in v.problems):
        result.notes.append(f"Blad '{sheet.name}': {len(totals)} totaalregel(s) weggelaten; ze kloppen met de onderdelen.")
    return result


def _check_kind(kind: Kind, frame: pd.DataFrame, v: _Validator) -> None:
    if kind.name == "trajecten" and "einddatum" in frame and "startdatum" in frame:
        for row, start, end in zip(frame["_rij"], frame["startdatum"], frame["einddatum"], strict=True):
            if start is not None and end is not None and not pd.isna(end) and not pd.isna(start) and end < start:
                v.problem("einde-voor-start", row, "einddatum", end.strftime("%d-%m-%Y"))


def _check_totals(kind: Kind, frame: pd.DataFrame, totals: list, v: _Validator) -> None:
    amount_columns = [c for c in _AMOUNT_COLUMNS if c in frame]
    for row, column, label, cell in totals:
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
                part = frame[column].astype("string").str.lower() == words.lower()
                if column == "gemeente":
                    found = v.ref.gemeente(words)
                    part = frame.get("gemeente_code", pd.Series(dtype="string")) == (found[0] if found else words)
                elif column == "segment" and "regio_code" in frame:
                    codes = {v.ref.segment(regio, words) for regio in frame["regio_code"].dropna().unique()} - {None}
                    part = frame["segment"].isin(codes) if codes else part
                parts = frame.loc[part, amount]
            else:
                parts = frame[amount]
            computed = float(pd.to_numeric(parts, errors="coerce").fillna(0).sum())
            if abs(computed - stated) > 0.5:
                v.problem("totaal-klopt-niet", row, amount, _fmt(stated), limit=_fmt(computed))


def _fmt(number: float) -> str:
    return f"{number:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def _key_text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "jaar":
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _check_duplicates(kind: Kind, frame: pd.DataFrame, v: _Validator) -> None:
    key = [c for c in kind.key if c in frame]
    if not key or len(frame) < 2:
        return
    # Rows that already have a problem are left out: two bad years are not the same key.
    bad_rows = {p.row for p in v.problems}
    first_row: dict[tuple[str, ...], int] = {}
    for row, values in zip(frame["_rij"], frame[key].itertuples(index=False, name=None), strict=True):
        if row in bad_rows:
            continue
        texts = tuple(_key_text(x) for x in values)
        if texts in first_row:
            v.problem("dubbele-sleutel", row, key[0], " / ".join(x for x in texts if x), limit=str(first_row[texts]))
        else:
            first_row[texts] = row
