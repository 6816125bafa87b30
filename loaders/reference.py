"""Lookups of gemeenten, regions and segments from the database, for resolving names in uploads.

A gemeente that no longer exists (merged into another since 2019: data/referentie/gemeenten_opgeheven.csv) is
known by its old code and name too: its figures count toward its successor. One that was split over several
gemeenten has no single successor; naming it is refused with the successors listed (loaders.convert)."""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import duckdb

from loaders.formats import normalise

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "referentie"
MERGED_FILE = REFERENCE_DIR / "gemeenten_opgeheven.csv"
# Other names of today's gemeenten that exports use ("Den Haag" for 's-Gravenhage); with the CBS name without its
# province suffix ("Hengelo" for "Hengelo (O.)") where that is unique, see Reference.add_short_names.
ALIAS_FILE = REFERENCE_DIR / "gemeente_aliassen.csv"
# The structure of the segments a region gets when it has no list of its own: one per vorm.
STANDARD_STRUCTURE = "standaard (vormen)"


@dataclass(frozen=True)
class Merged:
    """A gemeente that no longer exists: its code, name, the year from which it is gone, and its successors."""

    code: str
    naam: str
    per_jaar: int
    opvolgers: tuple[str, ...]


@cache
def gemeente_aliases() -> tuple[tuple[str, str], ...]:
    """(alias, gemeente code) pairs."""
    with ALIAS_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple((row["alias"], row["gemeente_code"]) for row in csv.DictReader(handle))


@cache
def merged_gemeenten() -> dict[str, Merged]:
    """Old CBS code -> the merger it went into."""
    with MERGED_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    found: dict[str, Merged] = {}
    for row in rows:
        known = found.get(row["oud_code"])
        opvolgers = (*known.opvolgers, row["opvolger_code"]) if known else (row["opvolger_code"],)
        found[row["oud_code"]] = Merged(row["oud_code"], row["oud_naam"], int(row["per_jaar"]), opvolgers)
    return found


@dataclass
class Reference:
    gemeente_by_key: dict[str, tuple[str, str]] = field(default_factory=dict)   # key -> (code, regio)
    gemeente_names: dict[str, str] = field(default_factory=dict)                # code -> naam
    gemeente_regio: dict[str, str] = field(default_factory=dict)                # code -> regio_code
    regio_by_key: dict[str, str] = field(default_factory=dict)                  # key -> regio_code
    regio_names: dict[str, str] = field(default_factory=dict)                   # regio_code -> naam
    segment_by_key: dict[str, dict[str, str]] = field(default_factory=dict)     # regio -> key -> code
    segment_names: dict[str, dict[str, str]] = field(default_factory=dict)      # regio -> code -> naam
    segment_vorm: dict[tuple[str, str], str] = field(default_factory=dict)
    merged_by_key: dict[str, Merged] = field(default_factory=dict)                # old code/name key -> merger
    vorm_by_key: dict[str, str] = field(default_factory=dict)                     # vorm or its name -> vorm
    ambiguous: dict[str, list[str]] = field(default_factory=dict)                 # short name key -> full names
    standard_regions: set[str] = field(default_factory=set)                       # regions with only the standard list

    @classmethod
    def from_db(cls, con: duckdb.DuckDBPyConnection) -> Reference:
        ref = cls()
        for code, naam in con.execute("SELECT regio_code, naam FROM regio").fetchall():
            ref.add_regio(code, naam)
        for code, naam, aliases in con.execute("SELECT regio_code, naam, coalesce(aliassen, '') FROM regio").fetchall():
            ref.add_regio(code, naam, tuple(a for a in aliases.split("|") if a))
        for code, naam, regio in con.execute("SELECT gemeente_code, naam, regio_code FROM gemeente").fetchall():
            ref.add_gemeente(code, naam, regio)
        ref.add_short_names()
        for vorm, naam in con.execute("SELECT vorm, naam FROM vorm").fetchall():
            ref.vorm_by_key[normalise(vorm)] = ref.vorm_by_key[normalise(naam)] = vorm
        for merged in merged_gemeenten().values():
            if all(code in ref.gemeente_regio for code in merged.opvolgers):
                ref.add_merged(merged)
        # Own segments first: a standard one that figures still use (loaders.segmenten) only takes what they leave.
        rows = con.execute(
            "SELECT regio_code, segment_code, naam, vorm, coalesce(aliassen, '') FROM segment"
            " ORDER BY regio_code, structuur = $standard, volgorde", {"standard": STANDARD_STRUCTURE},
        ).fetchall()
        for regio, code, naam, vorm, aliases in rows:
            ref.add_segment(regio, code, naam, vorm, tuple(a for a in aliases.split("|") if a))
        ref.standard_regions = {r for (r,) in con.execute(
            "SELECT regio_code FROM segment GROUP BY regio_code HAVING bool_and(structuur = $standard)",
            {"standard": STANDARD_STRUCTURE}).fetchall()}
        return ref

    def add_regio(self, code: str, naam: str, aliases: tuple[str, ...] = ()) -> None:
        self.regio_names[code] = naam
        for key in (code, naam, *aliases):
            self.regio_by_key[normalise(key)] = code

    def add_short_names(self) -> None:
        """Known gemeenten by their usual other names: the alias list, and a CBS name without its province suffix
        ("Hengelo (O.)" as "Hengelo") where only one gemeente has that short name ("Bergen" is two)."""
        for alias, code in gemeente_aliases():
            if code in self.gemeente_regio:
                self.gemeente_by_key.setdefault(normalise(alias), (code, self.gemeente_regio[code]))
        short: dict[str, list[str]] = {}
        for code, naam in self.gemeente_names.items():
            if "(" in naam:
                short.setdefault(normalise(naam.split("(")[0]), []).append(code)
        for key, codes in short.items():
            if len(codes) == 1:
                self.gemeente_by_key.setdefault(key, (codes[0], self.gemeente_regio[codes[0]]))
            else:   # "Bergen": Bergen (L.) or Bergen (NH.); a suggestion names both
                self.ambiguous[key] = sorted(self.gemeente_names[c] for c in codes)

    def add_merged(self, merged: Merged) -> None:
        """Know an old gemeente by its code and name, unless a gemeente of today has that name (Groningen)."""
        for key in (merged.code, merged.naam, merged.code.removeprefix("GM"), str(int(merged.code[2:]))):
            if normalise(key) not in self.gemeente_by_key:
                self.merged_by_key[normalise(key)] = merged

    def add_gemeente(self, code: str, naam: str, regio: str) -> None:
        self.gemeente_names[code] = naam
        self.gemeente_regio[code] = regio
        for key in (code, naam, code.removeprefix("GM"), str(int(code[2:]))):
            self.gemeente_by_key[normalise(key)] = (code, regio)

    def add_segment(self, regio: str, code: str, naam: str, vorm: str, aliases: tuple[str, ...]) -> None:
        self.segment_names.setdefault(regio, {})[code] = naam
        self.segment_vorm[(regio, code)] = vorm
        keys = self.segment_by_key.setdefault(regio, {})
        for key in (code, naam, *aliases):
            keys.setdefault(normalise(key), code)

    def suggest(self, value: str, names: list[str]) -> str:
        by_key = {normalise(n): n for n in names}
        close = difflib.get_close_matches(normalise(value), list(by_key), n=1, cutoff=0.6)
        return by_key[close[0]] if close else ""

    def gemeente(self, value: object) -> tuple[str, str, str] | None:
        """(code, regio, own code) of the gemeente `value` names; for a merged one the code and region of its
        successor, with its own old code last. None when unknown or split (see `merged`)."""
        key = normalise(value)
        found = self.gemeente_by_key.get(key)
        if found is None and key.startswith("gemeente") and key != "gemeente":   # "Gemeente Almelo"
            key = key.removeprefix("gemeente")
            found = self.gemeente_by_key.get(key)
        if found is not None:
            return found[0], found[1], found[0]
        merged = self.merged_by_key.get(key)
        if merged is None or len(merged.opvolgers) != 1:
            return None
        [successor] = merged.opvolgers
        return successor, self.gemeente_regio[successor], merged.code

    def merged(self, value: object) -> Merged | None:
        """The merger a name or code of a gemeente that no longer exists went into."""
        return self.merged_by_key.get(normalise(value))

    def regio(self, value: object) -> str | None:
        return self.regio_by_key.get(normalise(value))

    def segment(self, regio: str, value: object) -> str | None:
        key = normalise(value)
        found = self.segment_by_key.get(regio, {}).get(key)
        if found is None and key.startswith("segment"):
            found = self.segment_by_key.get(regio, {}).get(key.removeprefix("segment"))
        return found
