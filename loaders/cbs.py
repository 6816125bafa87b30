"""CBS StatLine tables for the national comparison: fetched with `cbsodata`, or uploaded as a StatLine download.

Three tables, each recognised by its measure and its dimensions' titles, never by a column's position or a
code we could not check against the live service:

- 85099NED, youths with jeugdzorg per gemeente and vorm (measure "Jongeren met jeugdzorg", a count);
- 83454NED, what gemeenten spent on jeugdzorg (measures "Gerealiseerde kosten" and "Begrote kosten", 1 000 euro);
- 03759ned, population per gemeente by age (measure "Bevolking op 1 januari"), summed over ages 0-17.

Both ways in give the same rows: (tabel, maat, vorm, gemeente_code, jaar, waarde, voorlopig). A gemeente's figure
counts toward its successor when it merged (summed; unknown when any part is unknown); a cell CBS left out (".",
or null in the typed data set) stays unknown, never 0. Nederland is kept as NL01. Years before 2019 are skipped:
their gemeenten of 2016-2018 mergers are not in our list, and the comparison is about recent years anyway.

It is longer than 300 lines because the two ways in (OData and a downloaded CSV) and the three tables are one
shape check: read together, a change in CBS's tables is refused in one place."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import pandas as pd

from loaders.formats import JAAR_MAX, normalise
from loaders.parse import CellError, is_blank, parse_number
from loaders.problems import Problem
from loaders.read import Sheet
from loaders.reference import Reference

NEDERLAND = "NL01"
FIRST_YEAR = 2019
LICENCE = "CC BY 4.0"
SHEET = "CBS"


@dataclass(frozen=True)
class Maat:
    name: str               # jeugdigen, kosten, begroting, bevolking
    title: str              # how CBS titles it (normalised prefix)
    key: str                # how its OData key starts (normalised)
    money: bool = False     # in euro (CBS gives 1 000 euro)


@dataclass(frozen=True)
class Tabel:
    code: str
    title: str              # Dutch, for reports and the page
    maten: tuple[Maat, ...]
    vormen: bool            # has a "Vormen van jeugdzorg" dimension
    required_vorm: tuple[str, ...]   # at least one of these vormen must be there


TABELLEN: dict[str, Tabel] = {t.code: t for t in (
    Tabel("85099NED", "Jongeren met jeugdzorg per gemeente",
          (Maat("jeugdigen", "jongeren met jeugdzorg", "jongerenmetjeugdzorg"),), True, ("jeugdhulp",)),
    Tabel("83454NED", "Gemeentelijke kosten jeugdzorg",
          (Maat("kosten", "gerealiseerde kosten", "gerealiseerdekosten", money=True),
           Maat("begroting", "begrote kosten", "begrotekosten", money=True)), True, ("jeugdzorg", "jeugdhulp")),
    Tabel("03759ned", "Bevolking 0 tot en met 17 jaar",
          (Maat("bevolking", "bevolking op 1 januari", "bevolkingop1januari"),), False, ()),
)}
AGES = tuple(range(18))
VORM_BEVOLKING = "0-17"

# The vormen the comparison uses, from the titles CBS gives them (lower case, spaces collapsed). Parts of a total
# (wijkteam, niet-wijkteam) and the combined "jeugdbescherming en -reclassering" are left out on purpose.
VORMEN: dict[str, str] = {
    "jeugdzorg": "Jeugdzorg totaal",
    "jeugdhulp": "Jeugdhulp totaal",
    "zonder_verblijf": "Jeugdhulp zonder verblijf",
    "met_verblijf": "Jeugdhulp met verblijf",
    "jeugdbescherming": "Jeugdbescherming",
    "jeugdreclassering": "Jeugdreclassering",
}
COLUMNS = ["tabel", "maat", "vorm", "gemeente_code", "jaar", "waarde", "voorlopig"]


def vorm_of(title: object) -> str | None:
    """Our vorm for a CBS "Vormen van jeugdzorg" title, or None for one the comparison does not use."""
    text = re.sub(r"\s+", " ", str(title or "").lower())
    if "wijkteam" in text:
        return None
    if "totaal jeugdzorg" in text:
        return "jeugdzorg"
    if "zonder verblijf" in text:
        return "zonder_verblijf"
    if "met verblijf" in text:
        return "met_verblijf"
    if "totaal jeugdhulp" in text:
        return "jeugdhulp"
    if "reclass" in text:
        return None if "bescherming" in text else "jeugdreclassering" if "totaal" in text else None
    if "totaal jeugdbescherming" in text:
        return "jeugdbescherming"
    return None


def age_of(title: object) -> int | None:
    """0-17 for a single-year age title ("0 jaar", "17 jaar"), else None (groups, totals, 18 and older)."""
    match = re.fullmatch(r"\s*(\d{1,3})\s*jaar\s*", str(title or ""))
    age = int(match.group(1)) if match else None
    return age if age is not None and age in AGES else None


def period_of(key_or_title: object, status: object = None) -> tuple[int, bool] | None:
    """(year, provisional) for a year period: key '2023JJ00' (status 'Voorlopig') or title '2023', '2023*'.
    None for months, quarters and anything else."""
    if isinstance(key_or_title, (int, float)) and not isinstance(key_or_title, bool):   # an Excel cell: 2022.0
        key_or_title = int(key_or_title) if float(key_or_title).is_integer() else key_or_title
    text = str(key_or_title if key_or_title is not None else "").strip()
    match = re.fullmatch(r"(\d{4})JJ00", text) or re.fullmatch(r"(\d{4})(\*{0,2})", text)
    if match is None:
        return None
    provisional = "*" in text or "voorlopig" in str(status or "").lower()
    return int(match.group(1)), provisional


# --- one row per (regio, periode, vorm[, leeftijd]) with the measures -> the normalised frame --------------------

@dataclass
class Parsed:
    frame: pd.DataFrame
    problems: list[Problem]
    notes: list[str]


class _Shape(Exception):
    """The table is not in the shape we know: refused whole."""


def shape_problem(tabel: str, what: str, sheet: str = SHEET) -> Problem:
    return Problem("cbs-andere-opbouw", sheet=sheet, value=tabel, limit=what)


_OTHER_REGION = re.compile(r"\((?:[A-Z]{2,4})\)\s*$")       # "(PV)", "(CR)", "(LD)", "(JZ)": not a gemeente
_OTHER_KEY = re.compile(r"(PV|CR|LD|JZ|RE|GR|AR|ZW|GG|WK|BU)\d+")


def _region(ref: Reference, value: object) -> tuple[str | None, str | None, str | None]:
    """(gemeente code or NL01, the code the row itself names, None) for a gemeente or Nederland; (None, None, None)
    for a province, COROP, landsdeel or jeugdregio row (left out); (None, None, problem code) for an unknown or
    split gemeente. CBS writes "Utrecht (gemeente)" beside "Utrecht (PV)"."""
    text = re.sub(r"\s*\(gemeente\)\s*$", "", str(value or "").strip(), flags=re.IGNORECASE)
    upper = text.upper()
    if (upper.startswith("NL") and upper[2:].isdigit()) or normalise(text) == "nederland":
        return NEDERLAND, NEDERLAND, None
    if _OTHER_KEY.fullmatch(upper) or _OTHER_REGION.search(text):
        return None, None, None
    found = ref.gemeente(text)
    if found is not None:
        return found[0], found[2], None
    merged = ref.merged(text)
    if merged is not None and len(merged.opvolgers) > 1:
        return None, None, "gemeente-opgesplitst"
    return None, None, "onbekende-gemeente"


@dataclass(frozen=True)
class Columns:
    """Where a sheet's columns are (header text, 0-based index), so a problem names and marks the cell."""

    sheet: str = SHEET
    at: dict[str, tuple[str, int]] | None = None

    def problem(self, code: str, row: object, name: str, **fields: str) -> Problem:
        header, col = (self.at or {}).get(name, (name, None))
        return Problem(code, sheet=self.sheet, row=int(row), column=header, col=col, **fields)


def normalise_rows(tabel: Tabel, rows: pd.DataFrame, ref: Reference, units: dict[str, float],
                   where: Columns | None = None) -> Parsed:
    """`rows`: columns regio, periode, status (optional), vorm (the CBS title; 85099/83454), leeftijd (title;
    03759), _rij, and one column per maat with the raw value. `units`: maat -> factor to euro or persons."""
    where = where or Columns()
    notes: list[str] = []
    frame = _select_rows(tabel, _years(tabel, rows, notes), notes)
    frame, problems = _regions(tabel, frame, ref, notes, where)
    problems = problems or _duplicates(tabel, frame, where) or _years_ahead(frame, where)
    if problems:
        return Parsed(pd.DataFrame(columns=COLUMNS), problems[:20], notes)
    data, problems = _values(tabel, frame, units, where)
    if problems:
        return Parsed(pd.DataFrame(columns=COLUMNS), problems[:20], notes)
    if not tabel.vormen:
        data = _sum_ages(data)
    data = _combine_merged(data, ref, notes, tabel)
    data.insert(0, "tabel", tabel.code)
    data["jaar"] = data["jaar"].astype(int)
    if data.empty:
        raise _Shape(f"geen gemeenten of Nederland uit {FIRST_YEAR} of later")
    suppressed = int(data["waarde"].isna().sum())
    if suppressed:
        notes.append(f"CBS-tabel {tabel.code}: {suppressed} cellen zijn onbekend (door CBS niet gepubliceerd, of een "
                     "deel van een samengevoegde gemeente ontbreekt); ze blijven leeg, niet 0.")
    return Parsed(data[COLUMNS], [], notes)


def _years(tabel: Tabel, rows: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Rows of whole years from FIRST_YEAR, with jaar and voorlopig; earlier years named in a note."""
    statuses = rows["status"] if "status" in rows else [None] * len(rows)
    periods = [period_of(p, s) for p, s in zip(rows["periode"], statuses, strict=True)]
    frame = rows.assign(jaar=[p[0] if p else np.nan for p in periods], voorlopig=[bool(p and p[1]) for p in periods])
    frame = frame[frame["jaar"].notna()]
    if frame.empty:
        raise _Shape("geen jaren in de kolom Perioden (verwacht: 2023, 2023* of 2023JJ00)")
    early = frame["jaar"] < FIRST_YEAR
    if early.any():
        low, high = int(frame.loc[early, "jaar"].min()), int(frame.loc[early, "jaar"].max())
        notes.append(f"CBS-tabel {tabel.code}: de jaren voor {FIRST_YEAR} zijn overgeslagen "
                     f"({low if low == high else f'{low}-{high}'}).")
    return frame[~early]


def _years_ahead(frame: pd.DataFrame, where: Columns) -> list[Problem]:
    ahead = frame[frame["jaar"] > JAAR_MAX]
    return [where.problem("jaar-buiten-bereik", r, "periode", value=str(int(y)), limit=f"{FIRST_YEAR}-{JAAR_MAX}")
            for r, y in zip(ahead["_rij"].head(5), ahead["jaar"].head(5), strict=True)]


def _select_rows(tabel: Tabel, frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """The vormen the comparison uses, or the single ages 0-17; a table without them is not the table we know."""
    if not tabel.vormen:
        frame = frame.assign(leeftijd=frame["leeftijd"].map(age_of), vorm=VORM_BEVOLKING)
        frame = frame[frame["leeftijd"].notna()]
        if frame.empty:
            raise _Shape("geen leeftijden in losse jaren (0 jaar, 1 jaar, ... 17 jaar)")
        return frame
    titles = frame["vorm"].astype(str).str.strip()
    coded = titles[titles.str.fullmatch(r"[A-Z]\d{5,}")]
    if not coded.empty:
        raise _Shape(f"vormen staan er als codes in ({coded.iloc[0]}); download de tabel met omschrijvingen")
    chosen = _vorm_titles(sorted(set(titles)))
    frame = frame.assign(vorm=titles.map(chosen))
    if not set(chosen.values()) & set(tabel.required_vorm):
        raise _Shape(f"geen vorm '{VORMEN[tabel.required_vorm[0]]}' in de dimensie Vormen van jeugdzorg")
    unused = [t for t in sorted(set(titles)) if t not in chosen]
    if unused:
        notes.append(f"CBS-tabel {tabel.code}: niet gebruikt voor de vergelijking: {', '.join(unused[:8])}"
                     + (f" en {len(unused) - 8} andere" if len(unused) > 8 else "") + ".")
    return frame[frame["vorm"].notna()]


def _vorm_titles(titles: list[str]) -> dict[str, str]:
    """Title -> vorm for the titles the comparison uses. Where two titles give one vorm ("JZ Totaal jeugdzorg" and
    "... in natura"), the one without a narrowing (in natura, pgb) wins; two of the same kind are refused."""
    by_vorm: dict[str, list[str]] = {}
    for title in titles:
        vorm = vorm_of(title)
        if vorm:
            by_vorm.setdefault(vorm, []).append(title)
    chosen = {}
    for vorm, found in by_vorm.items():
        plain = [t for t in found if not re.search(r"natura|pgb", t, re.IGNORECASE)] or found
        if len(plain) > 1:
            raise _Shape(f"meer dan één vorm lijkt op '{VORMEN[vorm]}': {' en '.join(plain)}")
        chosen[plain[0]] = vorm
    return chosen


def _regions(tabel: Tabel, frame: pd.DataFrame, ref: Reference, notes: list[str],
             where: Columns) -> tuple[pd.DataFrame, list[Problem]]:
    """gemeente_code (a merged gemeente's successor) and bron_code (the gemeente the row names) per row. An unknown
    gemeente refuses the table; a split one is left out with a note (its figure cannot be divided)."""
    regions = {v: _region(ref, v) for v in frame["regio"].dropna().unique()}
    problems = []
    for value, (_, _, code) in regions.items():
        if code == "gemeente-opgesplitst":
            merged = ref.merged(value)
            notes.append(f"CBS-tabel {tabel.code}: {value} is overgeslagen; die gemeente is verdeeld over "
                         f"{len(merged.opvolgers) if merged else 'meer'} gemeenten, en een cijfer valt niet te verdelen.")
        elif code is not None:
            row = frame.loc[frame["regio"] == value, "_rij"].iloc[0]
            names = ref.ambiguous.get(normalise(value))
            problems.append(where.problem(code, row, "regio", value=str(value)[:80], suggestion=" of ".join(names)
                                          if names else ref.suggest(str(value), list(ref.gemeente_names.values()))))
    frame = frame.assign(gemeente_code=frame["regio"].map(lambda v: regions.get(v, (None,) * 3)[0]),
                         bron_code=frame["regio"].map(lambda v: regions.get(v, (None,) * 3)[1]))
    return frame[frame["gemeente_code"].notna()], problems[:20]


def _duplicates(tabel: Tabel, frame: pd.DataFrame, where: Columns) -> list[Problem]:
    """A gemeente, year and vorm (or age) twice, however it is written ("Dordrecht" and "GM0505"): refused, never
    added up. So is a merged gemeente beside the gemeenten it came from in one year: that would count them twice."""
    key = ["bron_code", "jaar", "vorm", *([] if tabel.vormen else ["leeftijd"])]
    labels = frame[key].astype(str)
    repeated = labels.duplicated()
    first = frame.groupby(key, dropna=False)["_rij"].transform("min")
    problems = [where.problem("dubbele-sleutel", row, "regio", value=" / ".join(values[:3]), limit=str(int(earlier)))
                for row, earlier, values in zip(frame.loc[repeated, "_rij"].head(5), first[repeated].head(5),
                                                labels[repeated].head(5).itertuples(index=False), strict=True)]
    if problems:
        return problems
    both = frame.groupby(["gemeente_code", "jaar"])["bron_code"].agg(set)
    for (code, jaar), sources in both.items():
        if code in sources and len(sources) > 1:
            row = frame.loc[(frame["gemeente_code"] == code) & (frame["jaar"] == jaar), "_rij"].iloc[0]
            problems.append(where.problem("cbs-oud-en-nieuw", row, "regio", value=f"{code} in {int(jaar)}",
                                          limit=", ".join(sorted(sources - {code}))))
    return problems[:5]


def _values(tabel: Tabel, frame: pd.DataFrame, units: dict[str, float],
            where: Columns) -> tuple[pd.DataFrame, list[Problem]]:
    """One row per measure. "." (or None) is a cell CBS did not publish: unknown, never 0; "-" is CBS's nihil: 0.
    A count is a whole number of at most MAX_COUNT; an amount at most MAX_EUR (anything larger is a broken cell)."""
    problems: list[Problem] = []
    long = []
    kept = ["gemeente_code", "bron_code", "jaar", "vorm", "voorlopig", *([] if tabel.vormen else ["leeftijd"])]
    for maat in tabel.maten:
        if maat.name not in frame:
            continue
        values = [_value(maat, raw, row, units.get(maat.name, 1.0), where, problems)
                  for raw, row in zip(frame[maat.name], frame["_rij"], strict=True)]
        long.append(frame[kept].assign(maat=maat.name, waarde=values))
    if not long:
        raise _Shape(f"de maat '{tabel.maten[0].title}' ontbreekt")
    return pd.concat(long, ignore_index=True), problems


MAX_COUNT = 100_000_000
MAX_EUR = 1e12


def _value(maat: Maat, raw: object, row: object, factor: float, where: Columns, problems: list[Problem]) -> float:
    if is_blank(raw) or str(raw).strip() in (".", "x", "?"):
        return np.nan
    if str(raw).strip() == "-":
        return 0.0
    try:
        number = parse_number(raw)
    except CellError:
        problems.append(where.problem("geen-getal", row, maat.name, value=str(raw)[:80]))
        return np.nan
    code = None
    if not np.isfinite(number) or abs(number * factor) > (MAX_EUR if maat.money else MAX_COUNT):
        code = "getal-te-groot"
    elif not maat.money and number < 0:
        code = "negatief-aantal"
    elif not maat.money and number != int(number):
        code = "geen-geheel-getal"
    if code:
        problems.append(where.problem(code, row, maat.name, value=str(raw)[:80]))
        return np.nan
    return number * factor


def _sum_ages(data: pd.DataFrame) -> pd.DataFrame:
    """Population 0-17 per gemeente and year from the single ages; every age of every gemeente named must be there
    (unknown stays unknown)."""
    keys = ["maat", "vorm", "gemeente_code", "bron_code", "jaar"]
    ages = data.groupby(keys)["leeftijd"].nunique()
    if (ages < len(AGES)).any():
        raise _Shape("niet alle leeftijden 0 tot en met 17 jaar staan erin (elke leeftijd apart)")
    return data.groupby(keys, as_index=False).agg(
        waarde=("waarde", lambda s: s.sum() if s.notna().all() else np.nan), voorlopig=("voorlopig", "any"))


def _combine_merged(data: pd.DataFrame, ref: Reference, notes: list[str], tabel: Tabel) -> pd.DataFrame:
    """A merged gemeente's parts add up to its successor; unknown when any part is unknown or missing (a successor
    of a year with some of its old gemeenten absent would be too low)."""
    parts: dict[str, list[tuple[str, int]]] = {}
    for merged in {m.code: m for m in ref.merged_by_key.values()}.values():
        if len(merged.opvolgers) == 1:     # a split gemeente is left out anyway (see _regions)
            parts.setdefault(merged.opvolgers[0], []).append((merged.code, merged.per_jaar))
    keys = ["maat", "vorm", "gemeente_code", "jaar"]
    combined = data.groupby(keys, as_index=False).agg(
        waarde=("waarde", lambda s: s.sum() if s.notna().all() else np.nan), voorlopig=("voorlopig", "any"),
        bronnen=("bron_code", lambda s: frozenset(s)))
    incomplete: set[str] = set()
    for index, row in combined.iterrows():
        sources = row["bronnen"]
        if row["gemeente_code"] in sources:
            continue
        expected = {code for code, gone in parts.get(row["gemeente_code"], []) if gone > row["jaar"]}
        missing = expected - sources
        if missing:
            combined.at[index, "waarde"] = np.nan
            incomplete.add(f"{ref.gemeente_names.get(row['gemeente_code'], row['gemeente_code'])} {int(row['jaar'])} "
                           f"(ontbreekt: {', '.join(sorted(missing))})")
    merged_names = sorted({ref.gemeente_names.get(c, c) for c, s in zip(combined["gemeente_code"], combined["bronnen"],
                                                                         strict=True) if c not in s})
    if merged_names:
        notes.append(f"CBS-tabel {tabel.code}: cijfers van opgeheven gemeenten tellen mee bij hun opvolger: "
                     f"{', '.join(merged_names[:10])}{' en meer' if len(merged_names) > 10 else ''}.")
    if incomplete:
        notes.append(f"CBS-tabel {tabel.code}: niet alle oude gemeenten staan erin, dus het cijfer van de opvolger "
                     f"blijft onbekend: {'; '.join(sorted(incomplete)[:5])}.")
    return combined.drop(columns="bronnen")


# --- from a StatLine download (CSV or Excel with the table's titles) --------------------------------------------

_DIMENSIONS = {
    "regio": ("regio's", "regios", "regio", "gemeenten", "gemeente", "regioaanduiding"),
    "periode": ("perioden", "periode"),
    "vorm": ("vormen van jeugdzorg", "vormenvanjeugdzorg"),
    "leeftijd": ("leeftijd",),
    "geslacht": ("geslacht",),
    "burgerlijke_staat": ("burgerlijke staat", "burgerlijkestaat"),
}
_HEADER_ROWS = 12


def _unit_factor(text: str) -> float | None:
    """1000 for '1 000 euro' / 'x 1.000 euro', 1 for 'euro'; None for a unit we do not know."""
    compact = re.sub(r"[\s.]", "", text.lower())
    if compact in ("1000euro", "x1000euro", "€1000", "x€1000", "duizendeuro"):
        return 1000.0
    if compact in ("euro", "€", "eur", "ineuro"):
        return 1.0
    return None


def _measure(header: object) -> tuple[Tabel, Maat, str] | None:
    text = re.sub(r"^totaal\s+", "", str(header or "").strip(), flags=re.IGNORECASE)
    plain = re.sub(r"\s+", " ", text.lower())
    for tabel in TABELLEN.values():
        for maat in tabel.maten:
            if plain.startswith(maat.title) or normalise(text).replace(" ", "").startswith(maat.key):
                unit = re.search(r"\(([^)]*)\)\s*$", text)
                if "relatief" in plain or (unit and "%" in unit.group(1)):
                    return None
                return tabel, maat, unit.group(1) if unit else ""
    return None


def detect(sheet: Sheet) -> tuple[int, Tabel | None] | None:
    """(header row index, table) when the sheet is a StatLine table: a header with "Perioden" (StatLine's own word)
    and a region or measure column. The table is None when no measure is one we know (it is refused, by name)."""
    for index, row in enumerate(sheet.rows[:_HEADER_ROWS]):
        cells = [normalise(c).replace(" ", "") for c in row]
        if "perioden" not in cells:
            continue
        found = [m for m in map(_measure, row) if m]
        if found:
            return index, found[0][0]
        if any(_dimension(c) == "regio" for c in row):
            return index, None
    return None


def _dimension(header: object) -> str | None:
    text = normalise(header)
    for name, titles in _DIMENSIONS.items():
        if text in titles or text.replace(" ", "") in (t.replace(" ", "") for t in titles):
            return name
    return None


def from_sheet(sheet: Sheet, ref: Reference) -> Parsed:
    """A StatLine table downloaded as CSV or Excel (the titles as headers, "." for a cell CBS did not publish)."""
    header_index, tabel = detect(sheet)   # type: ignore[misc]
    header = sheet.rows[header_index]
    if tabel is None:
        known = ", ".join(f"'{m.title}' ({t.code})" for t in TABELLEN.values() for m in t.maten[:1])
        return Parsed(pd.DataFrame(columns=COLUMNS), [Problem(
            "cbs-andere-opbouw", sheet=sheet.name, row=header_index + 1, value="van StatLine",
            limit=f"geen bekende maat in de kopregel (verwacht: {known})")], [])
    at: dict[str, tuple[str, int]] = {}
    units: dict[str, float] = {}
    for position, cell in enumerate(header):
        name = _dimension(cell)
        measure = None if name else _measure(cell)
        if measure and measure[0] is tabel:
            name = measure[1].name
            factor = _unit_factor(measure[2]) if measure[1].money else 1.0
            if factor is None:
                return Parsed(pd.DataFrame(columns=COLUMNS), [Problem(
                    "cbs-eenheid", sheet=sheet.name, row=header_index + 1, column=str(cell), col=position,
                    value=measure[2] or "geen")], [])
            units[name] = factor
        if name and name not in at:
            at[name] = (str(cell), position)
    where = Columns(sheet.name, at)
    try:
        missing = [n for n in ("regio", "periode", "vorm" if tabel.vormen else "leeftijd") if n not in at]
        if missing:
            raise _Shape(f"de kolom {', '.join(_DIMENSIONS[m][0].capitalize() for m in missing)} ontbreekt")
        numbered = [(header_index + 2 + i, row) for i, row in enumerate(sheet.rows[header_index + 1:])
                    if row and not all(is_blank(c) for c in row)]
        rows = pd.DataFrame({name: [row[position] if position < len(row) else None for _, row in numbered]
                             for name, (_, position) in at.items()}, dtype=object)
        rows["_rij"] = [number for number, _ in numbered]
        rows = rows[rows["periode"].notna() & rows["regio"].notna()]   # footnotes below the table
        return normalise_rows(tabel, _totals_only(rows), ref, units, where)
    except _Shape as exc:
        return Parsed(pd.DataFrame(columns=COLUMNS), [shape_problem(tabel.code, str(exc), sheet.name)], [])


def _totals_only(rows: pd.DataFrame) -> pd.DataFrame:
    """Population tables also split by sex and marital status: keep the totals ("Totaal mannen en vrouwen")."""
    for column in ("geslacht", "burgerlijke_staat"):
        if column in rows:
            total = rows[column].map(lambda v: "totaal" in str(v).lower())
            if not total.any():
                raise _Shape(f"geen totaal in de kolom {column.replace('_', ' ')}")
            rows = rows[total]
    return rows


# --- from the OData service through cbsodata ------------------------------------------------------------------

class Client(Protocol):
    """What we use of `cbsodata` (1.3.5): its module satisfies this; tests pass a fake with fixture tables."""

    def get_meta(self, table_id: str, name: str, **kwargs: Any) -> list[dict[str, Any]]: ...

    def download_data(self, table_id: str, dir: str | None = None, typed: bool = False,  # noqa: A002 - its name
                      select: list[str] | None = None, filters: str | None = None,
                      **kwargs: Any) -> dict[str, list[dict[str, Any]]]: ...


def _titles(meta: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(m.get("Key", "")).strip(): m for m in meta}


def _properties(tabel: Tabel, properties: list[dict[str, Any]]) -> tuple[dict[str, tuple[Maat, str]], dict[str, str]]:
    """From DataProperties: measure key -> (maat, unit) and our dimension name -> its key, found by title and type."""
    measures: dict[str, tuple[Maat, str]] = {}
    dimensions: dict[str, str] = {}
    for prop in properties:
        kind, key, title = prop.get("Type", ""), str(prop.get("Key", "")), str(prop.get("Title", ""))
        found = _measure(f"{title} ({prop.get('Unit') or ''})") if kind == "Topic" else None
        if found and found[0] is tabel:
            measures[key] = (found[1], str(prop.get("Unit") or ""))
        named = {"GeoDimension": "regio", "TimeDimension": "periode"}.get(kind) or (
            _dimension(title) if kind == "Dimension" else None)
        if named:
            dimensions[named] = key
    needed = ["regio", "periode", "vorm" if tabel.vormen else "leeftijd"]
    missing = [n for n in needed if n not in dimensions] + ([] if measures else [f"de maat '{tabel.maten[0].title}'"])
    if missing:
        raise _Shape(f"ontbrekend: {', '.join(missing)}")
    return measures, dimensions


def _units(measures: dict[str, tuple[Maat, str]]) -> dict[str, float]:
    units: dict[str, float] = {}
    for maat, unit in measures.values():
        factor = _unit_factor(unit) if maat.money else 1.0
        if factor is None:
            raise _Shape(f"onbekende eenheid '{unit}' bij {maat.title}")
        units[maat.name] = factor
    return units


def from_odata(tabel: Tabel, client: Client, ref: Reference, timeout: float = 60.0) -> Parsed:
    """Fetch one table: its DataProperties say which keys hold the measures and dimensions, by title; the data
    set is asked for with only gemeenten, Nederland and (03759ned) the totals of sex and marital status.
    Network errors (requests) propagate: the command line says them in Dutch."""
    try:
        measures, dimensions = _properties(tabel, client.get_meta(tabel.code, "DataProperties", timeout=timeout))
        units = _units(measures)
        metas = {name: _titles(client.get_meta(tabel.code, key, timeout=timeout)) for name, key in dimensions.items()
                 if name != "regio"}
        data = client.download_data(tabel.code, typed=True, filters=_filter(tabel, dimensions, metas),
                                    select=[*dimensions.values(), *measures], timeout=timeout)
        rows = pd.DataFrame(data.get("TypedDataSet") or [])
        rows = rows.rename(columns={key: name for name, key in dimensions.items()}
                           | {key: m.name for key, (m, _) in measures.items()})
        if rows.empty or any(c not in rows for c in dimensions):
            raise _Shape("de gegevens hebben niet de kolommen uit DataProperties")
        rows["_rij"] = range(1, len(rows) + 1)
        for name in dimensions:   # keys come padded with spaces ('GM0363    ')
            rows[name] = rows[name].map(lambda v: str(v).strip() if v is not None else v)
        rows["status"] = rows["periode"].map(lambda k: metas["periode"].get(k, {}).get("Status"))
        for name in ("vorm", "leeftijd", "geslacht", "burgerlijke_staat"):
            if name in rows:
                rows[name] = rows[name].map(lambda k, t=metas[name]: t.get(k, {}).get("Title", k))
        return normalise_rows(tabel, _totals_only(rows), ref, units)
    except _Shape as exc:
        return Parsed(pd.DataFrame(columns=COLUMNS), [shape_problem(tabel.code, str(exc))], [])


def _filter(tabel: Tabel, dimensions: dict[str, str], metas: dict[str, dict[str, dict[str, Any]]]) -> str:
    """The OData $filter: gemeenten and Nederland; years from FIRST_YEAR; for the population the totals of the
    other dimensions and the ages 0-17 (their keys from the metadata, verbatim: CBS pads keys with spaces)."""
    def key_of(name: str, wanted: Callable[[str], bool]) -> list[str]:
        return [m["Key"] for m in metas.get(name, {}).values() if wanted(str(m.get("Title", "")))]

    regio = dimensions["regio"]
    parts = [f"(substringof('GM',{regio}) or substringof('NL',{regio}))"]
    years = key_of("periode", lambda t: bool(re.fullmatch(r"\d{4}\*{0,2}", t.strip()))
                   and int(t.strip()[:4]) >= FIRST_YEAR)
    if years:
        parts.append("(" + " or ".join(f"{dimensions['periode']} eq '{k}'" for k in years) + ")")
    if not tabel.vormen:
        ages = key_of("leeftijd", lambda t: age_of(t) is not None)
        if len(ages) < len(AGES):
            raise _Shape("niet alle leeftijden 0 tot en met 17 jaar staan in de dimensie Leeftijd")
        parts.append("(" + " or ".join(f"{dimensions['leeftijd']} eq '{k}'" for k in ages) + ")")
        for name in ("geslacht", "burgerlijke_staat"):
            if name in dimensions:
                totals = key_of(name, lambda t: t.lower().startswith("totaal"))
                if not totals:
                    raise _Shape(f"geen totaal in de dimensie {name.replace('_', ' ')}")
                parts.append(f"{dimensions[name]} eq '{totals[0]}'")
    return " and ".join(parts)


def source_line(tabel: Tabel, fetched: str) -> str:
    """The source line every page shows next to the figures of a fetched table."""
    return f"CBS StatLine {tabel.code}, opgehaald {fetched}, {LICENCE}"


def to_csv(frame: pd.DataFrame) -> bytes:
    """A canonical text of the rows (sorted), for the batch's sha256: fetching the same figures twice is noticed."""
    ordered = frame[COLUMNS].sort_values(["maat", "vorm", "gemeente_code", "jaar"]).reset_index(drop=True)
    return ordered.to_csv(index=False).encode()
