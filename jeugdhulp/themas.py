"""The consultation theme vocabulary: each theme's kernwaarde (the Dordrecht lens, seed 004) and the
measures that answer it (DESIGN.md, Consultation themes). Read from data/referentie."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "referentie"
KERNWAARDEN = ("gelijkheid", "efficiency", "vrijheid", "zekerheid")
NAMES = {
    "kostenbeheersing": "Kostenbeheersing", "aantal_aanbieders": "Aantal aanbieders", "inkoopmodel": "Inkoopmodel",
    "lokaal_regionaal": "Lokaal of regionaal", "normaliseren": "Normaliseren", "toegang_regie": "Toegang en regie",
    "beschikkingsvrij": "Beschikkingsvrije hulp", "keuzevrijheid": "Keuzevrijheid", "kwaliteit_fraude": "Kwaliteit en fraude",
    "thuis_residentieel": "Zo thuis mogelijk", "administratieve_lasten": "Administratieve lasten",
    "resultaatsturing_kpi": "Sturen op resultaat (KPI's)", "bekostiging": "Bekostiging",
    "samenwerking_domeinen": "Samenwerking tussen domeinen", "wachttijden": "Wachttijden",
    "contractduur_continuiteit": "Contractduur en continuïteit", "governance_rol_raad": "Sturing en rol van de raad",
    "ouders_jeugdigen": "Ouders en jeugdigen", "eigen_kracht_netwerk": "Eigen kracht en netwerk",
    "preventie_sociale_basis": "Preventie en sociale basis", "innovatie_arbeidsmarkt": "Innovatie en arbeidsmarkt",
    "concretisering_kader": "Kader te vaag", "algemeen": "Algemeen",
}
MEASURES = {
    "uitgaven": "Uitgaven: begroting en realisatie",
    "per_jeugdige": "Uitgaven per jeugdige",
    "aanbieders": "Aanbieders per segment",
    "wachttijd": "Wachttijd",
    "verblijfsduur": "Verblijfsduur",
    "doelen": "Residentiële zorg tegen het doel",
    "segmenten": "Uitgaven per segment (lokaal en regionaal)",
}


@cache
def _rows(name: str) -> tuple[dict[str, str], ...]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def kernwaarde(theme: str) -> str | None:
    return next((r["kernwaarde"] or None for r in _rows("thema_kernwaarde.csv") if r["thema"] == theme), None)


def measures(theme: str) -> list[str]:
    """The measures that answer a theme, in the order they are shown; none for text-only themes."""
    row = next((r for r in _rows("thema_kernwaarde.csv") if r["thema"] == theme), None)
    return [m for m in (row["maten"].split("|") if row else []) if m]


def themes_for(measure: str) -> list[str]:
    """The themes a page's measure answers (for the 'Wat zeiden de raden hierover?' panel)."""
    return [r["thema"] for r in _rows("thema_kernwaarde.csv") if measure in r["maten"].split("|")]


def name(theme: str) -> str:
    return NAMES.get(theme, theme)


def stellingen() -> list[dict[str, str]]:
    """The Dordrecht kernwaarden with their propositions, paraphrased, and the line in seed 004."""
    return [dict(r) for r in _rows("kernwaarden.csv")]
