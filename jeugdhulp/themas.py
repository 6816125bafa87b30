"""The consultation theme vocabulary, read from its one source data/referentie/thema_kernwaarde.csv: each
theme's Dutch name, kernwaarde (the Dordrecht lens, seed 004) and the measures that answer it (DESIGN.md,
Consultation themes). Streamlit-free: the loaders validate uploaded themes against CODES."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "referentie"
THEME_FILE = "thema_kernwaarde.csv"
# The measures a theme can name in the `maten` column: each is a chart the consultation page can draw.
MEASURES = MappingProxyType({
    "uitgaven": "Uitgaven: begroting en realisatie",
    "per_jeugdige": "Uitgaven per jeugdige",
    "aanbieders": "Aanbieders per segment",
    "wachttijd": "Wachttijd",
    "verblijfsduur": "Verblijfsduur",
    "doelen": "Residentiële zorg tegen het doel",
    "segmenten": "Uitgaven per segment (lokaal en regionaal)",
})


@dataclass(frozen=True)
class Theme:
    code: str
    naam: str
    kernwaarde: str | None          # None for 'algemeen': listed, never ranked
    maten: tuple[str, ...]          # in the order they are shown; empty for text-only themes


@cache
def _rows(name: str) -> tuple[dict[str, str], ...]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


THEMES = MappingProxyType({
    r["thema"]: Theme(r["thema"], r["naam"], r["kernwaarde"] or None, tuple(m for m in r["maten"].split("|") if m))
    for r in _rows(THEME_FILE)
})
CODES = tuple(THEMES)                                   # the allowed values of `thema`/`thema2`, in file order
NAMES = MappingProxyType({code: theme.naam for code, theme in THEMES.items()})
# The kernwaarden come from the Dordrecht committee (seed 004): a lens for Dordrecht's region only.
KERNWAARDEN_GEMEENTE = "GM0505"   # Dordrecht
KERNWAARDEN = tuple(dict.fromkeys(r["kernwaarde"] for r in sorted(_rows("kernwaarden.csv"), key=lambda r: int(r["volgorde"]))))


def kernwaarde(theme: str) -> str | None:
    found = THEMES.get(theme)
    return found.kernwaarde if found else None


def measures(theme: str) -> list[str]:
    """The measures that answer a theme, in the order they are shown; none for text-only themes."""
    found = THEMES.get(theme)
    return list(found.maten) if found else []


def themes_for(measure: str) -> list[str]:
    """The themes a page's measure answers (for the 'Wat zeiden de raden hierover?' panel)."""
    return [code for code, theme in THEMES.items() if measure in theme.maten]


def name(theme: str) -> str:
    return NAMES.get(theme, theme)


def stellingen() -> list[dict[str, str]]:
    """The Dordrecht kernwaarden with their propositions, paraphrased, and the line in seed 004."""
    return [dict(r) for r in _rows("kernwaarden.csv")]
