"""A fictitious national table in the shape of the three CBS tables (loaders/cbs.py), so the Vergelijken page can be
seen offline. Every batch from here is marked voorbeeld; a real CBS load replaces all of them (loaders.importer).

Numbers are invented around public orders of magnitude, not copied: about one youth in eight of 0-17 gets
jeugdhulp in a year, about one in eleven of those with verblijf, and gemeenten spend roughly 1 500-2 000 euro per
youth 0-17 on jeugdzorg (CBS jeugdzorg and cost tables, 2022). Counts are rounded to 5 and small ones left out, as
CBS publishes them; a few gemeenten gave no costs, as in the real table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from loaders import cbs
from loaders.example import INWONERS, SEED

YEARS = tuple(range(2019, 2025))       # the last one provisional, as CBS's latest year is
PROVISIONAL = YEARS[-1]
YOUTH_SHARE = 0.19                      # 0-17 of inhabitants, nationally
IN_CARE = (0.125, 0.02)                 # share of youths 0-17 with jeugdhulp: mean, spread between gemeenten
WITH_STAY = (0.09, 0.02)                # share of those with verblijf
PROTECTION, PROBATION = 0.012, 0.003    # jeugdbescherming, jeugdreclassering per youth 0-17
COST_PER_YOUTH = (1_700.0, 300.0)       # euro jeugdzorg per youth 0-17 in 2019
GROWTH = {"in_care": 0.01, "cost": 0.05}
NO_COSTS = 0.03                         # share of gemeenten without a cost figure
SMALLEST = 10                           # counts under this are not published


def _round5(values: np.ndarray) -> np.ndarray:
    rounded = np.round(values / 5) * 5
    return np.where(rounded < SMALLEST, np.nan, rounded)


def frames(gemeenten: list[str]) -> dict[str, pd.DataFrame]:
    """Table code -> its rows (cbs.COLUMNS) for these gemeenten and Nederland (NL01, the sum of the gemeenten)."""
    rng = np.random.default_rng([SEED, 15])
    n = len(gemeenten)
    inhabitants = np.array([INWONERS.get(g, 0) for g in gemeenten], dtype=float)
    drawn = np.exp(rng.normal(np.log(28_000), 0.8, size=n)).clip(1_000, 900_000)
    youths0 = np.where(inhabitants > 0, inhabitants, drawn) * YOUTH_SHARE
    in_care = rng.normal(*IN_CARE, size=n).clip(0.07, 0.2)
    with_stay = rng.normal(*WITH_STAY, size=n).clip(0.03, 0.18)
    cost = rng.normal(*COST_PER_YOUTH, size=n).clip(900, 3_000)
    # Some gemeenten gave no costs; not those of the example regions, whose profile pages show the comparison.
    no_costs = (rng.random(n) < NO_COSTS) & (inhabitants == 0)
    rows: dict[str, list[pd.DataFrame]] = {code: [] for code in cbs.TABELLEN}
    for offset, year in enumerate(YEARS):
        youths = np.round(youths0 * (1.003 ** offset))
        care = (1 + GROWTH["in_care"]) ** offset
        jeugdhulp = youths * in_care * care
        stay = jeugdhulp * with_stay
        measures = {
            ("85099NED", "jeugdigen", "jeugdhulp"): jeugdhulp,
            ("85099NED", "jeugdigen", "met_verblijf"): stay,
            ("85099NED", "jeugdigen", "zonder_verblijf"): jeugdhulp - stay * 0.8,
            ("85099NED", "jeugdigen", "jeugdbescherming"): youths * PROTECTION,
            ("85099NED", "jeugdigen", "jeugdreclassering"): youths * PROBATION,
            ("85099NED", "jeugdigen", "jeugdzorg"): jeugdhulp + youths * (PROTECTION + PROBATION) * 0.6,
            ("83454NED", "kosten", "jeugdzorg"): youths * cost * (1 + GROWTH["cost"]) ** offset,
            ("83454NED", "kosten", "jeugdhulp"): youths * cost * 0.9 * (1 + GROWTH["cost"]) ** offset,
            ("83454NED", "begroting", "jeugdzorg"): youths * cost * 0.93 * (1 + GROWTH["cost"]) ** offset,
            ("03759ned", "bevolking", cbs.VORM_BEVOLKING): youths,
        }
        for (tabel, maat, vorm), values in measures.items():
            national = float(np.round(values.sum(), 0 if maat == "bevolking" else -1))
            if maat == "jeugdigen":
                published = _round5(values)
            elif maat == "bevolking":
                published = values
            else:
                published = np.where(no_costs, np.nan, np.round(values, -3))
            rows[tabel].append(pd.DataFrame({
                "tabel": tabel, "maat": maat, "vorm": vorm, "gemeente_code": [*gemeenten, cbs.NEDERLAND],
                "jaar": year, "waarde": [*published, national], "voorlopig": year == PROVISIONAL}))
    return {code: pd.concat(parts, ignore_index=True)[cbs.COLUMNS] for code, parts in rows.items()}


def parts(gemeenten: list[str], bron: str) -> list[tuple[cbs.Tabel, cbs.Parsed, str]]:
    """What loaders.importer.import_cbs loads: each table with its rows and the example's source line."""
    return [(cbs.TABELLEN[code], cbs.Parsed(frame, [], []), bron) for code, frame in frames(gemeenten).items()]
