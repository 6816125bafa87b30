"""Lookups of gemeenten, regions and segments from the database, for resolving names in uploads."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import duckdb

from loaders.formats import normalise


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

    @classmethod
    def from_db(cls, con: duckdb.DuckDBPyConnection) -> Reference:
        ref = cls()
        for code, naam in con.execute("SELECT regio_code, naam FROM regio").fetchall():
            ref.add_regio(code, naam)
        for code, naam, regio in con.execute("SELECT gemeente_code, naam, regio_code FROM gemeente").fetchall():
            ref.add_gemeente(code, naam, regio)
        rows = con.execute(
            "SELECT regio_code, segment_code, naam, vorm, coalesce(aliassen, '')"
            " FROM segment ORDER BY regio_code, volgorde"
        ).fetchall()
        for regio, code, naam, vorm, aliases in rows:
            ref.add_segment(regio, code, naam, vorm, tuple(a for a in aliases.split("|") if a))
        return ref

    def add_regio(self, code: str, naam: str) -> None:
        self.regio_names[code] = naam
        for key in (code, naam):
            self.regio_by_key[normalise(key)] = code

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

    def gemeente(self, value: object) -> tuple[str, str] | None:
        return self.gemeente_by_key.get(normalise(value))

    def regio(self, value: object) -> str | None:
        return self.regio_by_key.get(normalise(value))

    def segment(self, regio: str, value: object) -> str | None:
        key = normalise(value)
        found = self.segment_by_key.get(regio, {}).get(key)
        if found is None and key.startswith("segment"):
            found = self.segment_by_key.get(regio, {}).get(key.removeprefix("segment"))
        return found
